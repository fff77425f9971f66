"""Self-check for chapter 03, design (链设计): does a scenario need a blockchain, and how to
design a consortium chain.

>>> QUESTIONS[1].judge(24 / 7), QUESTIONS[1].judge(3.5)
(True, False)
"""

from ledgerkit.quiz import Reread, multiple, number, single

TITLE = ("Design", "链设计")

NEED = "course/03-design/01-does-it-need-a-blockchain.ipynb"
DESIGN = "course/03-design/02-design-a-consortium-chain.ipynb"

QUESTIONS = [
    single(
        "q1",
        ("The course scores a scenario from 1 to 5 on five factors (五要素). What does a high "
         "score on a factor mean?",
         "课程按五要素给场景打 1 到 5 分。某个要素得分高意味着什么？"),
        [("It always points towards a blockchain; that is why trust is scored as a trust gap.",
          "总是指向区块链；所以“互信”按“互信不足”打分。"),
         ("The parties trust each other well.", "各方彼此非常信任。"),
         ("The scenario is too risky for any system.", "这个场景风险太大，什么系统都不适合。"),
         ("A database is enough.", "数据库就够了。")],
        "A",
        ("On every factor a higher score points towards a chain, so mutual trust is scored as "
         "its lack: the less the parties trust each other to keep the record, the higher.",
         "每个要素都是分数越高越倾向区块链，所以互信按“互信不足”打分：各方越不放心由别人记账，"
         "分数越高。"),
        Reread(NEED, ("1. The five factors",
                      "1. 五要素")),
    ),
    number(
        "q2",
        ("A scenario scores trust gap 4, joint operation 4, process steps 3, domains 2 and "
         "regulatory need 3. Trust gap and joint operation count double. What is its weighted "
         "mean, to two places?",
         "某场景得分：互信不足 4，多方协作 4，流程环节 3，跨领域 2，监管需求 3。"
         "互信不足和多方协作的权重加倍。它的加权平均分是多少（保留两位小数）？"),
        "3.43",
        ("Weigh each score, add up, divide by the sum of the weights: "
         "(2×4 + 2×4 + 3 + 2 + 3) ÷ (2 + 2 + 1 + 1 + 1) = 24 ÷ 7 ≈ 3.43.",
         "每个分数乘以权重后相加，再除以权重之和："
         "(2×4 + 2×4 + 3 + 2 + 3) ÷ (2 + 2 + 1 + 1 + 1) = 24 ÷ 7 ≈ 3.43。"),
        Reread(NEED, ("The scoring tool",
                      "评分工具")),
        tolerance="0.005",
    ),
    single(
        "q3",
        ("The scoring tool gives a scenario a weighted mean of 3.43, and no central operator "
         "keeps its record (the first question's answer is 'none'). What is its verdict?",
         "评分工具算出某场景的加权平均分为 3.43，且没有中心机构替它记账（第一个问题的回答是 "
         "'none'）。结论是什么？"),
        [("A database is enough.", "数据库就够了。"),
         ("A consortium chain may help.", "联盟链可能有帮助。"),
         ("A consortium chain fits.", "适合用联盟链。")],
        "B",
        ("Nothing is taken off, so the score is 3.43. Below 2.5 a database is enough, from "
         "2.5 a consortium chain may help, from 3.5 it fits: 3.43 is just inside the middle "
         "band (a teaching proposal, not a standard).",
         "不扣分，得分仍为 3.43。低于 2.5：数据库就够了；从 2.5 起：联盟链可能有帮助；从 3.5 "
         "起：适合用联盟链。3.43 刚好落在中间档（这是教学建议，不是标准）。"),
        Reread(NEED, ("The scoring tool",
                      "评分工具")),
    ),
    number(
        "q4",
        ("A platform on PBFT must keep running even if three consensus nodes fail at the same "
         "time, some of them lying. What is the smallest number of consensus nodes?",
         "一个基于 PBFT 的平台要求即使有三个共识节点同时出故障（其中有的会说谎）也能继续运行。"
         "最少需要多少个共识节点？"),
        10,
        ("PBFT survives f faulty nodes among n = 3f + 1, so f = 3 needs 3 × 3 + 1 = 10 nodes.",
         "PBFT 在 n = 3f + 1 个节点中能容忍 f 个故障节点，所以 f = 3 需要 3 × 3 + 1 = 10 个节点。"),
        Reread(DESIGN, ("Fix 2 — enough consensus nodes",
                        "修正 2：共识节点要足够多")),
    ),
    multiple(
        "q5",
        ("A supply-chain finance platform is being designed. Which of these must stay off "
         "chain? Pick every one.",
         "正在设计一个供应链金融平台。下面哪些必须留在链下？选出所有必须留在链下的。"),
        [("The receivables records: creditor, debtor, amount, due date.",
          "应收账款记录：债权人、债务人、金额、到期日。"),
         ("The ID card numbers of the companies' legal representatives.",
          "企业法定代表人的身份证号。"),
         ("The full text of the trade contracts.", "贸易合同全文。"),
         ("The hashes (fingerprints) of the trade contracts.", "贸易合同的哈希（指纹）。")],
        "BC",
        ("A chain cannot forget. Personal data (个人信息) and full documents stay with their "
         "owners; on chain go the records the members must agree on, and the contracts' "
         "fingerprints, which prove any copy unchanged.",
         "链无法遗忘。个人信息和完整文件留在其所有者手中；上链的是各方必须达成一致的记录，"
         "以及能证明任何副本未被篡改的合同指纹。"),
        Reread(DESIGN, ("Fix 3 — keep personal data and full contracts off chain",
                        "修正 3：个人信息和完整合同留在链下")),
    ),
    single(
        "q6",
        ("Three competing banks want to run their shared platform on Raft. Why does the design "
         "check warn them?",
         "三家相互竞争的银行想用 Raft 运行它们的共享平台。设计检查为什么会警告它们？"),
        [("Raft survives crashed nodes, not a node that lies: one hacked node could make the "
          "followers accept a false block.",
          "Raft 能容忍宕机的节点，但不能容忍说谎的节点：一个被攻破的节点就可能让跟随者接受错误"
          "的区块。"),
         ("Raft is slower than PBFT.", "Raft 比 PBFT 慢。"),
         ("Raft needs more nodes than PBFT for the same number of faults.",
          "容忍同样多的故障，Raft 比 PBFT 需要更多节点。"),
         ("Raft cannot run with more than three nodes.", "Raft 不能运行超过三个节点。")],
        "A",
        ("Raft is crash fault tolerant only and cheaper (about 2(n − 1) messages, n = 2f + 1). "
         "Parties that do not trust each other need PBFT, which was made for liars.",
         "Raft 只能容忍宕机，而且更便宜（约 2(n − 1) 条消息，n = 2f + 1）。"
         "彼此不信任的各方需要 PBFT，它正是为防范说谎者而设计的。"),
        Reread(DESIGN, ("6. PBFT or Raft?",
                        "6. PBFT 还是 Raft？")),
    ),
    single(
        "q7",
        ("A bank's anti-money-laundering reports (反洗钱报告) score 5 on regulatory need. Does "
         "that call for a blockchain?",
         "一家银行的反洗钱报告在监管需求上得 5 分。这是否意味着需要区块链？"),
        [("Yes: regulation that heavy needs a tamper-evident chain.",
          "需要：这么强的监管需要防篡改的链。"),
         ("No: only the bank writes the reports, and the regulator already receives them "
          "through a legal channel.",
          "不需要：报告只由这家银行填写，监管方已经通过法定渠道收到报告。"),
         ("Yes, as long as only hashes go on chain.", "需要，只要只把哈希上链。"),
         ("No: regulators never use blockchains.", "不需要：监管机构从不使用区块链。")],
        "B",
        ("Regulation alone does not call for a chain: with one writer and a trusted channel, a "
         "database and a reporting interface do the job. That is why trust gap and joint "
         "operation count double; and the PBoC's China Anti-Money Laundering Monitoring and "
         "Analysis Center (中国反洗钱监测分析中心) already receives every report.",
         "仅有监管需求并不需要区块链：只有一个写入方、又有可信渠道时，数据库加报送接口就够了。"
         "这正是互信不足和多方协作权重加倍的原因；而且中国反洗钱监测分析中心已经在接收每一份"
         "报告。"),
        Reread(NEED, ("7. The weights are a proposal",
                      "7. 权重只是一种方案")),
    ),
    single(
        "q8",
        ("Digital bills score 4.14 on the five factors, above 3.5, yet the tool says only "
         "\"a consortium chain may help\". Why?",
         "数字票据的五要素加权得分为 4.14，高于 3.5，评分工具却只说“联盟链可能有帮助”。为什么？"),
        [("A trusted central operator already does the job: the Shanghai Commercial Paper "
          "Exchange (票交所) runs ECDS for every electronic bill, so the first question takes "
          "a whole band off.",
          "已有可信的中心机构在做这件事：上海票据交易所运营的 ECDS 处理每一张电子票据，所以"
          "第一个问题扣掉了整整一档。"),
         ("Bills have too few process steps for a chain.", "票据的流程环节太少，不值得上链。"),
         ("Chinese law forbids recording bills on a blockchain.",
          "中国法律禁止把票据记在区块链上。"),
         ("PBFT cannot reach agreement on a bill's endorsements.",
          "PBFT 无法就票据背书达成一致。")],
        "A",
        ("Before the five factors a bank asks: is there already a trusted central operator? "
         "For bills there is: ECDS (PBoC, 2009), now run by 票交所 (founded 2016); its "
         "new-generation system (2022) even splits bills into sub-ranges (子票区间). A "
         "chain must beat that, not a paper ledger.",
         "在五要素之前，银行先问：是否已有可信的中心机构？票据有：ECDS（人民银行，2009 年），"
         "现由票交所（2016 年成立）运营；其新一代系统（2022 年）甚至能把票据分成子票区间。"
         "链要胜过的是它，而不是纸质台账。"),
        Reread(NEED, ("3. The first question: a trusted central operator?",
                      "3. 第一个问题：是否已有可信的中心机构？")),
    ),
]
