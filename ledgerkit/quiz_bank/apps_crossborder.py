"""Self-check questions on cross-border trade finance and payments (跨境贸易金融与支付),
notebook 02-applications/06; the chapter's self-check (`applications`) includes them.

>>> QUESTIONS[0].judge(180000)
True
"""

from ledgerkit.quiz import Reread, multiple, number, single

CROSS_BORDER = "course/02-applications/06-cross-border.ipynb"
FINANCING = Reread(CROSS_BORDER, ("1. Export financing against customs declarations "
                                  "(出口应收账款融资)", "1. 凭报关单的出口应收账款融资"))
CORRESPONDENTS = Reread(CROSS_BORDER, ("3. A payment through correspondent banks (代理行)",
                                       "3. 经代理行汇款"))
LC_RULES = Reread(CROSS_BORDER, ("5. Domestic L/C versus UCP 600 (国内信用证与 UCP 600)",
                                 "5. 国内信用证与 UCP 600"))
PVP = Reread(CROSS_BORDER, ("Payment versus payment (PvP, 同步交收): both legs or neither",
                            "同步交收（PvP）：两条腿要么都走，要么都不走"))

QUESTIONS = [
    number(
        "xb1",
        ("An export customs declaration of USD 300,000 is on the platform. bank_a has lent "
         "USD 120,000 against it, not yet repaid. How many more US dollars can bank_a lend "
         "against it?",
         "平台上有一张金额为 300,000 美元的出口报关单。bank_a 已凭它放款 120,000 美元，尚未"
         "还款。bank_a 还能凭它再放款多少美元？"),
        180000,
        ("What is financed and not repaid never exceeds the declaration's value: 300,000 − "
         "120,000 = 180,000. The same bank may lend the rest; another bank may not.",
         "已融资未还款的金额不得超过报关金额：300,000 − 120,000 = 180,000。剩下的额度同一家银行"
         "可以再融，其他银行不行。"),
        FINANCING,
    ),
    single(
        "xb2",
        ("While bank_a's financing on a declaration is outstanding, bank_b asks to finance the "
         "same declaration for a small amount that fits within its value. What does the "
         "platform do?",
         "bank_a 在某张报关单上的融资尚未还清时，bank_b 申请凭同一张报关单融一小笔钱，金额在"
         "报关金额之内。平台会怎么做？"),
        [("Accepts it, since the amount fits within the value.", "接受，因为金额在报关金额之内。"),
         ("Refuses it, naming bank_a and the date of its financing; nothing changes.",
          "拒绝，并写明 bank_a 及其融资日期；链上什么都不变。"),
         ("Accepts it and cancels bank_a's financing.", "接受，并撤销 bank_a 的融资。"),
         ("Splits the declaration between the two banks.", "把报关单在两家银行之间拆分。")],
        "B",
        ("One declaration is never financed by two banks at once (重复融资). Once bank_a records "
         "the repayment, bank_b may finance it.",
         "同一张报关单不能同时在两家银行融资（重复融资）。bank_a 登记还款之后，bank_b "
         "才可以融资。"),
        FINANCING,
    ),
    multiple(
        "xb3",
        ("Which of these make the course's correspondent-bank payment slower or costlier than "
         "the same payment on the bridge? Pick every one.",
         "下列哪些因素使本课程中的代理行汇款比走货币桥更慢或更贵？选出所有正确项。"),
        [("A cut-off time at an intermediate bank.", "中间行的截止时间。"),
         ("A fee taken at every hop.", "每一跳都要收手续费。"),
         ("Two currency conversions, each at a bank's own rate.",
          "两次货币兑换，每次都按银行自己的汇率。"),
         ("The bank's check that a real trade lies behind the payment.",
          "银行对支付背后真实贸易的审核。")],
        "ABC",
        ("Cut-offs and time zones, a fee per hop and a margin in each conversion are what one "
         "24/7 PvP step removes. The check of the trade behind a payment (贸易真实性审核) stays "
         "on both routes: a ledger does not replace FX controls.",
         "截止时间和时区、每跳一笔的手续费、每次兑换中的差价，正是全天候一步完成的同步交收所"
         "消除的。贸易真实性审核在两条路径上都要做：账本取代不了外汇管理。"),
        CORRESPONDENTS,
    ),
    single(
        "xb4",
        ("Which of these differs between a domestic L/C under 国内信用证结算办法 and an "
         "international L/C subject to UCP 600?",
         "下列哪一项在适用《国内信用证结算办法》的国内信用证与适用 UCP 600 的国际信用证之间"
         "有所不同？"),
        [("The 21 days after shipment for presentation when the credit sets no period.",
          "信用证未规定交单期时，装运后 21 天的交单期。"),
         ("The 5 days the bank has to examine the documents.", "银行审单的 5 天期限。"),
         ("The currency: renminbi only versus any currency the credit names.",
          "币种：只用人民币，还是信用证载明的任何币种。"),
         ("Whether documents may be presented after expiry.", "到期后能否交单。")],
        "C",
        ("Both use 21 days after shipment, 5 days to examine, and no presentation after "
         "expiry (UCP 600 Art. 14(b), (c)). A domestic L/C is in renminbi; a UCP 600 credit "
         "names its currency.",
         "两者都是装运后 21 天交单、5 天审单，到期后都不能交单（UCP 600 第 14 条 b、c 款）。"
         "国内信用证以人民币计价；适用 UCP 600 的信用证币种由信用证载明。"),
        LC_RULES,
    ),
]
