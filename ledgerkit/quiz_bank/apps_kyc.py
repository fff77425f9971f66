"""Self-check questions for notebook 09, KYC sharing and AML tracing (客户身份共享与反洗钱);
chapter 02's self-check includes them.

>>> [q.id for q in QUESTIONS]
['kyc1', 'kyc2', 'kyc3', 'kyc4']
"""

from ledgerkit.quiz import Reread, multiple, number, single

KYC = "course/02-applications/09-kyc-and-aml.ipynb"
CONSENT = Reread(KYC, ("1. A KYC registry with consent (基于授权的客户身份共享)",
                       "1. 基于授权的客户身份共享"))
MONEY = Reread(KYC, ("2. Following the money (资金链追踪)", "2. 资金链追踪"))
PRIVACY = Reread(KYC, ("3. What privacy law allows (隐私与共享的边界)", "3. 隐私与共享的边界"))

QUESTIONS = [
    single(
        "kyc1",
        ("bank_b wants to reuse the identity check bank_a made of a customer, to open her an "
         "account. On the KYC registry, what does bank_b need?",
         "bank_b 想使用 bank_a 对某位客户做过的身份核验，为她开立账户。在客户身份共享平台上，"
         "bank_b 需要什么？"),
        [("Nothing: every member can read the chain.", "什么都不需要：每个成员都能读链上数据。"),
         ("The customer's separate consent naming bank_b and that purpose, in force that day.",
          "客户本人针对 bank_b 和该用途的单独同意，且当天仍然有效。"),
         ("bank_a's consent.", "bank_a 的同意。"),
         ("The regulator's approval.", "监管机构的批准。")],
        "B",
        ("Providing personal information to another handler needs the person's separate consent "
         "naming the recipient and the purpose (个人信息保护法 Art. 23); she can withdraw it "
         "(Art. 15), and bank_b still carries its own due-diligence duty.",
         "向其他处理者提供个人信息，须取得个人的单独同意，并告知接收方和处理目的（《个人信息保护法》"
         "第二十三条）；本人可以撤回（第十五条），而 bank_b 仍须承担自己的尽职调查义务。"),
        CONSENT,
    ),
    number(
        "kyc2",
        ("A customer deposits 20,000 yuan in cash in the morning and 30,000 yuan in the "
         "afternoon of the same day, at the same bank. What total, in yuan, does the bank's "
         "large-value report show? (Answer 0 if no report is due.)",
         "某客户同一天在同一家银行上午存入现金 20,000 元，下午又存入 30,000 元。银行的大额交易报告"
         "显示的合计金额是多少元？（如无需报告，填 0。）"),
        50000,
        ("Cash of 50,000 yuan or more in a day, single or cumulative, 50,000 included, is a "
         "large-value report (PBoC order 2016 No. 3, Art. 5): 20,000 + 30,000 = 50,000.",
         "当日单笔或累计现金收支 5 万元以上（含 5 万元）须报告大额交易（中国人民银行令〔2016〕第3号"
         "第五条）：20,000 + 30,000 = 50,000。"),
        MONEY,
    ),
    multiple(
        "kyc3",
        ("The registry stores HMAC-SHA256(salt, ID ‖ name) with a salt only the customer and "
         "the verifying bank hold. Which statements are true? Pick every one.",
         "平台存储 HMAC-SHA256(盐, 身份证号 ‖ 姓名)，盐只有客户本人和核验银行持有。"
         "下列哪些说法正确？选出所有正确项。"),
        [("It is still personal information under the PIPL.",
          "它仍然是《个人信息保护法》所称的个人信息。"),
         ("Any member can find the person by hashing every possible ID number.",
          "任何成员都能通过对所有可能的身份证号逐一哈希找出此人。"),
         ("Whoever has the salt and the ID can link it to the person.",
          "持有盐和身份证号的人可以把它与本人对应起来。"),
         ("It is anonymised, so it may be shared without consent.",
          "它已匿名化，因此无需同意即可共享。")],
        "AC",
        ("It is de-identified (去标识化), not anonymised (匿名化): with the extra information — "
         "salt and ID — it identifies the person, so it stays personal information (Arts. 4, "
         "73). Without the salt, guessing IDs does not help.",
         "这是去标识化，不是匿名化：借助额外信息（盐和身份证号）仍能识别本人，所以仍属个人信息"
         "（第四条、第七十三条）。没有盐，猜身份证号也没有用。"),
        CONSENT,
    ),
    single(
        "kyc4",
        ("A bank's graph analysis flags one of its customers as probably laundering money. "
         "What should it do with that finding?",
         "某银行的资金网络分析发现它的一位客户很可能在洗钱。它应当如何处理这一发现？"),
        [("Post the alert on the consortium chain so the other banks can refuse the customer.",
          "把预警发布到联盟链上，让其他银行拒绝该客户。"),
         ("File a suspicious-transaction report with the monitoring center and keep it "
          "confidential.", "向中国反洗钱监测分析中心提交可疑交易报告，并对此保密。"),
         ("Nothing, unless one transfer is 50,000 yuan or more.",
          "什么也不做，除非有单笔 5 万元以上的交易。"),
         ("Ask the customer for consent to report.", "先征得客户同意再报告。")],
        "B",
        ("A suspicion is reported whatever the amount (PBoC order 2016 No. 3, Art. 11) to the "
         "monitoring center, a legal duty that needs no consent (个人信息保护法 Art. 13); AML "
         "information stays confidential — it is not shared between banks.",
         "只要有合理怀疑，不论金额大小都要向监测分析中心报告（中国人民银行令〔2016〕第3号第十一条），"
         "这是法定义务，无需个人同意（《个人信息保护法》第十三条）；反洗钱信息须保密，不在银行之间共享。"),
        PRIVACY,
    ),
]
