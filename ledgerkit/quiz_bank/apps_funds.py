"""Self-check questions on penetrating fund payment (穿透式拨付), notebook 07 of chapter 02;
the chapter's quiz (`applications.py`) includes them.

>>> QUESTIONS[0].judge("315,000")
True
"""

from ledgerkit.quiz import Reread, multiple, number, single

FUNDS = "course/02-applications/07-penetrating-payment.ipynb"

QUESTIONS = [
    number(
        "fd1",
        ("A sub-contract of 500,000 yuan has two wage contracts under it, for 60,000 and "
         "25,000 yuan; its payee, the sub-contractor, was already paid 100,000 yuan directly. "
         "With the wages ring-fenced, how much more can the sub-contractor itself be paid, in "
         "yuan?",
         "一份 500,000 元的分包合同下有两份工资合同，金额分别为 60,000 元和 25,000 元；"
         "该合同的收款方（分包单位）已直接收到 100,000 元。工资专款专留时，分包单位自己还能再"
         "收到多少元？"),
        315000,
        ("500,000 − (60,000 + 25,000) ring-fenced for the workers − 100,000 already paid = "
         "315,000 yuan.",
         "500,000 − 留给农民工的 (60,000 + 25,000) − 已付 100,000 = 315,000 元。"),
        Reread(FUNDS, ("Wages are ring-fenced (专款专用)", "工资专款专用")),
    ),
    multiple(
        "fd2",
        ("Which of these does the fund-payment platform refuse? Pick every one.",
         "资金拨付平台会拒绝下面哪些操作？选出所有会被拒绝的。"),
        [("A sub-contractor asks for a worker's wages to be paid into its own account.",
          "分包单位申请把农民工的工资拨付到自己的账户。"),
         ("A payment under a contract the funder has not approved yet.",
          "在出资方尚未审批的合同下拨付。"),
         ("The funder releases a request to the contract's registered payee, within what the "
          "contract has left.", "出资方在合同余额之内，把申请款项拨付给合同登记的收款方。"),
         ("A new sub-contract that takes the contracts under its parent above the parent's "
          "amount.", "新签一份分包合同，使其上级合同之下的合同合计超过上级合同金额。")],
        "ABD",
        ("Money goes only to the registered payee of an approved contract, and contracts never "
         "add up to more than the contract or budget above them. C is how it should work.",
         "资金只能拨付给已审批合同登记的收款方，合同合计也不能超过其上级合同或预算。C 正是"
         "应有的做法。"),
        Reread(FUNDS, ("2. Paying the end payee", "2. 直接拨付给最终收款人")),
    ),
    single(
        "fd3",
        ("What can the fund-payment chain NOT check by itself?",
         "资金拨付链自己无法核实的是哪一项？"),
        [("That the payee is the one registered in the contract.",
          "收款方是否为合同登记的收款方。"),
         ("That the work paid for was actually done.", "所付款项对应的工程是否真的完成。"),
         ("That the contracts stay within the budget.", "合同合计是否在预算之内。"),
         ("Who asked for each payment.", "每笔拨付是谁申请的。")],
        "B",
        ("The chain checks its own records: payees, amounts, approvals, roles. Whether the dyke "
         "was built is measured off the chain (工程计量), as are real names and attendance of "
         "workers.",
         "链只能核对自己的记录：收款方、金额、审批和角色。工程是否完工要在链下计量（工程计量），"
         "农民工的实名和考勤也一样。"),
        Reread(FUNDS, ("5. Reality check (现实检验)", "5. 现实检验")),
    ),
]
