"""Self-check for chapter 07, simulation (链仿真): consortium capacity, propagation and forks,
confirmations, selfish mining and consensus at scale.

>>> from ledgerkit.sim.analytic import stale_rate
>>> QUESTIONS[0].judge(stale_rate(12, 600))
True
"""

from ledgerkit.quiz import Reread, number, single

TITLE = ("Simulation", "链仿真")

PROPAGATION = "course/07-simulation/03-propagation-and-forks.ipynb"
CONFIRMATIONS = "course/07-simulation/04-how-many-confirmations.ipynb"
SELFISH = "course/07-simulation/05-selfish-mining.ipynb"
SCALE = "course/07-simulation/06-consensus-at-scale.ipynb"

QUESTIONS = [
    number(
        "q1",
        ("A block needs 12 s to reach the other miners, and blocks come every 600 s on "
         "average. About what share of blocks goes stale (孤块)? Give a share from 0 to 1, to "
         "three decimals.",
         "一个区块需要 12 秒才能传到其他矿工，平均每 600 秒出一个块。大约多大比例的区块会成为"
         "孤块？给出 0 到 1 之间的比例，保留三位小数。"),
        "0.0198",
        ("stale rate ≈ 1 − exp(−d/T) = 1 − exp(−12/600) ≈ 0.0198, about 2% of the blocks.",
         "孤块率 ≈ 1 − exp(−d/T) = 1 − exp(−12/600) ≈ 0.0198，约 2% 的区块。"),
        Reread(PROPAGATION, ("4. Stale rate: simulation against the formula",
                             "4. 陈旧率：仿真与公式对照")),
        tolerance="0.0005",
    ),
    single(
        "q2",
        ("A new block spreads over a network of 1,000 nodes. What does the curve of nodes "
         "reached over time look like?",
         "一个新区块在 1,000 个节点的网络中传播。已收到区块的节点数随时间变化的曲线是什么样的？"),
        [("An S-curve: slow at first, fast once many nodes relay, then a tail of far-away "
          "nodes.",
          "S 形曲线：起初慢，许多节点转发后变快，最后是远方节点的长尾。"),
         ("A straight line: the same number of new nodes every millisecond.",
          "一条直线：每毫秒新增的节点数相同。"),
         ("A single step: every node receives the block at once.",
          "一个台阶：所有节点同时收到区块。"),
         ("Fast at first, then slower and slower from the very start.",
          "一开始最快，然后从头到尾越来越慢。")],
        "A",
        ("The miner uploads to its few peers, then ever more nodes relay; poorly connected "
         "nodes far away come last.",
         "矿工先上传给它的少数邻居，然后越来越多的节点参与转发；连接差、距离远的节点最后收到。"),
        Reread(PROPAGATION, ("2. Watching one block spread",
                             "2. 看一个区块如何扩散")),
    ),
    number(
        "q3",
        ("An attacker holds 10% of the hash power. By the Bitcoin whitepaper, how many "
         "confirmations bring the chance of a successful double spend below 0.1%?",
         "攻击者拥有 10% 的算力。按比特币白皮书，需要多少个确认才能让双花成功的概率低于 0.1%？"),
        5,
        ("blocks_needed(0.1, 0.001) = 5, as in the whitepaper's table; against 45% it takes 340, "
         "and from 50% up no number is enough.",
         "blocks_needed(0.1, 0.001) = 5，与白皮书的表一致；对 45% 的攻击者需要 340 个，"
         "达到 50% 及以上则多少个都不够。"),
        Reread(CONFIRMATIONS, ("2. Reproducing the published tables",
                               "2. 复现公布的数据表")),
    ),
    single(
        "q4",
        ("Why do banks settling large payments use voting consensus such as PBFT rather than "
         "waiting for six confirmations?",
         "为什么银行结算大额支付时采用 PBFT 这类投票共识，而不是等待六个确认？"),
        [("Proof of work is final only in probability; a PBFT commit is final at once "
          "(settlement finality, 结算最终性).",
          "工作量证明只有概率上的最终性；PBFT 一旦提交即刻最终（结算最终性）。"),
         ("Proof of work cannot carry payments above a fixed amount.",
          "工作量证明不能承载超过某一金额的支付。"),
         ("Six confirmations take about a week.", "六个确认大约需要一周。"),
         ("PBFT needs no network at all.", "PBFT 完全不需要网络。")],
        "A",
        ("Six confirmations, about an hour, is a bet on a small attacker: against 30% of the "
         "hash power the odds of being cheated are still about 13%. Payment systems must be "
         "final.",
         "六个确认（约一小时）押注攻击者很小：面对 30% 的算力，被骗的概率仍约为 13%。"
         "支付系统必须具有最终性。"),
        Reread(CONFIRMATIONS, ("4. What \"6 confirmations\" means for a merchant and for a bank",
                               "4. “6 个确认”对商家和对银行意味着什么")),
    ),
    number(
        "q5",
        ("A selfish pool loses every tie (γ = 0). From which share of the hash power does "
         "selfish mining pay? Give a share from 0 to 1.",
         "自私矿池在每次平局中都输（γ = 0）。算力份额从多少起自私挖矿开始有利可图？"
         "给出 0 到 1 之间的比例。"),
        "0.3333",
        ("Selfish mining pays above α = (1 − γ)/(3 − 2γ): 1/3 for γ = 0, 1/4 for γ = 1/2.",
         "自私挖矿在 α > (1 − γ)/(3 − 2γ) 时有利可图：γ = 0 时为 1/3，γ = 1/2 时为 1/4。"),
        Reread(SELFISH, ("2. The closed form",
                         "2. 闭式解")),
        tolerance="0.005",
    ),
    single(
        "q6",
        ("A selfish pool is 2 secret blocks ahead when an honest miner finds a block. What "
         "does the pool do?",
         "自私矿池秘密领先 2 个区块时，一个诚实矿工挖出了一个区块。矿池会怎么做？"),
        [("Publishes both secret blocks: its branch is longer and wins, the honest block goes "
          "stale.",
          "公布两个秘密区块：它的分支更长而胜出，诚实区块成为孤块。"),
         ("Publishes one block and keeps a lead of one.", "公布一个区块，保持领先一个。"),
         ("Gives up and adopts the public chain.", "放弃并采用公开链。"),
         ("Keeps both blocks secret and mines on.", "继续隐藏两个区块并接着挖。")],
        "A",
        ("With a lead of 2 the pool publishes everything and wins outright; with a lead above 2 "
         "it publishes one block and keeps a safe lead.",
         "领先 2 个时矿池公布全部区块直接胜出；领先超过 2 个时只公布一个，保持安全的领先。"),
        Reread(SELFISH, ("1. The strategy",
                         "1. 策略")),
    ),
    number(
        "q7",
        ("How many messages does one PBFT request cost among 10 replicas with no faults, "
         "counting one transmission from one sender to one receiver?",
         "10 个副本、无故障时，一次 PBFT 请求要多少条消息（一个发送方发给一个接收方算一条）？"),
        191,
        ("1 + (n − 1) + (n − 1)² + n(n − 1) + n = 1 + 9 + 81 + 90 + 10 = 191, about 2n².",
         "1 + (n − 1) + (n − 1)² + n(n − 1) + n = 1 + 9 + 81 + 90 + 10 = 191，约为 2n²。"),
        Reread(SCALE, ("1. PBFT: counting every message",
                       "1. PBFT：逐条清点消息")),
    ),
    number(
        "q8",
        ("What is the smallest Raft cluster that keeps working when 2 of its nodes crash?",
         "当 2 个节点宕机时仍能工作的 Raft 集群最少需要多少个节点？"),
        5,
        ("Raft needs a majority running: n = 2f + 1 = 5 survives 2 crashes (3 of 5 is still a "
         "majority).",
         "Raft 需要多数节点在运行：n = 2f + 1 = 5 能承受 2 个宕机（5 个中的 3 个仍是多数）。"),
        Reread(SCALE, ("2. Raft: a leader and its followers",
                       "2. Raft：一个领导者和它的跟随者")),
    ),
]

# Consortium capacity (notebook 02): throughput and latency as validators and load grow.
CAPACITY = "course/07-simulation/02-consortium-capacity.ipynb"

QUESTIONS += [
    number(
        "cap1",
        ("How many PBFT messages does the course's consortium chain send to agree on one "
         "block among 7 validators with no faults (request and replies included)?",
         "课程的联盟链在 7 个共识节点、无故障时，为一个区块达成共识要发送多少条 PBFT 消息"
         "（包括请求和回复）？"),
        92,
        ("2n² − n + 1 = 98 − 7 + 1 = 92: 1 request, 6 pre-prepares, 36 prepares, 42 commits "
         "and 7 replies.",
         "2n² − n + 1 = 98 − 7 + 1 = 92：1 条请求、6 条预准备、36 条准备、42 条提交和 7 条回复。"),
        Reread(CAPACITY, ("3. Counting the messages of a block",
                          "3. 清点一个区块的消息")),
    ),
    single(
        "cap2",
        ("A PBFT consortium grows from 4 to 16 validators, with the same network and block size. "
         "What happens to its throughput, and why?",
         "一个 PBFT 联盟链从 4 个共识节点增加到 16 个，网络和区块大小不变。"
         "它的吞吐量会怎样？为什么？"),
        [("It falls: each block costs about 2n² messages, and about 3n of them go out one "
          "after another on the block's critical path.",
          "下降：每个区块约需 2n² 条消息，其中约 3n 条要在区块的关键路径上依次发出。"),
         ("It rises: more validators share the work of each block.",
          "上升：更多节点分担每个区块的工作。"),
         ("It stays the same: only the number of faults tolerated changes.",
          "不变：变化的只是能容忍的故障节点数。"),
         ("It rises: each validator proposes its own blocks in parallel.",
          "上升：每个节点并行地提出自己的区块。")],
        "A",
        ("More validators buy safety (f = ⌊(n − 1)/3⌋ faults tolerated), not speed: the votes of "
         "a block grow with n², its calls do not.",
         "增加节点换来的是安全性（可容忍 f = ⌊(n − 1)/3⌋ 个故障节点），而不是速度：一个区块的"
         "投票随 n² 增长，区块里的调用数却不变。"),
        Reread(CAPACITY, ("4. Modelled: a latency model with network delays",
                          "4. 模型：考虑网络时延的延迟模型")),
    ),
    single(
        "cap3",
        ("A consortium chain cuts a block when it holds `block_size` calls or after a batch "
         "timeout. Raising the block size from 50 to 500 calls, what changes?",
         "某联盟链在区块攒满 `block_size` 次调用或出块超时后出块。把区块大小从 50 次调用提高到 "
         "500 次，会有什么变化？"),
        [("Capacity rises, but at moderate load a call may wait longer for its block to be cut.",
          "处理能力提高，但在中等负载下，一次调用可能要等更久才能出块。"),
         ("Capacity and latency both improve, with no cost.",
          "处理能力和延迟都改善，没有任何代价。"),
         ("Capacity falls, because bigger blocks need more PBFT messages.",
          "处理能力下降，因为更大的区块需要更多 PBFT 消息。"),
         ("Nothing changes: only the number of validators matters.",
          "没有变化：只有共识节点数才有影响。")],
        "A",
        ("The PBFT messages of a block do not depend on its size, so bigger blocks share them "
         "among more calls; but a call waits until its block is full or the timeout passes.",
         "一个区块的 PBFT 消息数与区块大小无关，所以更大的区块把它们分摊到更多调用上；"
         "但一次调用要等到区块攒满或超时才能出块。"),
        Reread(CAPACITY, ("5. Offered load and the block size trade-off",
                          "5. 提交速率与区块大小的取舍")),
    ),
]

# The supply-chain finance game (供应链金融经营沙盘).
GAME = "course/07-simulation/01-supply-chain-finance-game.ipynb"
QUESTIONS += [
    number(
        "game1",
        ("In the game a tier-3 firm holds a voucher piece of 500,000 yuan on the core "
         "enterprise, due in 60 days. The bank buys claims on the core at 4.0% a year, interest "
         "up front on a 360-day year. How much cash does the firm receive, in yuan to the fen?",
         "游戏中一家三级供应商持有一份对核心企业的凭证，金额 500,000 元，60 天后到期。银行按年利率 "
         "4.0% 买入对核心企业的债权，利息预先扣除，一年按 360 天计。"
         "该企业能拿到多少现金（元，精确到分）？"),
        "496666.67",
        ("interest = 500,000 × 4.0% × 60 / 360 = 3,333.33; cash = 500,000 − 3,333.33 = "
         "496,666.67.",
         "利息 = 500,000 × 4.0% × 60 / 360 = 3,333.33；"
         "到手现金 = 500,000 − 3,333.33 = 496,666.67。"),
        Reread(GAME, ("3. One month, step by step", "3. 逐步走完一个月")),
        tolerance="0.005",
    ),
    single(
        "game2",
        ("Without the shared ledger, why does a tier-3 supplier in the game borrow at the SME "
         "rate rather than the core enterprise's rate?",
         "没有共享账本时，游戏中的三级供应商为什么只能按小微企业利率借钱，而不是按核心企业的利率？"),
        [("Its invoice is owed by a small tier-2 firm, and the bank can check only the core's "
          "confirmed payable to tier 1.",
          "它的应收账款的债务人是小型的二级供应商，而银行只能核实核心企业对一级供应商确认过的应付账款。"),
         ("Tier-3 firms sell less, so banks charge them more per yuan.",
          "三级供应商销售额较小，所以银行每元收费更高。"),
         ("The law forbids banks to factor receivables of tier-3 firms.",
          "法律禁止银行为三级供应商的应收账款做保理。"),
         ("The core enterprise pays tier 3 later than tier 1.",
          "核心企业付给三级供应商的时间比付给一级供应商晚。")],
        "A",
        ("A bank prices the debtor it can check. Without the ledger tier 3's claim is on a small "
         "firm; with it, tier 3 holds a piece of the core's voucher and sells it near 4%.",
         "银行按它能核实的债务人定价。没有共享账本时，三级供应商的债权针对的是小企业；有了共享账本，"
         "它持有的是核心企业凭证的拆分份额，能以约 4% 的利率卖出。"),
        Reread(GAME, ("2. The game and its rules", "2. 游戏及其规则")),
    ),
    single(
        "game3",
        ("With the shared ledger, the core enterprise stops paying. Banks had bought voucher "
         "pieces from suppliers, with recourse. Who finally bears the loss on those pieces?",
         "在有共享账本的世界里，核心企业停止付款。银行曾以有追索权的方式从供应商那里买入凭证份额。"
         "这些份额的损失最终由谁承担？"),
        [("The banks that bought the pieces.", "买入份额的银行。"),
         ("The suppliers who sold the pieces to the banks.", "把份额卖给银行的供应商。"),
         ("The platform that runs the ledger.", "运营共享账本的平台。"),
         ("Nobody: the chain guarantees every voucher.", "没有人：区块链为每张凭证担保。")],
        "B",
        ("With recourse the bank claims the face back from the seller, so the loss flows back "
         "down the chain; without recourse the bank keeps it. The ledger guarantees nothing: a "
         "voucher is as good as the core enterprise.",
         "有追索权时银行向卖方追回面额，损失沿链条回到供应商；无追索权时由银行承担。共享账本不提供"
         "任何担保：凭证的价值取决于核心企业的信用。"),
        Reread(GAME, ("6. Where the risk goes", "6. 风险去了哪里")),
    ),
]
