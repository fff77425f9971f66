"""Self-check for chapter 01, basics (链基础): hashes, signatures, blocks, Merkle trees,
consensus and consortium chains.

>>> len(QUESTIONS), QUESTIONS[0].kind
(8, 'single')
"""

from ledgerkit.quiz import Reread, multiple, number, single

TITLE = ("Basics", "链基础")

HASHING = "course/01-basics/01-hashing.ipynb"
KEYS = "course/01-basics/02-keys-and-signatures.ipynb"
MINING = "course/01-basics/03-blocks-and-mining.ipynb"
MERKLE = "course/01-basics/04-merkle-trees-and-transactions.ipynb"
CONSENSUS = "course/01-basics/05-consensus-node-voting.ipynb"
CONTRACTS = "course/01-basics/06-smart-contracts-and-consortium-chains.ipynb"

QUESTIONS = [
    single(
        "q1",
        ("You change one character of a payment order, 100 becomes 101. What happens to its "
         "SHA-256 hash?",
         "把一张付款指令里的一个字符从 100 改成 101，它的 SHA-256 哈希会怎样？"),
        [("Only its last few digits change.", "只有最后几位变化。"),
         ("About half of its 256 bits flip: it looks completely different.",
          "256 个比特中约一半翻转：看起来完全不同。"),
         ("Nothing: one character is too small a change.", "不变：一个字符的改动太小。"),
         ("It grows by one byte.", "它变长一个字节。")],
        "B",
        ("The avalanche effect (雪崩效应): any change gives a fresh, unpredictable hash, so a "
         "hash cannot be steered, only tried.",
         "雪崩效应：任何改动都会得到一个全新的、不可预测的哈希，所以哈希无法被“调”出来，"
         "只能一次次去试。"),
        Reread(HASHING, ("2. The avalanche effect (雪崩效应)",
                         "2. 雪崩效应")),
    ),
    multiple(
        "q2",
        ("Alice's signature on a payment order verifies with her public key. What does that "
         "prove? Pick every true statement.",
         "Alice 对一张付款指令的签名能用她的公钥验证通过。这证明了什么？选出所有正确的说法。"),
        [("The order comes from the holder of Alice's private key.",
          "这张指令来自 Alice 私钥的持有者。"),
         ("Not one byte of the order changed since it was signed.",
          "签名后，指令没有被改动过一个字节。"),
         ("The order was encrypted, so nobody else could read it.",
          "指令被加密了，别人读不到。"),
         ("Alice's account holds enough money to pay.", "Alice 的账户里有足够的钱来支付。")],
        "AB",
        ("A signature proves authenticity and integrity (完整性), hence non-repudiation. It "
         "hides nothing, and the balance is the ledger's business, not the signature's.",
         "签名证明真实性和完整性，因而不可否认。它并不隐藏内容；余额够不够由账本检查，"
         "而不是签名。"),
        Reread(KEYS, ("2. Sign and verify",
                      "2. 签名与验证")),
    ),
    number(
        "q3",
        ("A teaching chain asks for 12 leading zero bits. On average, how many hashes must a "
         "miner try to find a block?",
         "一条教学链要求 12 个前导零比特。矿工平均要尝试多少次哈希才能找到一个区块？"),
        4096,
        ("Each required zero bit halves the chance that a hash qualifies, so 12 bits take "
         "2 ** 12 = 4,096 tries on average.",
         "每多要求一个零比特，哈希合格的概率就减半，所以 12 位平均需要 2 ** 12 = 4,096 次尝试。"),
        Reread(MINING, ("2. Targets and bits",
                        "2. 目标值与 bits")),
    ),
    number(
        "q4",
        ("A chain has blocks 0 to 9. Someone edits block 3. How many blocks must they re-mine "
         "to make their copy valid again?",
         "一条链有第 0 到第 9 号区块。有人修改了第 3 号区块。要让他的副本重新有效，"
         "需要重新挖多少个区块？"),
        7,
        ("Block 3 itself and every block after it, 3 to 9: seven blocks, because each block "
         "stores its parent's hash.",
         "第 3 号区块本身及其后的每个区块，即第 3 到第 9 号：共 7 个，因为每个区块都记录着父区块的"
         "哈希。"),
        Reread(MINING, ("4. A chain, and an attempt to rewrite it",
                        "4. 一条链，以及一次改写它的企图")),
    ),
    number(
        "q5",
        ("How many hashes does a Merkle proof (默克尔证明) hold for one transaction in a block "
         "of 100 transactions?",
         "在一个有 100 笔交易的区块里，证明其中一笔交易的默克尔证明包含多少个哈希？"),
        7,
        ("One sibling hash a level: 100 → 50 → 25 → 13 → 7 → 4 → 2 → 1 is seven levels, "
         "about log₂(100).",
         "每层一个兄弟哈希：100 → 50 → 25 → 13 → 7 → 4 → 2 → 1 共七层，约为 log₂(100)。"),
        Reread(MERKLE, ("2. Merkle proofs: show one payment, not the whole block",
                        "2. 默克尔证明：只出示一笔付款，而不是整个区块")),
    ),
    single(
        "q6",
        ("In Bitcoin, what stops Alice from spending the same coins twice?",
         "在比特币中，是什么阻止 Alice 把同一笔币花两次？"),
        [("Each transaction carries Alice's account nonce, and a used nonce is refused.",
          "每笔交易都带有 Alice 的账户序号，用过的序号会被拒绝。"),
         ("Each transaction spends specific unspent outputs, and an output can be spent only "
          "once: a second spend finds it gone from the UTXO set.",
          "每笔交易花费的是特定的未花费输出，一个输出只能花一次：第二次花费时它已不在 UTXO "
          "集合中。"),
         ("Her signature can be used only once.", "她的签名只能使用一次。"),
         ("A bank checks Alice's balance before each payment.",
          "每次付款前由银行检查 Alice 的余额。")],
        "B",
        ("Bitcoin has no accounts and no account nonce: coins are unspent transaction outputs "
         "(UTXO), and spending one removes it. The account nonce is the defence of "
         "account-model chains such as Ethereum (and our teaching chain).",
         "比特币没有账户，也没有账户序号：币就是未花费交易输出（UTXO），花掉一个就把它移除。"
         "账户序号是以太坊等账户模型链（以及本课程的教学链）的防线。"),
        Reread(MERKLE, ("5. Bitcoin's way: unspent transaction outputs (UTXO, 未花费交易输出)",
                        "5. 比特币的做法：未花费交易输出（UTXO）")),
    ),
    number(
        "q7",
        ("Thirteen banks run PBFT, one replica each. At most how many faulty replicas, crashed "
         "or lying, can the network tolerate?",
         "十三家银行运行 PBFT，每家一个副本。网络最多能容忍多少个故障副本（宕机或说谎）？"),
        4,
        ("PBFT needs n ≥ 3f + 1, so f = ⌊(13 − 1)/3⌋ = 4, with quorums of 2f + 1 = 9.",
         "PBFT 要求 n ≥ 3f + 1，所以 f = ⌊(13 − 1)/3⌋ = 4，法定人数为 2f + 1 = 9。"),
        Reread(CONSENSUS, ("3.1 Why n ≥ 3f + 1",
                           "3.1 为什么要求 n ≥ 3f + 1")),
    ),
    single(
        "q8",
        ("On a consortium chain's committee River Bank weighs 2, Harbour Bank and East Bank 1 "
         "each. River Bank alone votes yes on a motion. Does it pass?",
         "某联盟链委员会中，河湾银行权重为 2，港湾银行和东方银行各为 1。"
         "只有河湾银行对一项议案投了赞成票。议案通过了吗？"),
        [("Yes: River Bank has the most weight.", "通过：河湾银行权重最大。"),
         ("No: 2 of 4 is exactly one half, and a motion needs more than one half.",
          "不通过：2/4 恰好是一半，而议案需要超过一半。"),
         ("Yes: half of the weight is enough.", "通过：一半的权重就够了。"),
         ("No: every member must vote yes.", "不通过：必须全体成员赞成。")],
        "B",
        ("A motion passes when approving weight ÷ total weight > 0.5. Weight counts, not heads, "
         "and exactly one half is not more than one half.",
         "赞成权重 ÷ 总权重 > 0.5 时议案才通过。算的是权重而不是人数，恰好一半并不超过一半。"),
        Reread(CONTRACTS, ("5. Governance: the committee votes a new bank in",
                           "5. 治理：治理委员会投票接纳一家新银行")),
    ),
]
