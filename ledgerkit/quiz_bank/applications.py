"""Self-check for chapter 02, applications (链应用): vouchers, bills, trade finance, credit
data, reconciliation and ABS.

>>> QUESTIONS[0].judge("1,800.00")
True
"""

from ledgerkit.quiz import Reread, multiple, number, single, word
from ledgerkit.quiz_bank import (
    apps_crossborder,
    apps_ecny,
    apps_evidence,
    apps_funds,
    apps_insurance,
    apps_kyc,
    apps_securities,
)

TITLE = ("Applications", "链应用")

VOUCHERS = "course/02-applications/01-supply-chain-vouchers.ipynb"
BILLS = "course/02-applications/02-digital-bills.ipynb"
TRADE = "course/02-applications/03-trade-finance.ipynb"
CREDIT = "course/02-applications/04-credit-reconciliation-points.ipynb"
ABS = "course/02-applications/05-abs.ipynb"

QUESTIONS = [
    number(
        "q1",
        ("A supplier finances a voucher piece of 200,000 yuan at a bank (it assigns the "
         "receivable: factoring, 保理), 90 days before maturity, at 3.6% a year, interest "
         "charged up front. How much interest does the bank deduct, in yuan?",
         "一家供应商在到期前 90 天，以 3.6% 的年利率、利息前置扣收的方式，把一张 200,000 元"
         "的凭证转让给银行融资（保理）。银行扣除多少利息（元）？"),
        1800,
        ("Interest = face × annual rate × days / 360 = 200,000 × 3.6% × 90 / 360 = 1,800 yuan; "
         "the supplier receives 198,200.",
         "利息 = 面额 × 年利率 × 天数 / 360 = 200,000 × 3.6% × 90 / 360 = 1,800 元；"
         "供应商实得 198,200 元。"),
        Reread(VOUCHERS, ("4. Finance (融资): factoring, to the fen",
                          "4. 融资：保理，精确到分")),
        tolerance="0.005",
    ),
    multiple(
        "q2",
        ("Which of these attempts does the voucher platform refuse? Pick every one.",
         "凭证平台会拒绝下面哪些操作？选出所有会被拒绝的。"),
        [("A split whose pieces do not add up exactly to the parent.",
          "拆分后各份金额之和不等于原凭证。"),
         ("A transfer by a party that does not hold the piece.", "由不持有该凭证的一方转让。"),
         ("Financing a piece that is already financed.", "为已经融资的凭证再次融资。"),
         ("The holder of a confirmed piece transfers it to its own supplier.",
          "已确权凭证的持有人把它转让给自己的供应商。")],
        "ABC",
        ("Only the holder moves a piece, a split adds up exactly to its parent, and a financed "
         "piece is closed until settlement. Passing a confirmed piece on is what vouchers are "
         "for.",
         "只有持有人能处置凭证，拆分必须与原凭证金额完全相等，已融资的凭证在兑付前不能再动。"
         "把已确权的凭证继续流转正是凭证的用途。"),
        Reread(VOUCHERS, ("3. Split and transfer (拆分、流转): the worked example",
                          "3. 拆分与流转：课程示例")),
    ),
    word(
        "q3",
        ("A new-generation bill (新一代票据) is a package of 0.01-yuan units, and each sub-range "
         "(子票区间) of units has exactly one ___. That is why the same part of a bill cannot be "
         "sold twice (一票多卖). Fill in the word.",
         "新一代票据由 0.01 元的单位组成，每个子票区间恰好只有一个___。正因如此，"
         "同一部分票据不能卖两次（一票多卖）。请填空。"),
        ["holder", "one holder", "持票人"],
        ("Holder (持票人): the chain refuses anyone but the holder of a sub-range, and the "
         "refusal changes nothing.",
         "持票人：链只接受子票区间持票人的操作，拒绝其他任何人，而且拒绝不改变任何状态。"),
        Reread(BILLS, ("3. Sub-ranges: who holds which part",
                       "3. 子票区间：谁持有哪一部分")),
    ),
    number(
        "q4",
        ("A bill falls due on 10 March 2026. Up to how many days after the due date may its "
         "holder present it for payment (提示付款) and keep recourse against the endorsers?",
         "一张票据 2026 年 3 月 10 日到期。持票人最晚可以在到期日之后多少天内提示付款，"
         "而不丧失对背书人的追索权？"),
        10,
        ("The presentment window (提示付款期) runs from the due date to 10 days after it "
         "(Negotiable Instruments Law art. 53): here from 10 to 20 March. Later, the holder may "
         "still present with an explanation and the acceptor still owes the bill, but recourse "
         "goes only to the drawer and the acceptor.",
         "提示付款期自到期日起 10 日（《票据法》第五十三条）：本例为 3 月 10 日至 3 月 20 日。"
         "逾期后持票人作出说明仍可提示付款，承兑人仍须付款，但只能向出票人和承兑人追索。"),
        Reread(BILLS, ("6. Presentment for payment (提示付款) and its window",
                       "6. 提示付款及其期限")),
    ),
    number(
        "q5",
        ("A seller factors a 50,000-yuan invoice with an 80% advance and a 2% fee on the "
         "invoice amount. The buyer pays on time. How much does the seller receive in all "
         "from the factor, in yuan?",
         "卖方以 80% 的融资比例和按发票金额 2% 的手续费保理一张 50,000 元的发票，"
         "买方按时付款。卖方从保理商那里一共收到多少元？"),
        49000,
        ("Advance 40,000 now; when the buyer pays, the reserve of 10,000 minus the fee of 1,000 "
         "comes back: 49,000 in all.",
         "现在得到融资款 40,000 元；买方付款后，保留款 10,000 元扣除手续费 1,000 元返还："
         "共 49,000 元。"),
        Reread(TRADE, ("2. Factoring (保理): selling an invoice",
                       "2. 保理：把发票卖掉")),
        tolerance="0.005",
    ),
    single(
        "q6",
        ("A forfaiter (包买行) bought a seller's accepted usance L/C claim. Before maturity the "
         "issuing bank fails. Who bears the loss?",
         "包买行买下了卖方已承兑的远期信用证款项。到期前开证行倒闭了。损失由谁承担？"),
        [("The forfaiter: it bought the claim without recourse (无追索权).",
          "包买行：它是无追索权买断的。"),
         ("The seller: it must pay the money back.", "卖方：它必须把钱退回。"),
         ("The buyer who applied for the L/C.", "申请开证的买方。"),
         ("The regulator.", "监管方。")],
        "A",
        ("Forfaiting is without recourse: once the claim is sold, the issuing bank's risk is "
         "the forfaiter's, not the seller's.",
         "福费廷是无追索权的：款项一旦卖出，开证行的风险就归包买行，而不是卖方。"),
        Reread(TRADE, ("3. Forfaiting (福费廷): selling an accepted L/C claim",
                       "3. 福费廷：卖出已承兑的信用证项下债权")),
    ),
    multiple(
        "q7",
        ("A shared credit blacklist stores sha256(salt ‖ ID number), never the ID itself. "
         "Which statements are true? (all that apply)",
         "共享征信黑名单存储的是 sha256(盐 ‖ 身份证号)，从不存储身份证号本身。"
         "哪些说法正确？（多选）"),
        [("The salt stops outsiders from matching keys, but not members who hold the salt.",
          "盐能阻止外人匹配出主体键，但挡不住持有盐的成员。"),
         ("The salted key is anonymised, so it is no longer personal information.",
          "加盐后的主体键已经匿名化，不再是个人信息。"),
         ("When the borrower repays, the entry stays, marked as ended, for five more years.",
          "借款人还清后，条目仍保留并标记为已终止，再保存五年。"),
         ("Any group of lenders may run such a list among themselves without a licence.",
          "任何一组贷款机构都可以在彼此之间自行运营这样的名单，无需许可。")],
        "AC",
        ("Members share the salt, and IDs are far from random, so a member can test guesses: "
         "the key is de-identified, not anonymised, and stays personal information (PIPL "
         "Arts. 4, 73). Negative records are kept five years from the end of the bad "
         "behaviour (征信业管理条例 Art. 16), and sharing them is credit-reporting business "
         "that needs a PBoC licence (Arts. 5–6).",
         "成员共享盐，而身份证号远非随机，成员可以逐个试猜：主体键只是去标识化，不是匿名化，"
         "仍属个人信息（《个人信息保护法》第四条、第七十三条）。不良信息自不良行为终止之日起"
         "保存五年（《征信业管理条例》第十六条）；共享这类信息属于征信业务，须经中国人民银行"
         "许可（第五、六条）。"),
        Reread(CREDIT, ("Retention, not withdrawal (保存期限)",
                        "保存期限，而不是撤回")),
    ),
    single(
        "q8",
        ("In the sequential waterfall (顺序偿付) of an ABS with senior tranches A and B and a "
         "subordinated tranche C, who takes the first losses when collections fall short?",
         "在一个有优先级 A、B 档和次级 C 档的资产证券化产品中，按顺序偿付，"
         "回收款不足时谁最先承担损失？"),
        [("Senior tranche A.", "优先级 A 档。"), ("Senior tranche B.", "优先级 B 档。"),
         ("The subordinated tranche C.", "次级 C 档。"),
         ("All three, in proportion to their size.", "三档按规模比例分担。")],
        "C",
        ("C is paid last, so it loses first; that protects the senior tranches. In the course's "
         "deal, 91M collected pays A 88.4M, B 2.6M and C nothing.",
         "C 档最后受偿，所以最先受损，这保护了优先级各档。课程的例子中回收 9,100 万元时，"
         "A 档得 8,840 万元，B 档 260 万元，C 档分文未得。"),
        Reread(ABS, ("3. The waterfall (现金流支付顺序)",
                     "3. 现金流分配顺序（瀑布）")),
    ),
]
QUESTIONS += apps_crossborder.QUESTIONS
QUESTIONS += apps_funds.QUESTIONS
QUESTIONS += apps_evidence.QUESTIONS
QUESTIONS += apps_kyc.QUESTIONS
QUESTIONS += apps_ecny.QUESTIONS
QUESTIONS += apps_insurance.QUESTIONS
QUESTIONS += apps_securities.QUESTIONS
