"""e-CNY (数字人民币): a central bank's digital cash, run by the central bank, not on a chain.

Honest first: e-CNY is centrally operated. The People's Bank of China (PBoC) issues it and keeps
the central system; the designated operating institutions (指定运营机构, commercial banks) open
wallets and serve users — the two-tier operation (双层运营). There is no consensus among
peers: one operator of record decides, which gives throughput, control and privacy
(controllable anonymity, 可控匿名) that a shared ledger would not. So this model is a central
ledger (`ECNYSystem`), not a consortium-chain contract.

What it enforces:

- **Two tiers.** The PBoC issues e-CNY to an operator only against the operator's reserves, 1:1
  (`issue`); the operator exchanges it into users' wallets (`load`, 兑出) and back (`redeem`,
  兑回). Money is conserved: what the PBoC issued equals operators' stock plus every wallet's
  online, offline and earmarked balance.
- **Wallet tiers.** Each wallet class has a balance cap, a cap per payment and a daily cap on
  payments (`TIERS`). The figures are the tiers in China Construction Bank's 2020 pilot
  agreement, as reported in 2020 (see `ledgerkit.cases`, "ecny_pilot_2020"); operators set the
  current ones, so treat them as the course's example. Class 4 opens with a phone number only
  (anonymous to the operator: small amounts anonymous, large ones traceable under the law —
  小额匿名、大额依法可溯).
- **Offline payments.** A wallet moves part of its balance into its device's offline purse
  (`to_offline`). Two offline devices pay each other with signed, numbered vouchers the
  central system has not seen (`pay_offline`); it settles each voucher when the payee's device
  comes online (`sync`). A voucher that spends the same purse twice — a cloned device — is
  caught at sync and never credited. Offline spending is limited by the purse (at most
  `OFFLINE_CAP`), so it does not count towards the online daily cap.
- **Conditional payments.** A payer earmarks money for a class of merchant until a day
  (`earmark`); only such a merchant can be paid from it (`spend_earmarked`); what is left on
  the day after returns to the payer (`expire`). The condition is a rule of the central system,
  the "programmable payment" (智能合约) of e-CNY — not code on a public chain.

Every refusal is an `InvalidTransaction` naming its rule, raised before anything changes.

Teaching simplifications: one operator per wallet; no fees; days, not times; the offline
purse's cap (`OFFLINE_CAP`) and the merchant classes are the course's *proposal*; interest on
real-name wallet balances (paid as demand deposits since 1 January 2026) is left out.

>>> system = ECNYSystem()
>>> system.issue("bank_a", Decimal("100000.00"))
>>> system.open_wallet("li", operator="bank_a", tier=2, holder="Li Hua")
>>> system.open_wallet("shop", operator="bank_a", tier=1, holder="Shop Ltd")
>>> system.load("li", Decimal("3000.00"))
>>> system.pay("li", "shop", Decimal("1200.00"), day=date(2026, 3, 2))
>>> system.wallets["li"]["balance"], system.conserved()
(Decimal('1800.00'), True)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ledgerkit.contracts import canonical_bytes
from ledgerkit.errors import InvalidTransaction
from ledgerkit.finance.rates import FEN
from ledgerkit.i18n import register_strings

# class: (balance cap, cap per payment, daily payment cap), yuan — CCB's 2020 pilot terms
TIERS = {
    1: (Decimal("500000.00"), Decimal("50000.00"), Decimal("100000.00")),
    2: (Decimal("10000.00"), Decimal("5000.00"), Decimal("10000.00")),
    3: (Decimal("2000.00"), Decimal("2000.00"), Decimal("2000.00")),
    4: (Decimal("1000.00"), Decimal("500.00"), Decimal("1000.00")),
}
ANONYMOUS_TIER = 4  # opened with a phone number only
OFFLINE_CAP = Decimal("1000.00")  # the most a device holds offline (*proposal*)
MERCHANT_CLASSES = {"food": "餐饮", "education": "教育培训", "transport": "交通出行"}

register_strings({
    "ecny.amount": ("{what} must be a positive Decimal in whole fen; got {got!r}.",
                    "{what} 必须是以分为单位的正 Decimal 金额；实际为 {got!r}。"),
    "ecny.no_reserves": ("The PBoC issues e-CNY only against the operator's reserves, 1:1: "
                         "{operator} has {reserves}, not {amount}.",
                         "人民银行只按 1:1 兑换运营机构的准备金发行数字人民币：{operator} 只有 "
                         "{reserves}，不足 {amount}。"),
    "ecny.wallet_exists": ("Wallet {wallet} already exists.", "钱包 {wallet} 已存在。"),
    "ecny.unknown_wallet": ("There is no wallet {wallet}.", "不存在钱包 {wallet}。"),
    "ecny.unknown_operator": ("{operator} is not an operating institution of this system.",
                              "{operator} 不是本系统的指定运营机构。"),
    "ecny.tier": ("Wallet class must be 1, 2, 3 or 4; got {got!r}.",
                  "钱包类别必须是 1、2、3 或 4；实际为 {got!r}。"),
    "ecny.holder": ("A class {tier} wallet is opened in a real name: give the holder.",
                    "{tier} 类钱包须实名开立：请给出持有人。"),
    "ecny.operator_stock": ("{operator} holds {stock} of e-CNY, not {amount}: ask the PBoC to "
                            "issue more against reserves.",
                            "{operator} 持有的数字人民币为 {stock}，不足 {amount}：请先向人民银行"
                            "以准备金兑换。"),
    "ecny.balance_cap": ("A class {tier} wallet holds at most {cap}; {wallet} would hold "
                         "{after}. Upgrade the wallet (more identity checks) or pay less.",
                         "{tier} 类钱包余额上限为 {cap}；{wallet} 将达到 {after}。"
                         "请升级钱包（补充身份核验）或减少金额。"),
    "ecny.single_cap": ("A class {tier} wallet pays at most {cap} at a time; {amount} was asked.",
                        "{tier} 类钱包单笔支付上限为 {cap}；本次为 {amount}。"),
    "ecny.daily_cap": ("A class {tier} wallet pays at most {cap} a day; {wallet} has paid "
                       "{paid} on {day}, so {amount} more would exceed it.",
                       "{tier} 类钱包日累计支付上限为 {cap}；{wallet} 在 {day} 已支付 {paid}，"
                       "再付 {amount} 将超限。"),
    "ecny.no_funds": ("{wallet} has {balance} {where}, not {amount}.",
                      "{wallet} 的{where_zh}余额为 {balance}，不足 {amount}。"),
    "ecny.self": ("A wallet cannot pay itself.", "钱包不能向自己付款。"),
    "ecny.offline_cap": ("A device holds at most {cap} offline; {wallet} would hold {after}.",
                         "一台设备离线最多持有 {cap}；{wallet} 将达到 {after}。"),
    "ecny.voucher_seen": ("Offline voucher {voucher} was already settled.",
                          "离线凭证 {voucher} 已经结算过。"),
    "ecny.double_spend": ("Double spend caught at sync: {payer}'s offline purse held {purse}, "
                          "already {spent} settled, so voucher {voucher} for {amount} spends "
                          "money that is not there. It is not credited.",
                          "同步时发现双重支付：{payer} 的离线钱包只有 {purse}，已结算 {spent}，"
                          "凭证 {voucher} 的 {amount} 花的是不存在的钱，不予入账。"),
    "ecny.merchant_class": ("Unknown merchant class {got!r}; use one of {choices}.",
                            "未知商户类别 {got!r}；请从 {choices} 中选择。"),
    "ecny.until": ("An earmark must end on a day after {day}; got {got!r}.",
                   "定向支付的截止日必须晚于 {day}；实际为 {got!r}。"),
    "ecny.unknown_earmark": ("There is no earmark {earmark}.", "不存在定向支付 {earmark}。"),
    "ecny.wrong_merchant": ("Earmark {earmark} is for {allowed} merchants; {merchant} is "
                            "{actual}.", "定向支付 {earmark} 只能用于{allowed_zh}商户；{merchant} "
                            "属于{actual_zh}。"),
    "ecny.earmark_over": ("Earmark {earmark} ended on {until}: its rest went back to the payer.",
                          "定向支付 {earmark} 已于 {until} 截止：余额已退回付款方。"),
    "ecny.earmark_left": ("Earmark {earmark} has {left} left, not {amount}.",
                          "定向支付 {earmark} 只剩 {left}，不足 {amount}。"),
    "ecny.legal_basis": ("Wallet {wallet} is anonymous (class 4): its holder is disclosed only "
                         "under a legal basis, e.g. a court's or police's written request; give "
                         "its reference.",
                         "钱包 {wallet} 是匿名的四类钱包：只有依法（如法院或公安机关的书面协查）"
                         "才能披露持有人；请给出文书编号。"),
})
_WHERE = {"online": ("online", "在线"), "offline": ("offline", "离线")}


def _money(value: Any, what: str) -> Decimal:
    if not (isinstance(value, Decimal) and value.is_finite() and value > 0
            and value == value.quantize(FEN)):
        raise InvalidTransaction("ecny.amount", what=what, got=value)
    return value


class ECNYSystem:
    """The central e-CNY system: the PBoC's issuance, operators' stock, wallets, offline
    vouchers and earmarks, all in one state that only its methods change.

    >>> ECNYSystem(operators=("bank_a",)).stock
    {'bank_a': Decimal('0.00')}
    """

    def __init__(self, operators: tuple[str, ...] = ("bank_a", "bank_b"),
                 reserves: Decimal = Decimal("1000000.00")) -> None:
        self.issued = Decimal("0.00")  # all e-CNY the PBoC has put out
        self.reserves = {op: reserves for op in operators}  # at the PBoC, convertible 1:1
        self.stock = {op: Decimal("0.00") for op in operators}  # e-CNY held by operators
        self.wallets: dict[str, dict[str, Any]] = {}
        self.paid_on: dict[str, Decimal] = {}  # "wallet|day" -> paid that day
        self.settled_vouchers: dict[str, dict[str, Any]] = {}
        self.earmarks: dict[int, dict[str, Any]] = {}
        self.log: list[dict[str, Any]] = []  # the operator-of-record's transaction log

    # --- views ---

    def state_bytes(self) -> bytes:
        """Canonical bytes of the whole state: equal before and after any refusal."""
        return canonical_bytes(dict(vars(self)))

    def total_held(self) -> Decimal:
        """Operators' stock plus every wallet's online, offline and earmarked money."""
        held = sum(self.stock.values(), Decimal("0.00"))
        for wallet in self.wallets.values():
            held += wallet["balance"] + wallet["offline"]
        # an offline voucher not yet synced is still in its payer's offline purse
        return held + sum((e["left"] for e in self.earmarks.values()), Decimal("0.00"))

    def conserved(self) -> bool:
        """True when everything held adds up to what the PBoC issued."""
        return self.total_held() == self.issued

    def holder(self, wallet: str, legal_basis: str = "") -> str:
        """Who holds `wallet`: the real name, or for an anonymous (class 4) wallet the phone
        number it was opened with — and that only under a legal basis (小额匿名、大额依法可溯);
        the disclosure is logged."""
        found = self._wallet(wallet)
        if found["tier"] == ANONYMOUS_TIER:
            if not (isinstance(legal_basis, str) and legal_basis.strip()):
                raise InvalidTransaction("ecny.legal_basis", wallet=wallet)
            self.log.append({"kind": "disclosed", "wallet": wallet, "basis": legal_basis})
        return found["holder"] or found["phone"]

    # --- the PBoC and the operators ---

    def issue(self, operator: str, amount: Decimal) -> None:
        """The PBoC issues `amount` of e-CNY to `operator` against its reserves, 1:1."""
        self._operator(operator)
        amount = _money(amount, "amount")
        if self.reserves[operator] < amount:
            raise InvalidTransaction("ecny.no_reserves", operator=operator,
                                     reserves=self.reserves[operator], amount=amount)
        self.reserves[operator] -= amount
        self.stock[operator] += amount
        self.issued += amount

    def open_wallet(self, wallet: str, operator: str, tier: int, holder: str = "",
                    phone: str = "") -> None:
        """An operator opens a wallet of class `tier`; classes 1–3 need a real-name holder,
        class 4 only a phone number."""
        self._operator(operator)
        if wallet in self.wallets:
            raise InvalidTransaction("ecny.wallet_exists", wallet=wallet)
        if isinstance(tier, bool) or tier not in TIERS:
            raise InvalidTransaction("ecny.tier", got=tier)
        if tier != ANONYMOUS_TIER and not (isinstance(holder, str) and holder.strip()):
            raise InvalidTransaction("ecny.holder", tier=tier)
        self.wallets[wallet] = {"operator": operator, "tier": tier, "holder": holder,
                                "phone": phone, "balance": Decimal("0.00"),
                                "offline": Decimal("0.00"), "offline_loaded": Decimal("0.00")}

    def load(self, wallet: str, amount: Decimal) -> None:
        """兑出: the wallet's operator exchanges deposits or cash into e-CNY in the wallet."""
        found = self._wallet(wallet)
        amount = _money(amount, "amount")
        operator = found["operator"]
        if self.stock[operator] < amount:
            raise InvalidTransaction("ecny.operator_stock", operator=operator,
                                     stock=self.stock[operator], amount=amount)
        self._room(wallet, amount)
        self.stock[operator] -= amount
        found["balance"] += amount

    def redeem(self, wallet: str, amount: Decimal) -> None:
        """兑回: the holder exchanges e-CNY back at the operator."""
        found = self._wallet(wallet)
        amount = _money(amount, "amount")
        self._funds(wallet, amount, "online")
        found["balance"] -= amount
        self.stock[found["operator"]] += amount

    # --- paying online ---

    def pay(self, payer: str, payee: str, amount: Decimal, day: date) -> None:
        """Pay online: within the payer's caps per payment and per day and the payee's
        balance cap; logged by the operator of record."""
        amount = _money(amount, "amount")
        self._payable(payer, payee, amount, day)
        self._funds(payer, amount, "online")
        self._room(payee, amount)
        self.wallets[payer]["balance"] -= amount
        self.wallets[payee]["balance"] += amount
        self.paid_on[f"{payer}|{day}"] = self._paid(payer, day) + amount
        self.log.append({"kind": "pay", "payer": payer, "payee": payee, "amount": amount,
                         "day": day})

    # --- offline ---

    def to_offline(self, wallet: str, amount: Decimal) -> None:
        """Move `amount` from the wallet's online balance into its device's offline purse."""
        found = self._wallet(wallet)
        amount = _money(amount, "amount")
        self._funds(wallet, amount, "online")
        after = found["offline"] + amount
        if after > OFFLINE_CAP:
            raise InvalidTransaction("ecny.offline_cap", cap=OFFLINE_CAP, wallet=wallet,
                                     after=after)
        found["balance"] -= amount
        found["offline"] = after
        found["offline_loaded"] += amount

    def pay_offline(self, payer: str, payee: str, amount: Decimal, day: date,
                    number: int) -> dict[str, Any]:
        """Both devices offline: the payer's device signs voucher `number` for `amount`. The
        central system sees nothing until the payee syncs; the voucher is returned to be
        handed to `sync`. (A cloned device can sign a second voucher on the same purse.)"""
        amount = _money(amount, "amount")
        self._payable(payer, payee, amount, day)
        self._funds(payer, amount, "offline")  # the device checks its own purse, as it last knew it
        return {"voucher": f"{payer}#{number}", "payer": payer, "payee": payee,
                "amount": amount, "day": day}

    def sync(self, voucher: dict[str, Any]) -> None:
        """The payee's device comes online: settle the voucher from the payer's offline
        purse. A voucher seen before, or one the purse cannot cover any more, is refused —
        that is how a double spend of an offline balance is caught."""
        key, payer, payee = voucher["voucher"], voucher["payer"], voucher["payee"]
        amount = _money(voucher["amount"], "amount")
        found = self._wallet(payer)
        self._wallet(payee)
        if key in self.settled_vouchers:
            raise InvalidTransaction("ecny.voucher_seen", voucher=key)
        if found["offline"] < amount:
            raise InvalidTransaction("ecny.double_spend", payer=payer,
                                     purse=found["offline_loaded"],
                                     spent=found["offline_loaded"] - found["offline"],
                                     voucher=key, amount=amount)
        self._room(payee, amount)
        found["offline"] -= amount
        self.wallets[payee]["balance"] += amount
        self.settled_vouchers[key] = dict(voucher)
        self.log.append({"kind": "offline", **voucher})

    # --- conditional ("programmable") payments ---

    def earmark(self, payer: str, amount: Decimal, merchant_class: str, until: date,
                day: date) -> int:
        """Set aside `amount` of the payer's balance for `merchant_class` merchants until
        `until` (inclusive); returns the earmark's number."""
        found = self._wallet(payer)
        amount = _money(amount, "amount")
        if merchant_class not in MERCHANT_CLASSES:
            raise InvalidTransaction("ecny.merchant_class", got=merchant_class,
                                     choices=", ".join(MERCHANT_CLASSES))
        if not isinstance(until, date) or until <= day:
            raise InvalidTransaction("ecny.until", day=day, got=until)
        self._funds(payer, amount, "online")
        found["balance"] -= amount
        number = len(self.earmarks) + 1
        self.earmarks[number] = {"payer": payer, "class": merchant_class, "until": until,
                                 "left": amount, "status": "open"}
        return number

    def spend_earmarked(self, number: int, merchant: str, merchant_class: str,
                        amount: Decimal, day: date) -> None:
        """Pay a merchant of the earmark's class from it, on or before its last day."""
        if number not in self.earmarks:
            raise InvalidTransaction("ecny.unknown_earmark", earmark=number)
        found = self.earmarks[number]
        amount = _money(amount, "amount")
        self._wallet(merchant)
        if found["status"] != "open" or day > found["until"]:
            raise InvalidTransaction("ecny.earmark_over", earmark=number, until=found["until"])
        if merchant_class != found["class"]:
            raise InvalidTransaction(
                "ecny.wrong_merchant", earmark=number, allowed=found["class"],
                allowed_zh=MERCHANT_CLASSES[found["class"]], merchant=merchant,
                actual=merchant_class, actual_zh=MERCHANT_CLASSES.get(merchant_class,
                                                                      merchant_class))
        if found["left"] < amount:
            raise InvalidTransaction("ecny.earmark_left", earmark=number, left=found["left"],
                                     amount=amount)
        self._room(merchant, amount)
        found["left"] -= amount
        self.wallets[merchant]["balance"] += amount

    def expire(self, day: date) -> list[int]:
        """After their last day, return what is left of open earmarks to their payers;
        returns the numbers of the earmarks closed. (The balance cap does not stop a return:
        it is the payer's own money coming back.)"""
        closed = [n for n, e in self.earmarks.items() if e["status"] == "open" and day > e["until"]]
        for number in closed:
            found = self.earmarks[number]
            self.wallets[found["payer"]]["balance"] += found["left"]
            found["left"], found["status"] = Decimal("0.00"), "returned"
        return closed

    # --- checks ---

    def _operator(self, operator: str) -> None:
        if operator not in self.stock:
            raise InvalidTransaction("ecny.unknown_operator", operator=operator)

    def _wallet(self, wallet: str) -> dict[str, Any]:
        if wallet not in self.wallets:
            raise InvalidTransaction("ecny.unknown_wallet", wallet=wallet)
        return self.wallets[wallet]

    def _funds(self, wallet: str, amount: Decimal, where: str) -> None:
        found = self._wallet(wallet)
        balance = found["balance" if where == "online" else "offline"]
        if balance < amount:
            raise InvalidTransaction("ecny.no_funds", wallet=wallet, balance=balance,
                                     where=_WHERE[where][0], where_zh=_WHERE[where][1],
                                     amount=amount)

    def _room(self, wallet: str, amount: Decimal) -> None:
        found = self._wallet(wallet)
        cap = TIERS[found["tier"]][0]
        after = found["balance"] + found["offline"] + amount
        if after > cap:
            raise InvalidTransaction("ecny.balance_cap", tier=found["tier"], cap=cap,
                                     wallet=wallet, after=after)

    def _paid(self, wallet: str, day: date) -> Decimal:
        return self.paid_on.get(f"{wallet}|{day}", Decimal("0.00"))

    def _payable(self, payer: str, payee: str, amount: Decimal, day: date) -> None:
        found = self._wallet(payer)
        self._wallet(payee)
        if payer == payee:
            raise InvalidTransaction("ecny.self")
        _, single, daily = TIERS[found["tier"]]
        if amount > single:
            raise InvalidTransaction("ecny.single_cap", tier=found["tier"], cap=single,
                                     amount=amount)
        paid = self._paid(payer, day)
        if paid + amount > daily:
            raise InvalidTransaction("ecny.daily_cap", tier=found["tier"], cap=daily,
                                     wallet=payer, paid=paid, day=day, amount=amount)
