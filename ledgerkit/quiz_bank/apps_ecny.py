"""Self-check questions for notebook 10, e-CNY (数字人民币); chapter 02's self-check includes
them.

>>> [q.id for q in QUESTIONS]
['ecny1', 'ecny2', 'ecny3']
"""

from ledgerkit.quiz import Reread, number, single

ECNY = "course/02-applications/10-e-cny.ipynb"

QUESTIONS = [
    single(
        "ecny1",
        ("Who keeps the ledger of e-CNY payments?",
         "数字人民币支付的账本由谁记？"),
        [("A consortium chain whose validators are the operating banks.",
          "由各运营银行作为验证节点的联盟链。"),
         ("The PBoC's central system, with operating banks serving the wallets.",
          "人民银行的中心化系统，运营银行负责钱包服务。"),
         ("A public blockchain anyone can join.", "任何人都能加入的公有链。"),
         ("Each user's phone, offline.", "每个用户的手机（离线）。")],
        "B",
        ("e-CNY is centrally operated in two tiers: the PBoC issues and records, operating banks "
         "serve users. A chain would add consensus cost and share every record with every node.",
         "数字人民币实行双层运营、中心化管理：人民银行发行并记账，运营银行服务用户。"
         "用区块链只会增加共识成本，并把每条记录分发给每个节点。"),
        Reread(ECNY, ("5. Why a central operator, and where DLT sits",
                      "5. 为什么由中心运营，分布式账本用在哪里")),
    ),
    number(
        "ecny2",
        ("With the course's class 4 caps (balance 1,000, 500 a payment, 1,000 a day), a wallet "
         "holding 1,000 yuan has paid 300 and 400 today. What is the largest payment it can "
         "still make today, in yuan?",
         "按课程中的四类钱包限额（余额 1,000 元、单笔 500 元、日累计 1,000 元），"
         "一个持有 1,000 元的钱包今天已付出 300 元和 400 元。"
         "它今天还能支付的最大单笔金额是多少元？"),
        300,
        ("The smallest of: the balance 300, the cap per payment 500, the day's rest "
         "1,000 − 700 = 300.",
         "取最小者：余额 300、单笔上限 500、当日剩余额度 1,000 − 700 = 300。"),
        Reread(ECNY, ("2. Wallet classes and their caps (钱包分级与限额)", "2. 钱包分级与限额")),
    ),
    single(
        "ecny3",
        ("A cloned phone spends the same offline purse as the original. When is the double "
         "spend caught?",
         "一部克隆手机花掉了与原手机相同的离线余额。双重支付在什么时候被发现？"),
        [("At once, by the payee's phone.", "立刻，由收款方的手机发现。"),
         ("When the vouchers are synced with the central system: the one the purse can no "
          "longer cover is refused.",
          "凭证与中心系统同步时：离线余额已不足以覆盖的那张凭证被拒绝。"),
         ("Never: offline money cannot be checked.", "永远发现不了：离线的钱无法核对。"),
         ("When a block is mined.", "当一个区块被挖出时。")],
        "B",
        ("Offline, neither payee can tell; at sync the central system settles vouchers in the "
         "order they arrive and refuses any that overdraw the purse — so offline caps stay "
         "small.",
         "离线时两个收款方都无从知晓；同步时中心系统按到达顺序结算，拒绝任何透支离线余额的凭证——"
         "所以离线额度要设得很小。"),
        Reread(ECNY, ("3. Offline payments (离线支付)", "3. 离线支付")),
    ),
]
