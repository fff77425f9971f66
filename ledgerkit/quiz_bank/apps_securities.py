"""Self-check questions on securities settlement (证券结算), notebook 12 of the applications
chapter; `applications.py` appends them to the chapter's self-check.

>>> QUESTIONS[0].judge("30000")
True
"""

from ledgerkit.quiz import Reread, multiple, number, single

SECURITIES = "course/02-applications/12-securities-settlement.ipynb"

QUESTIONS = [
    number(
        "sec1",
        ("A seller agreed to sell 20,000 shares at 8.00 yuan. On the settlement day the buyer "
         "defaults and the price is 6.50 yuan. What is the seller's replacement cost, in yuan?",
         "卖方约定以 8.00 元卖出 20,000 股。交收日买方违约，当天股价为 6.50 元。卖方的重置成本"
         "是多少元？"),
        30000,
        ("The seller must sell again at 6.50 instead of 8.00: 1.50 × 20,000 = 30,000 yuan. DvP "
         "kept its shares, so it does not lose the principal, only the price move.",
         "卖方只能以 6.50 元而不是 8.00 元重新卖出：1.50 × 20,000 = 30,000 元。货银对付让它"
         "保住了股票，损失的不是本金，只是价差。"),
        Reread(SECURITIES,
               ("2. Settlement cycles and the exposure they leave open (结算周期与风险敞口)",
                "2. 结算周期与风险敞口")),
    ),
    single(
        "sec2",
        ("What does the \"T+1\" of China's A-share market mean for an investor?",
         "对投资者来说，中国 A 股市场的“T+1”是什么意思？"),
        [("Shares bought on day T can be sold from the next trading day, not on T.",
          "当日买入的股票要到下一个交易日才能卖出，当日不能卖出。"),
         ("Trades are settled one calendar day after the trade, with no netting.",
          "成交后一个自然日逐笔全额交收，不轧差。"),
         ("A blockchain settles every trade one block after it is made.",
          "区块链在成交后的下一个区块完成交收。"),
         ("Cash from a sale can never be used before T+1.",
          "卖出所得资金在 T+1 之前完全不能使用。")],
        "A",
        ("It is a trading rule: no same-day round trip (回转交易). Settlement is separate: "
         "中国结算 settles net and by DvP, with the cash leg on T+1.",
         "这是一条交易规则：不得当日回转交易。结算是另一回事：中国结算以净额、按货银对付办理"
         "交收，资金在 T+1 日交收。"),
        Reread(SECURITIES,
               ("2. Settlement cycles and the exposure they leave open (结算周期与风险敞口)",
                "2. 结算周期与风险敞口")),
    ),
    multiple(
        "sec3",
        ("What does multilateral netting through a central counterparty change compared with "
         "gross settlement? Pick every true statement.",
         "与逐笔全额交收相比，通过中央对手方进行多边净额交收带来了哪些变化？选出所有正确的说法。"),
        [("Fewer transfers: one per net position instead of two per trade.",
          "转账次数更少：每个净头寸一笔，而不是每笔成交两笔。"),
         ("Much less cash has to be paid in.", "需要付入的资金少得多。"),
         ("A broker short of cash for one trade may still settle the day if its net position is "
          "funded.", "某券商即使不够支付单笔成交，只要净头寸资金足够，当天仍能完成交收。"),
         ("Counterparty risk disappears without any collateral.",
          "不需要任何担保品，对手方风险就消失了。")],
        "ABC",
        ("Netting cuts transfers and cash, and settles all due trades or none. The central "
         "counterparty takes on everyone's default risk instead, which is why it holds "
         "collateral and a default fund.",
         "轧差减少了转账次数和资金占用，并且所有到期交易要么全部交收、要么全不交收。中央对手方"
         "转而承担所有参与人的违约风险，所以它要收取担保品、设立结算风险基金。"),
        Reread(SECURITIES,
               ("3. Netting (轧差): one net payment a broker instead of one a trade",
                "3. 轧差：每家券商一笔净额，而不是每笔成交一笔")),
    ),
]
