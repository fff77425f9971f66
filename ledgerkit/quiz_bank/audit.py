"""Self-check for chapter 04, audit (链审计): tampered blocks, tracing, reconciliation and
contract audits.

>>> QUESTIONS[3].judge("ba"), QUESTIONS[4].judge("Duplicate")
(True, True)
"""

from ledgerkit.quiz import Reread, multiple, single, word

TITLE = ("Audit", "链审计")

TAMPER = "course/04-audit/01-find-the-tampered-block.ipynb"
TRACE = "course/04-audit/02-trace-a-voucher.ipynb"
BOOKS = "course/04-audit/03-reconcile-books.ipynb"
CONTRACT = "course/04-audit/04-audit-a-flawed-contract.ipynb"

QUESTIONS = [
    single(
        "q1",
        ("An integrity report (完整性报告) checks a chain of blocks 0 to 6 in which somebody "
         "changed block 3. What does it say about blocks 4 to 6?",
         "对一条第 0 到第 6 号区块的链做完整性检查，有人改过第 3 号区块。"
         "报告对第 4 到第 6 号区块怎么说？"),
        [("They build on an invalid block: suspect only because of block 3.",
          "它们建立在无效区块之上：只因第 3 号区块而可疑。"),
         ("They are valid, since nobody touched them.", "它们有效，因为没人动过它们。"),
         ("Each of them was tampered with as well.", "它们每一个也都被篡改了。"),
         ("Nothing: the report stops at block 3.", "什么也不说：报告在第 3 号区块处停止。")],
        "A",
        ("The report explains the first break (block, field, value found and expected, rule) "
         "and marks every later block as building on an invalid one.",
         "报告解释第一个断点（区块、字段、实际值与期望值、规则），并把之后的每个区块标为"
         "“建立在无效区块之上”。"),
        Reread(TAMPER, ("2. Change one block, watch the report",
                        "2. 改动一个区块，看报告怎么说")),
    ),
    single(
        "q2",
        ("An attacker changed block 2 and then re-did the proof of work of block 2 and every "
         "later block. What can re-mining not repair?",
         "攻击者改了第 2 号区块，然后重新完成了第 2 号及之后每个区块的工作量证明。"
         "重新挖矿修复不了什么？"),
        [("A block that breaks the ledger's rules, e.g. a reward larger than allowed.",
          "违反账本规则的区块，例如超出规定的出块奖励。"),
         ("A block whose hash misses the target.", "哈希未满足目标值的区块。"),
         ("A block whose previous-block hash is wrong.", "前一区块哈希不对的区块。"),
         ("Nothing: a re-mined chain is always valid.", "什么都能修复：重新挖出的链总是有效的。")],
        "A",
        ("Re-mining redoes hashes and links, but the block's content must still obey the "
         "ledger's rules; and it costs one proof of work per block up to the tip, while honest "
         "miners keep extending the real chain.",
         "重新挖矿能修复哈希和链接，但区块内容仍须遵守账本规则；而且每个区块直到链尾都要重新"
         "做一次工作量证明，诚实矿工则在不断延长真正的链。"),
        Reread(TAMPER, ("Exercise 2 — the attacker re-mined",
                        "练习 2——攻击者重新挖了矿")),
    ),
    single(
        "q3",
        ("A bank audits a small supplier's voucher piece before financing it. What does "
         "penetration (穿透) mean here?",
         "银行在为一家小供应商的凭证融资前先做审核。这里的“穿透”指什么？"),
        [("Following the piece, parent by parent, back to the core enterprise's confirmed "
          "receivable and the trade document behind it.",
          "沿着凭证逐级向上追溯，直到核心企业已确权的应收账款及其背后的贸易单据。"),
         ("Splitting the piece into smaller pieces.", "把凭证拆分成更小的几份。"),
         ("Reading the supplier's private bank accounts.", "查看供应商的私人银行账户。"),
         ("Asking the supplier to sign a declaration.", "让供应商签一份声明。")],
        "A",
        ("The trace is read from events every node recorded, each dated by its block, so it is "
         "the same for the bank, the supplier and the regulator (穿透式监管).",
         "追溯结果读自每个节点都记录下来的事件，每个事件以其区块定日期，所以银行、供应商和"
         "监管方看到的完全相同（穿透式监管）。"),
        Reread(TRACE, ("2. The trace of one piece",
                       "2. 追溯其中一份")),
    ),
    multiple(
        "q4",
        ("Reconciling a bank's internal book (内部账) with the chain, which mismatch kinds are "
         "one-sided records (单边账)? Pick every one.",
         "把银行内部账与链上记录对账时，哪些差异类型属于单边账？选出所有的。"),
        [("book_only", "book_only"), ("chain_only", "chain_only"), ("amount", "amount"),
         ("duplicate", "duplicate")],
        "AB",
        ("A one-sided record exists on one side only: booked but never on chain (book_only), "
         "or on chain but missed by the book (chain_only). amount is the same reference with "
         "a different field; duplicate is a reference booked twice.",
         "单边账只存在于一边：记了账但链上没有（book_only），或链上有而账上漏记（chain_only）。"
         "amount 是同一笔业务字段不同；duplicate 是同一笔业务记了两次。"),
        Reread(BOOKS, ("3. Reconcile",
                       "3. 对账")),
    ),
    word(
        "q5",
        ("An accountant booked the same reference twice in the internal book. Which kind of "
         "mismatch does the reconciliation report? Give the word.",
         "会计在内部账中把同一笔业务记了两次。对账报告的差异类型是什么？请给出这个词。"),
        ["duplicate", "重复记账"],
        ("duplicate (重复记账): the same reference booked twice.",
         "duplicate（重复记账）：同一笔业务记了两次。"),
        Reread(BOOKS, ("3. Reconcile",
                       "3. 对账")),
    ),
    single(
        "q6",
        ("A contract's split action checks the caller, the status and each part, but not that "
         "the parts add up to the piece. Which rule can an attacker break?",
         "某合约的拆分操作检查了调用者、状态和每一份金额，却没检查各份之和是否等于原凭证。"
         "攻击者能破坏哪条规则？"),
        [("The live pieces add up to what was issued.", "存续凭证之和等于签发金额。"),
         ("Only the holder moves a piece.", "只有持有人能处置凭证。"),
         ("One piece backs at most one financing.", "一份凭证最多支持一次融资。"),
         ("The regulator reads every call.", "监管方能看到每一次调用。")],
        "A",
        ("Splitting 80,000 into [80,000, 80,000] makes money out of thin air: the live total "
         "doubles. The fix adds the missing check that the parts sum to the piece.",
         "把 80,000 拆成 [80,000, 80,000] 就凭空造出了钱：存续总额翻倍。修复方法是补上"
         "“各份之和等于原凭证”这项缺失的检查。"),
        Reread(CONTRACT, ("3. SplitVouchers — split a piece",
                          "3. SplitVouchers——拆分凭证")),
    ),
    single(
        "q7",
        ("An auditor found a missing check in a contract. What makes a good fix?",
         "审计人员发现合约缺少一项检查。怎样的修复才是好的修复？"),
        [("It adds exactly the missing check: the attack is refused, nothing changes, and "
          "honest use still works.",
          "恰好补上缺失的检查：攻击被拒绝、状态不变，正常使用照常可行。"),
         ("It deletes the attacker's blocks from the chain.", "从链上删掉攻击者的区块。"),
         ("It lets only the regulator call the contract.", "只允许监管方调用合约。"),
         ("It removes the action altogether.", "干脆删掉这个操作。")],
        "A",
        ("A chain never deletes history. A good fix keeps every rule with the one check that "
         "was missing, and the auditor shows the attack refused and honest calls accepted.",
         "链从不删除历史。好的修复只补上缺失的那项检查、保留所有规则；审计人员还要证明攻击被拒、"
         "正常调用照常被接受。"),
        Reread(CONTRACT, ("1. SplitPayVouchers — pay a supplier with part of a piece",
                          "1. SplitPayVouchers——用凭证的一部分向供应商付款")),
    ),
]
