"""A bilingual glossary of the course (中英文术语表).

Every blockchain and finance term the course uses, in English and Simplified Chinese, with a
one-line meaning in each language. The glossary is plain data, so a notebook can show it as a
table and a learner can search it in either language.

>>> [term.chinese for term in lookup("credit voucher")]
['债权凭证']
>>> [term.english for term in lookup("贴现")][:2]
['discount', 'rediscount']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ledgerkit.i18n import get_language


@dataclass(frozen=True)
class Term:
    """One glossary entry: the English term, the Chinese term and what it means.

    >>> print(Term("hash", "哈希", "A fixed-size fingerprint of any data."))
    hash (哈希): A fixed-size fingerprint of any data.
    """

    english: str
    chinese: str
    meaning: str
    meaning_zh: str = ""
    aliases: tuple[str, ...] = ()  # other names in use, in either language, e.g. 双花

    def __str__(self) -> str:
        return f"{self.english} ({self.chinese}): {self.meaning}"


# The entries stay one compact block each (formatter off), so the data reads like a dictionary.
# fmt: off
# Blockchain basics, roughly in the order module 01 teaches them.
_BLOCKCHAIN = (
    Term("blockchain", "区块链",
         "A chain of blocks, each linked to the one before by its hash, kept by many parties.",
         "由多方共同维护、以哈希前后相连的区块链条。"),
    Term("distributed ledger", "分布式账本",
         "One set of records that many parties hold copies of and keep in agreement.",
         "由多方各自保存副本并保持一致的同一套账目。"),
    Term("decentralisation", "去中心化",
         "No single party controls the records; the participants keep them together.",
         "没有单一机构控制账目，由参与者共同维护。"),
    Term("hash", "哈希",
         "A short fixed-size fingerprint of any data; change one bit and it changes completely.",
         "任意数据的定长“指纹”；数据改动一位，哈希就完全不同。"),
    Term("hash function", "哈希函数",
         "A function such as SHA-256 that turns any data into a hash, fast but one-way.",
         "把任意数据变成哈希的函数（如 SHA-256），计算快但无法反推。"),
    Term("collision resistance", "抗碰撞性",
         "It is practically impossible to find two different inputs with the same hash.",
         "几乎不可能找到两个哈希相同的不同输入。"),
    Term("block", "区块",
         "A batch of transactions plus a header that links it to the previous block.",
         "一批交易加上一个区块头，区块头把它链接到上一个区块。"),
    Term("block header", "区块头",
         "The 80-byte summary of a Bitcoin block: version, previous hash, Merkle root, time, "
         "target and nonce.",
         "比特币区块的 80 字节摘要：版本、前一区块哈希、默克尔根、时间、难度目标和随机数。"),
    Term("genesis block", "创世区块",
         "The first block of a chain; it has no parent.",
         "链上的第一个区块，没有父区块。"),
    Term("nonce", "随机数",
         "A number miners change again and again until the block hash meets the target.",
         "矿工反复修改的数字，直到区块哈希满足难度目标。"),
    Term("timestamp", "时间戳",
         "The time recorded in a block, which fixes when the records existed.",
         "记录在区块中的时间，证明数据在该时刻已经存在。"),
    Term("Merkle tree", "默克尔树",
         "A tree of hashes that sums up all transactions of a block in one root hash.",
         "由哈希组成的树，把一个区块的全部交易汇总成一个根哈希。"),
    Term("Merkle root", "默克尔根",
         "The single hash at the top of a Merkle tree, stored in the block header.",
         "默克尔树顶端的哈希，存放在区块头中。"),
    Term("Merkle proof", "默克尔证明",
         "The few sibling hashes that prove one transaction is in a block without the rest.",
         "少量兄弟哈希，无需其余交易即可证明某笔交易在区块中。"),
    Term("difficulty target", "难度目标",
         "The number a block hash must stay below; a lower target means harder mining.",
         "区块哈希必须低于的数值；目标越低，挖矿越难。"),
    Term("mining", "挖矿",
         "Trying nonce after nonce until a block hash meets the target, to earn the reward.",
         "不断尝试随机数直到区块哈希满足目标，以获得奖励。"),
    Term("miner", "矿工",
         "A node that spends computing power on mining new blocks.",
         "投入算力挖出新区块的节点。"),
    Term("block reward", "出块奖励",
         "New coins paid to the miner of a block in its coinbase transaction, plus the block's "
         "fees; Bitcoin's subsidy halves every 210,000 blocks (3.125 BTC since April 2024).",
         "在区块第一笔（coinbase）交易中支付给出块矿工的新币及该区块的手续费；比特币的新币补贴每 "
         "210,000 个区块减半（2024 年 4 月起为 3.125 BTC）。"),
    Term("halving", "减半",
         "Bitcoin's block subsidy halves every 210,000 blocks (about 4 years), so fewer than "
         "21 million coins will ever exist.",
         "比特币的区块补贴每 210,000 个区块（约 4 年）减半，因此总量永远少于 2100 万枚。"),
    Term("transaction fee", "交易手续费",
         "What a transaction pays the miner or validator who records it: in Bitcoin, inputs "
         "minus outputs.",
         "交易支付给记账矿工或验证者的费用；在比特币中等于输入减去输出。"),
    Term("block interval", "出块间隔",
         "The average time between two blocks, about 10 minutes in Bitcoin.",
         "两个区块之间的平均时间，比特币约为 10 分钟。"),
    Term("consensus", "共识机制",
         "The rules by which independent nodes agree on one order of records.",
         "各自独立的节点就同一份记录顺序达成一致的规则。"),
    Term("Proof of Work (PoW)", "工作量证明",
         "Consensus where the right to add a block is won by solving a costly hash puzzle.",
         "通过求解耗费算力的哈希难题来获得记账权的共识机制。"),
    Term("Proof of Stake (PoS)", "权益证明",
         "Consensus where the right to add a block depends on the coins a validator has staked; "
         "Ethereum has used it since September 2022.",
         "按验证者质押的代币数量分配记账权的共识机制；以太坊自 2022 年 9 月起采用。"),
    Term("validator", "验证者",
         "In proof of stake or a consortium chain, a node that proposes and votes on blocks.",
         "在权益证明或联盟链中提议区块并参与投票的节点。"),
    Term("stake", "质押",
         "Coins a validator locks as a deposit; misbehaviour costs part of it.",
         "验证者锁定作为保证金的代币；作恶会被罚没其中一部分。"),
    Term("slashing", "罚没",
         "Destroying part of a validator's stake when it provably misbehaves, e.g. votes twice.",
         "验证者被证明作恶（例如重复投票）时，销毁其部分质押。"),
    Term("Byzantine fault", "拜占庭故障",
         "A node that fails in any way, including lying or sending different messages to "
         "different peers.",
         "节点以任意方式出错，包括撒谎或向不同节点发送不同消息。"),
    Term("PBFT", "实用拜占庭容错",
         "Practical Byzantine Fault Tolerance: 3f + 1 nodes agree in voting rounds despite f "
         "faulty ones.",
         "实用拜占庭容错算法：3f+1 个节点通过多轮投票达成一致，可容忍 f 个恶意节点。"),
    Term("primary", "主节点",
         "In PBFT, the replica that orders requests in the current view (the leader).",
         "PBFT 中在当前视图内为请求排序的副本（即领导者）。"),
    Term("quorum", "法定人数",
         "The number of matching votes a decision needs, e.g. 2f + 1 of 3f + 1 in PBFT.",
         "作出决定所需的一致票数，例如 PBFT 中 3f+1 个节点里的 2f+1 个。"),
    Term("view change", "视图切换",
         "In PBFT, the vote that replaces a primary node that seems faulty.",
         "PBFT 中更换疑似故障主节点的投票过程。"),
    Term("Raft", "Raft 共识算法",
         "A leader-based consensus that tolerates crashed nodes, not lying ones.",
         "基于领导者的共识算法，能容忍节点宕机，但不能容忍节点作恶。"),
    Term("leader election", "领导者选举",
         "In Raft, the vote that picks the one node that orders all new records.",
         "Raft 中选出唯一负责排序新记录的节点的投票。"),
    Term("finality", "最终性",
         "The point after which a recorded transaction can no longer be reversed.",
         "交易被记录后不可再被撤销的时点。"),
    Term("block confirmations", "区块确认数",
         "How many blocks were added on top of a transaction's block; more means safer.",
         "交易所在区块之后又增加的区块数；越多越安全。"),
    Term("node", "节点",
         "One computer that takes part in a blockchain network.",
         "参与区块链网络的一台计算机。"),
    Term("consensus node", "共识节点",
         "A bookkeeping node that votes on and writes new blocks in a consortium chain.",
         "联盟链中参与投票并写入新区块的记账节点。"),
    Term("observer node", "观察节点",
         "A node that syncs all the data but does not vote on new blocks.",
         "同步全部数据但不参与出块投票的节点。"),
    Term("free node", "游离节点",
         "A node that is connected to the network but holds no ledger data.",
         "已连入网络但不保存账本数据的节点。"),
    Term("peer-to-peer network", "点对点网络",
         "A network where nodes talk to each other directly, with no central server.",
         "节点之间直接通信、没有中心服务器的网络。"),
    Term("fork", "分叉",
         "Two competing blocks on the same parent, so the chain briefly has two branches.",
         "同一父区块上出现两个相互竞争的区块，链暂时分成两支。"),
    Term("longest chain rule", "最长链规则",
         "Nodes follow the branch with the most accumulated work.",
         "节点跟随累计工作量最大的分支。"),
    Term("orphan block", "孤块",
         "A valid block left off the main chain after a fork (also called a stale block).",
         "分叉后被主链抛弃的有效区块（也称陈旧块）。"),
    Term("stale rate", "陈旧率",
         "The share of mined blocks that end up off the main chain; it grows with the time a "
         "block takes to spread compared with the block interval.",
         "挖出后最终没有进入主链的区块所占的比例；区块传播所需时间相对出块间隔越长，它就越高。",
         aliases=("孤块率", "stale block rate")),
    Term("double spending", "双重支付",
         "Spending the same money twice, e.g. by rewriting the chain after being paid.",
         "把同一笔钱花两次，例如收货后改写链上记录。",
         aliases=("double spend", "双花")),
    Term("51% attack", "51% 攻击",
         "An attacker with most of the computing power rewrites recent blocks.",
         "掌握多数算力的攻击者改写最近的区块。"),
    Term("selfish mining", "自私挖矿",
         "A miner hides found blocks to waste others' work and earn more than its share.",
         "矿工隐藏已挖出的区块，让他人白费算力，从而获得超过其份额的收益。"),
    Term("throughput (TPS)", "吞吐量",
         "How many transactions a network records per second.",
         "网络每秒能记录的交易笔数。"),
    Term("transaction", "交易",
         "A signed instruction that changes the ledger, e.g. a payment from A to B.",
         "改变账本的签名指令，例如 A 付款给 B。"),
    Term("UTXO", "未花费交易输出",
         "Unspent transaction output: Bitcoin's way of tracking coins as unspent pieces.",
         "未花费的交易输出：比特币以未花费“零钱”记录币的方式。"),
    Term("account model", "账户模型",
         "Tracking a balance and a counter (nonce) per account, like a bank account (Ethereum); "
         "Bitcoin has no accounts and spends UTXOs instead.",
         "像银行账户一样，为每个账户记录余额和计数器（以太坊）；比特币没有账户，花费的是 UTXO。"),
    Term("public key", "公钥",
         "The half of a key pair that everyone may see and use to check signatures.",
         "密钥对中公开的一半，任何人都可以用它验证签名。"),
    Term("private key", "私钥",
         "The secret half of a key pair, used to sign; whoever holds it controls the account.",
         "密钥对中保密的一半，用于签名；谁持有它谁就控制账户。"),
    Term("digital signature", "数字签名",
         "Proof, made with a private key, that a message came from its owner unchanged.",
         "用私钥生成的证明，表明消息来自其所有者且未被改动。"),
    Term("address", "地址",
         "A short identifier derived from a public key, used to receive payments.",
         "由公钥推导出的简短标识，用于收款。"),
    Term("wallet", "钱包",
         "Software that keeps a user's private keys and signs transactions.",
         "保存用户私钥并签署交易的软件。"),
    Term("salt", "盐值",
         "Random data added before hashing so that a hash cannot be reversed by guessing.",
         "哈希前加入的随机数据，防止通过猜测反推出原文。"),
    Term("keyed hash (HMAC)", "带密钥哈希",
         "A hash computed with a secret key: only key holders can compute or check it.",
         "用秘密密钥计算的哈希：只有持有密钥者才能计算或核对。",
         aliases=("HMAC",)),
    Term("commitment", "承诺",
         "A value that binds you to data without revealing it, e.g. hash(random ‖ data), "
         "opened later.",
         "在不泄露数据的前提下锁定数据的值，例如 hash(随机数 ‖ 数据)，之后再公开验证。"),
    Term("zero-knowledge proof", "零知识证明",
         "Proving a statement is true without revealing the data behind it.",
         "在不泄露背后数据的情况下证明某个陈述为真。"),
    Term("smart contract", "智能合约",
         "A program stored on the chain that every node runs the same way to enforce rules.",
         "存放在链上、每个节点以同样方式执行以落实规则的程序。"),
    Term("oracle", "预言机",
         "A trusted feed that brings outside data, such as prices, onto the chain.",
         "把价格等链外数据可信地写入链上的数据源。"),
    Term("off-chain", "链下",
         "Data or processing kept outside the chain, often with only its hash on chain.",
         "保存在链外的数据或处理，链上通常只存其哈希。"),
    Term("cross-chain", "跨链",
         "Moving data or value between two different blockchains.",
         "在两条不同区块链之间传递数据或价值。"),
    Term("immutability", "不可篡改性",
         "Once recorded, data cannot be changed without everyone noticing.",
         "数据一旦记录，任何改动都会被所有人发现。"),
    Term("traceability", "可追溯性",
         "Every record can be followed back to its origin through the chain's history.",
         "每条记录都能沿链上历史追溯到源头。"),
    Term("public chain", "公有链",
         "A blockchain anyone may join, read and write, such as Bitcoin.",
         "任何人都可以加入、读取和写入的区块链，例如比特币。"),
    Term("private chain", "私有链",
         "A blockchain run by a single organisation for its own use.",
         "由单一机构运营、供其内部使用的区块链。"),
    Term("consortium chain", "联盟链",
         "A blockchain run by a known group of institutions, who decide who may join.",
         "由一组已知机构共同运营、共同决定谁可以加入的区块链。"),
    Term("permissioned blockchain", "许可链",
         "A blockchain where each member needs permission and has defined rights.",
         "成员须经许可才能加入、各自权限明确的区块链。"),
    Term("governance committee", "治理委员会",
         "The members of a consortium chain who vote on membership and settings.",
         "联盟链中就成员准入和配置进行投票的成员。"),
    Term("token", "通证",
         "A unit of value or a right recorded on a chain, such as a point or a share.",
         "记录在链上的价值单位或权利，例如积分或份额。"),
)

# Finance terms, in the order module 02 meets them.
_FINANCE = (
    Term("supply chain finance", "供应链金融",
         "Financing suppliers on the strength of a large buyer's credit and real trades.",
         "依托大型买方信用和真实交易为供应商提供融资。"),
    Term("trade finance", "贸易金融",
         "Bank services that pay for and secure trade between buyers and sellers.",
         "为买卖双方的贸易提供支付和保障的银行服务。"),
    Term("SME", "中小企业",
         "Small and medium-sized enterprise, which often finds it hard to borrow.",
         "中小型企业，常常难以获得贷款。"),
    Term("core enterprise", "核心企业",
         "The large, creditworthy buyer at the centre of a supply chain; the debtor.",
         "供应链中心信用良好的大型买方，是债务人。"),
    Term("tier-1 supplier", "一级供应商",
         "A supplier that sells directly to the core enterprise.",
         "直接向核心企业供货的供应商。"),
    Term("accounts receivable", "应收账款",
         "Money a customer owes for goods or services already delivered.",
         "客户因已交付的商品或服务而欠付的款项。"),
    Term("credit voucher", "债权凭证",
         "A digital promise by a core enterprise to pay an amount on a date; it can be split "
         "and passed on.",
         "核心企业承诺到期付款的数字凭证，可拆分、可流转。"),
    Term("credit line", "授信",
         "The most a bank agrees to lend to or guarantee for a customer.",
         "银行同意向客户提供的最高融资或担保额度。"),
    Term("issuance", "签发",
         "Creating a voucher or bill and giving it to its first holder.",
         "创设凭证或票据并交给第一位持有人。"),
    Term("confirmation", "确权",
         "The debtor confirms the trade and its debt, so the claim can be relied upon.",
         "债务人确认交易和债务，使债权可以被信赖。"),
    Term("split", "拆分",
         "Dividing a voucher into smaller pieces that add up exactly to the original.",
         "把凭证分成若干小份，各份之和恰好等于原凭证。"),
    Term("transfer", "流转",
         "Passing a voucher or a piece of it to the next holder, e.g. to pay a supplier.",
         "把凭证或其一部分转给下一位持有人，例如用来支付供应商。"),
    Term("financing", "融资",
         "Getting money now against a future payment, e.g. from a bank.",
         "以未来的收款为依据，现在从银行等处获得资金。"),
    Term("maturity date", "到期日",
         "The day on which a voucher, bill or loan must be paid.",
         "凭证、票据或贷款应当付款的日子。"),
    Term("settlement", "结算",
         "Paying what is owed so the obligation ends.",
         "支付欠款，使债务了结。"),
    Term("clearing", "清算",
         "Working out who owes what to whom before settlement.",
         "在结算之前算清各方之间的应付应收。"),
    Term("recourse", "追索权",
         "The right of a financier to claim back from earlier holders if the debtor fails to pay.",
         "债务人不付款时，融资方向前手持有人追偿的权利。"),
    Term("without recourse", "无追索权",
         "Financing where the financier bears the loss if the debtor does not pay.",
         "债务人不付款时由融资方承担损失的融资方式。"),
    Term("commercial bill", "商业汇票",
         "An order by a drawer to pay a sum on a date, accepted by a bank or a company.",
         "出票人签发、由银行或企业承兑、到期付款的票据。"),
    Term("digital bill", "数字票据",
         "A commercial bill recorded and traded on a chain instead of on paper.",
         "记录和交易在链上、而非纸面上的商业汇票。"),
    Term("drawer", "出票人",
         "The party that writes (issues) a bill.",
         "签发票据的一方。"),
    Term("payee", "收款人",
         "The party a bill or payment is made out to.",
         "票据或款项的接收方。"),
    Term("acceptance", "承兑",
         "The payer's signed promise on a bill to pay it at maturity.",
         "付款人在票据上签章承诺到期付款。"),
    Term("acceptor", "承兑人",
         "The bank or company that accepted a bill and must pay it.",
         "承兑了票据、必须到期付款的银行或企业。"),
    Term("bank acceptance bill", "银行承兑汇票",
         "A commercial bill accepted by a bank, so the bank's credit stands behind it.",
         "由银行承兑的商业汇票，以银行信用作保障。"),
    Term("commercial acceptance bill", "商业承兑汇票",
         "A commercial bill accepted by a company rather than a bank.",
         "由企业而非银行承兑的商业汇票。"),
    Term("endorsement", "背书",
         "The holder signs a bill over to the next holder; endorsements must be continuous.",
         "持票人签章把票据转让给下一位持有人；背书必须连续。"),
    Term("discount", "贴现",
         "Selling an unmatured bill to a bank for face value minus interest; the bank keeps "
         "recourse against prior endorsers (票据法 Arts. 68, 70). A bill term only.",
         "在到期前把票据转让给银行，获得面值减去利息的款项；银行对前手保留追索权（票据法第 68、70 "
         "条）。这是票据专用术语。"),
    Term("rediscount", "再贴现",
         "The central bank (the PBoC) buying discounted bills from a financial institution.",
         "中央银行（中国人民银行）从金融机构买入已贴现的票据。"),
    Term("transfer discount", "转贴现",
         "One financial institution selling a discounted bill on to another; not to the "
         "central bank.",
         "一家金融机构把已贴现的票据卖给另一家金融机构；不是卖给中央银行。"),
    Term("discount rate", "贴现率",
         "The yearly interest rate used to work out the discount interest.",
         "用于计算贴现利息的年利率。"),
    Term("presentment for payment", "提示付款",
         "The holder asks the acceptor to pay the bill, within 10 days after maturity.",
         "持票人在到期日起 10 日内请求承兑人付款。"),
    Term("late presentment", "逾期提示付款",
         "Presenting after the window, with an explanation: the acceptor still owes, but the "
         "holder loses recourse against prior endorsers.",
         "超过提示付款期后提示付款并作出说明：承兑人仍须付款，但持票人丧失对前手的追索权。"),
    Term("recourse amount", "追索金额",
         "What a recourse claim on a bill covers: face value, interest from maturity to payment, "
         "and the costs of notices (票据法 Art. 70).",
         "票据追索可请求的金额：票面金额、到期日至清偿日的利息及取得证明和发出通知的费用（票据法"
         "第 70 条）。"),
    Term("Shanghai Commercial Paper Exchange", "上海票据交易所",
         "China's central bill market (票交所), founded December 2016; it runs ECDS.",
         "全国统一的票据交易平台（票交所），2016 年 12 月成立，运营电子商业汇票系统。",
         aliases=("票交所", "SHCPE")),
    Term("ECDS", "电子商业汇票系统",
         "The electronic commercial draft system, live since 2009, where e-bills are issued, "
         "endorsed and paid.",
         "2009 年上线的电子商业汇票系统，电子票据在其中签发、背书和付款。"),
    Term("bill sub-range", "子票区间",
         "A slice of a new-generation bill, counted in 0.01-yuan units, that moves as a whole.",
         "新一代票据按 0.01 元单位划分的区间，作为整体转让。"),
    Term("selling a bill twice", "一票多卖",
         "Fraud where the same bill is sold to more than one buyer.",
         "同一张票据被卖给多个买方的欺诈行为。"),
    Term("delivery versus payment (DvP)", "券款对付",
         "The asset and the cash change hands together or not at all.",
         "资产与资金同时交割，要么都完成，要么都不完成。",
         aliases=("货银对付",)),  # the Securities Law's word for it (证券法 Art. 158)
    Term("letter of credit", "信用证",
         "A bank's promise to pay the seller when documents that match the terms are presented.",
         "银行承诺在卖方提交相符单据时付款的凭证。"),
    Term("issuing bank", "开证行",
         "The buyer's bank, which issues the letter of credit and promises to pay.",
         "买方的银行，开立信用证并承诺付款。"),
    Term("advising bank", "通知行",
         "The seller's bank, which checks and passes on the letter of credit.",
         "卖方的银行，核验并通知信用证。"),
    Term("beneficiary", "受益人",
         "The party that is to be paid under a letter of credit or guarantee.",
         "信用证或保函项下有权收款的一方。"),
    Term("presentation of documents", "交单",
         "The seller hands in shipping and trade documents to claim payment.",
         "卖方提交运输和贸易单据以请求付款。"),
    Term("factoring", "保理",
         "A seller assigns its receivables to a bank or factor, which advances most of their "
         "value and collects or manages them (民法典 Art. 761).",
         "卖方将应收账款转让给银行或保理商，后者预付大部分款项并负责催收或管理"
         "（民法典第 761 条）。"),
    Term("factoring with recourse", "有追索权保理",
         "If the debtor does not pay, the factor can claim the advance back from the seller.",
         "债务人不付款时，保理商可向卖方追回预付款。"),
    Term("factoring without recourse", "无追索权保理",
         "The factor bears the debtor's credit risk; it cannot claim the advance back from the "
         "seller.",
         "保理商承担债务人的信用风险，不能向卖方追回预付款。"),
    Term("disclosed factoring", "明保理",
         "The debtor is notified of the assignment and pays the factor.",
         "应收账款转让通知债务人，由债务人向保理商付款。"),
    Term("undisclosed factoring", "暗保理",
         "The debtor is not told of the assignment and keeps paying the seller.",
         "不通知债务人，债务人仍向卖方付款。"),
    Term("forward factoring", "正向保理",
         "Factoring started by the supplier, who sells its receivables.",
         "由供应商（卖方）发起、转让其应收账款的保理。"),
    Term("reverse factoring", "反向保理",
         "Factoring arranged by the large buyer for its suppliers, on the buyer's credit.",
         "由大型买方（核心企业）为其供应商安排、依托买方信用的保理。"),
    Term("assignment of receivables", "应收账款转让",
         "Transferring the right to collect a receivable; effective against the debtor once "
         "notified (民法典 Art. 546).",
         "转让收取应收账款的权利；通知债务人后对其发生效力（民法典第 546 条）。"),
    Term("receivables registry", "动产融资统一登记公示系统",
         "中登网, the PBoC Credit Reference Center's public registry of receivables pledges, "
         "transfers and factoring.",
         "中登网，人民银行征信中心的公示系统，登记应收账款质押、转让和保理。",
         aliases=("中登网",)),
    Term("forfaiting", "福费廷",
         "A bank buys an unmatured, bank-confirmed receivable without recourse.",
         "银行无追索权地买入经银行确认的未到期应收款。"),
    Term("letter of guarantee", "保函",
         "A bank's promise to pay the beneficiary if its client fails to perform.",
         "银行承诺在其客户未履约时向受益人付款。"),
    Term("duplicate financing", "重复融资",
         "Borrowing against the same receivable at more than one financier.",
         "用同一笔应收账款向多家机构融资。"),
    Term("ABS (asset-backed securitisation)", "资产证券化",
         "Pooling loans or receivables and selling securities paid from their cash flows.",
         "把贷款或应收款打包，发行以其现金流偿付的证券。"),
    Term("underlying assets", "基础资产",
         "The loans or receivables whose cash flows pay an ABS.",
         "其现金流用于偿付资产证券化产品的贷款或应收款。"),
    Term("senior tranche", "优先级",
         "The slice of an ABS that is paid first and so carries the least risk.",
         "资产证券化中最先获得偿付、风险最低的部分。"),
    Term("mezzanine tranche", "夹层",
         "The slice of an ABS paid after the senior and before the subordinated tranche.",
         "资产证券化中在优先级之后、次级之前获得偿付的部分。"),
    Term("subordinated tranche", "次级",
         "The slice of an ABS that is paid last and absorbs losses first.",
         "资产证券化中最后获得偿付、最先承担损失的部分。"),
    Term("payment waterfall", "现金流分配顺序",
         "The fixed order in which collections pay each tranche's interest and principal.",
         "回收款依次支付各档利息和本金的固定顺序。"),
    Term("regulator", "监管机构",
         "An authority that supervises financial institutions: in China NFRA for banks and "
         "insurers, CSRC for securities, the PBoC for payments, credit reporting and AML.",
         "监督金融机构的主管部门：在中国，银行和保险由国家金融监督管理总局监管，证券由证监会监管，"
         "支付、征信和反洗钱由中国人民银行监管。"),
    Term("National Financial Regulatory Administration (NFRA)", "国家金融监督管理总局",
         "China's supervisor of banks and insurers since May 2023, after CBRC (2003) and CBIRC "
         "(2018).",
         "自 2023 年 5 月起监管银行和保险机构，前身为银监会（2003）和银保监会（2018）。",
         aliases=("NFRA",)),
    Term("see-through supervision", "穿透式监管",
         "The regulator sees every layer of a deal, down to the underlying asset and parties.",
         "监管者能看清交易的每一层，直到底层资产和最终参与方。"),
    Term("central bank", "中央银行",
         "Issues the currency and runs monetary policy, payments, credit reporting and AML (the "
         "PBoC); bank supervision left it in 2003 and lies with NFRA today.",
         "发行货币，负责货币政策、支付、征信和反洗钱（中国人民银行）；银行监管 2003 年起分离，"
         "现由国家金融监督管理总局负责。"),
    Term("credit reporting", "征信",
         "Collecting and sharing records of how borrowers repay, to judge credit risk.",
         "收集和共享借款人的还款记录，用于判断信用风险。"),
    Term("credit blacklist", "征信黑名单",
         "A shared list of borrowers who defaulted; sharing it is credit reporting, and entries "
         "stay 5 years after the bad behaviour ends.",
         "违约借款人的共享名单；共享即属征信业务，不良信息自不良行为终止起保存 5 年。"),
    Term("credit-reporting licence", "征信业务许可",
         "PBoC approval needed to run personal credit reporting (征信业管理条例, 2013).",
         "经营个人征信业务须取得的中国人民银行许可（征信业管理条例，2013）。"),
    Term("de-identification", "去标识化",
         "Processing so data no longer names a person without extra information, e.g. a salted "
         "hash; still personal information (PIPL Art. 73).",
         "使数据在不借助额外信息时无法识别特定个人，例如加盐哈希；仍属个人信息（个人信息保护法"
         "第 73 条）。"),
    Term("anonymisation", "匿名化",
         "Processing so no one can be identified and it cannot be undone; anonymised data is no "
         "longer personal information (PIPL Arts. 4, 73).",
         "处理后无法识别特定个人且不能复原；匿名化信息不再是个人信息"
         "（个人信息保护法第 4、73 条）。"),
    Term("credit risk", "信用风险",
         "The risk that a debtor does not pay in full or on time.",
         "债务人不能足额或按时付款的风险。"),
    Term("know your customer (KYC)", "了解你的客户",
         "Checking who a customer really is before doing business with them.",
         "开展业务前核实客户的真实身份。"),
    Term("anti-money laundering (AML)", "反洗钱",
         "Rules and checks that stop criminal money entering the financial system.",
         "防止犯罪资金进入金融体系的规则和检查。"),
    Term("customer due diligence (CDD)", "客户尽职调查",
         "Identifying a customer, verifying the identity and understanding the business, to a "
         "depth that fits the risk; each bank's own duty under the AML law.",
         "识别客户、核实身份并了解其业务，深度与风险相适应；是每家金融机构依反洗钱法承担的自身义务。"),
    Term("separate consent", "单独同意",
         "Consent given specifically for one processing, e.g. providing personal information "
         "to another handler (PIPL Art. 23); it can be withdrawn (Art. 15).",
         "专门针对某一项处理作出的同意，例如向其他处理者提供个人信息（个人信息保护法第 23 条）；"
         "可以撤回（第 15 条）。"),
    Term("layering", "分层",
         "Moving illicit money through many accounts and hops so its origin is hard to trace.",
         "让非法资金在多个账户间多次转移，使其来源难以追查。"),
    Term("structuring", "拆分交易",
         "Splitting money into amounts just under a reporting threshold to avoid a report.",
         "把资金拆成略低于报告标准的多笔，以逃避报告。"),
    Term("round-tripping", "资金回流",
         "Money that leaves an account and returns to it through other accounts (a cycle).",
         "资金从某账户转出，经其他账户后又回到该账户（形成环路）。"),
    Term("large-value transaction report", "大额交易报告",
         "A report a bank files for transactions at or above a set amount, e.g. cash of 50,000 "
         "yuan or more in a day (PBoC order 2016 No. 3, Art. 5).",
         "金融机构对达到规定金额的交易提交的报告，例如当日现金收支 5 万元以上"
         "（中国人民银行令〔2016〕第3号第五条）。"),
    Term("suspicious transaction report", "可疑交易报告",
         "A report a bank files whenever it has reasonable grounds to suspect money laundering, "
         "whatever the amount.",
         "金融机构有合理理由怀疑涉嫌洗钱时提交的报告，不论金额大小。"),
    Term("reconciliation", "对账",
         "Comparing two sets of records and explaining every difference.",
         "比对两套记录并解释每一处差异。"),
    Term("netting", "轧差",
         "Offsetting what two parties owe each other so only the difference is paid.",
         "把双方互相的欠款相互抵消，只支付差额。"),
    Term("loyalty points alliance", "积分联盟",
         "Merchants who let customers convert and spend points across one another.",
         "允许顾客在彼此之间兑换和使用积分的商户联盟。"),
    Term("digital RMB (e-CNY)", "数字人民币",
         "China's central-bank digital currency, issued by the People's Bank of China.",
         "中国人民银行发行的法定数字货币。"),
    Term("transaction latency", "交易延迟",
         "Time from submitting a transaction until it is committed and usable across the "
         "network (Hyperledger Performance and Scale Working Group).",
         "从提交交易到交易被提交上链、在全网可用所经历的时间（Hyperledger 性能与扩展工作组）。",
         aliases=("latency", "延迟", "确认时延")),
    Term("offered load", "提交速率",
         "How many transactions a second the clients send to a network, whether or not it "
         "keeps up.",
         "客户端每秒向网络发送的交易数，不论网络能否跟得上。",
         aliases=("send rate", "负载")),
    Term("block size", "区块大小",
         "How many transactions (or bytes) one block may hold; a consortium chain sets it, "
         "together with a batch timeout (出块超时) after which a block is cut anyway.",
         "一个区块最多容纳的交易数（或字节数）；联盟链会设定它，并配合出块超时（batch "
         "timeout）：超时后即使未满也出块。",
         aliases=("batch size", "出块超时", "batch timeout")),
    Term("saturation", "饱和",
         "The state of a network offered more than it can commit: the queue and the latency "
         "grow without end.",
         "提交速率超过网络处理能力的状态：排队的交易和延迟会无限增长。"),
    Term("payment term", "账期",
         "The days a buyer may wait after delivery before it must pay its supplier.",
         "买方在收货后可以延后付款给供应商的天数。"),
    Term("days-to-cash", "回款天数",
         "Days from a sale until its money is in the seller's account, paid or financed.",
         "从销售到款项进入卖方账户（被付款或融资）所经过的天数。"),
    Term("business simulation game", "经营沙盘",
         "A game in which learners run firms period by period and see the results of their "
         "decisions.",
         "学习者逐期经营企业、观察自身决策后果的模拟游戏。", ("沙盘模拟",)),
    Term("export customs declaration", "出口报关单",
         "The exporter's declaration of the goods to customs; proof that a shipment left.",
         "出口企业向海关申报货物的单证，证明货物确已出口。"),
    Term("export receivables financing", "出口应收账款融资",
         "A bank loan to an exporter against what a foreign buyer owes for shipped goods.",
         "银行以境外买方对已出运货物的欠款为依托，向出口企业发放的融资。"),
    Term("correspondent bank", "代理行",
         "A bank that holds accounts for other banks and passes their cross-border payments on.",
         "为其他银行开立账户并代为转汇跨境支付的银行。"),
    Term("cut-off time", "截止时间",
         "The latest time of day a bank still processes a payment the same day.",
         "银行当日仍受理支付的最晚时点，晚于此时点顺延到下一个工作日。"),
    Term("payment versus payment (PvP)", "同步交收",
         "In a currency exchange, both currency legs settle together or neither does.",
         "货币兑换中两种货币的交收同时完成，要么都完成，要么都不完成。"),
    Term("multi-CBDC bridge", "多边央行数字货币桥",
         "One shared ledger on which several central banks' digital currencies are paid and "
         "exchanged.", "多家央行的数字货币在同一共享账本上支付和兑换的平台。",
         aliases=("mBridge", "货币桥")),
    Term("bill of lading", "提单",
         "A transport document for goods; where the law makes it a document of title, its "
         "holder may claim the goods.", "货物运输单证；在法律赋予其物权凭证效力时，持有人可凭"
         "单提货。"),
    Term("penetrating payment", "穿透式拨付",
         "Paying public money straight from the budget to the end payee of an approved contract.",
         "把财政资金从预算直接拨付给已审批合同的最终收款人。"),
    Term("general contractor", "施工总承包单位",
         "The firm that contracts with the project owner for the whole works and sub-lets parts.",
         "与建设单位签订整个工程合同、并把部分工程分包出去的企业。"),
    Term("dedicated wage account", "农民工工资专用账户",
         "A bank account of the general contractor used only to pay the project's workers.",
         "施工总承包单位开设、专门用于支付本项目农民工工资的银行账户。"),
    Term("evidence deposit", "存证",
         "Recording a file's fingerprint with a trusted time so it can be proved unchanged later.",
         "把文件的哈希值连同可信时间记录下来，以便日后证明文件未被改动。"),
    Term("anchoring", "锚定",
         "Writing the Merkle root of a batch of fingerprints on a chain in one transaction.",
         "把一批哈希值的默克尔根用一笔交易写到链上。"),
    Term("trusted timestamp", "可信时间戳",
         "A signed statement from a time authority that some data existed at a given moment.",
         "由时间机构签发、证明某数据在某一时刻已经存在的电子凭证。"),
    Term("claim settlement", "理赔",
         "The insurer checks a claim, decides how much it owes and pays it.",
         "保险人审核赔偿请求、核定应赔金额并支付的过程。"),
    Term("deductible", "免赔额",
         "The part of a loss the insured bears alone before the insurer pays (often per year).",
         "保险人赔付前由被保险人自行承担的损失部分（常按年计算）。"),
    Term("sum insured", "保额",
         "The most an insurer pays under a policy.", "保险人在一份保单下最多赔付的金额。",
         aliases=("cover",)),
    Term("reinsurance", "再保险",
         "An insurer passes part of its risk to another insurer, the reinsurer (分保).",
         "保险人将其承担的部分风险以分保形式转移给另一家保险人（再保险人）。"),
    Term("quota share", "成数分保",
         "Reinsurance in which the reinsurer takes a fixed share of every risk and claim.",
         "再保险人按固定比例分担每一笔业务及其赔款的再保险方式。"),
    Term("sensitive personal information", "敏感个人信息",
         "Data such as medical, biometric or financial-account data whose leak easily harms a "
         "person; processing needs a specific purpose, necessity and strict protection.",
         "一旦泄露或被非法使用容易危害个人的信息，如医疗健康、生物识别、金融账户信息；处理须有"
         "特定目的、充分必要性和严格保护措施。"),
    Term("settlement cycle", "结算周期",
         "Business days from the trade day T to settlement: T+1 in the US, T+2 in the EU.",
         "从成交日 T 到完成交收的营业日数：美国为 T+1，欧盟为 T+2。"),
    Term("central counterparty (CCP)", "中央对手方",
         "A clearing house that becomes buyer to every seller and seller to every buyer.",
         "成为每个卖方的买方、每个买方的卖方的清算机构。"),
    Term("replacement cost", "重置成本",
         "What the surviving side loses replacing a defaulted trade at the current price.",
         "对方违约后，守约方按当前价格重新成交所遭受的损失。"),
    Term("prefunding", "预存券款",
         "Holding the cash and securities in place before a trade, so it can settle at once.",
         "交易前就备好资金和证券，使交易能够即时交收。"),
)
# fmt: on

TOPICS = ("blockchain", "finance")


def terms(topic: str | None = None) -> list[Term]:
    """Every glossary term, or only those of one topic ("blockchain" or "finance").

    >>> len(terms()) >= 70
    True
    >>> terms("finance")[0].english
    'supply chain finance'
    """
    if topic is None:
        return list(_BLOCKCHAIN + _FINANCE)
    if topic == "blockchain":
        return list(_BLOCKCHAIN)
    if topic == "finance":
        return list(_FINANCE)
    raise ValueError(f"topic must be one of {TOPICS} or None; got {topic!r}")


def lookup(word: str) -> list[Term]:
    """Terms whose English or Chinese name, or one of their aliases, contains `word` (any
    letter case).

    >>> [term.english for term in lookup("Observer")]
    ['observer node']
    >>> [term.english for term in lookup("保理")][:2]
    ['factoring', 'factoring with recourse']
    >>> [term.chinese for term in lookup("双花")]
    ['双重支付']
    """
    wanted = word.strip().casefold()
    if not wanted:
        return []
    return [
        term
        for term in terms()
        if any(wanted in name.casefold() for name in (term.english, term.chinese, *term.aliases))
    ]


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table from a header and rows, ready for IPython's `Markdown` display.

    >>> print(markdown_table(["a", "b"], [[1, 2]]))
    | a | b |
    | --- | --- |
    | 1 | 2 |
    """

    def line(cells: Sequence[object]) -> str:
        # A "|" inside a cell would start a new column, so escape it.
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    lines = [line(header), line(["---"] * len(header))]
    lines.extend(line(row) for row in rows)
    return "\n".join(lines)


def as_markdown_table(entries: Iterable[Term], lang: str | None = None) -> str:
    """The terms as a Markdown table; the meaning is in `lang` (default: current language).

    >>> print(as_markdown_table(lookup("netting"), lang="en"))
    | English | 中文 | Meaning |
    | --- | --- | --- |
    | netting | 轧差 | Offsetting what two parties owe each other so only the difference is paid. |
    """
    chinese = (lang or get_language()) == "zh"
    header = ["English", "中文", "释义" if chinese else "Meaning"]
    rows = [
        [term.english, term.chinese, (term.meaning_zh or term.meaning) if chinese else term.meaning]
        for term in entries
    ]
    return markdown_table(header, rows)
