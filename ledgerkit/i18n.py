"""English and Simplified Chinese strings for errors and widgets (中英文界面文字).

Every user-facing sentence lives here under a key, so a learner can switch the whole
course to Chinese with one call and a translator finds everything in one place.

>>> set_language("zh"); text("mine"); set_language("en")
'挖矿'
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

_current = "en"

# key -> (English, 简体中文). Templates use str.format fields.
STRINGS: dict[str, tuple[str, str]] = {
    # --- errors: crypto -------------------------------------------------------------
    "err.not_bytes": (
        "{what} must be bytes, not {got}. Encode text first, e.g. 'abc'.encode().",
        "{what} 必须是 bytes，而不是 {got}。请先把文本编码，例如 'abc'.encode()。",
    ),
    "err.unknown_curve": (
        "Unknown curve {curve!r}. Choose one of {choices}.",
        "未知的曲线 {curve!r}。请从 {choices} 中选择。",
    ),
    "err.bad_key": (
        "This is not a valid {curve} key: {detail}. Export a key with .to_hex() or .to_pem() "
        "and import it with KeyPair.from_hex() or KeyPair.from_pem().",
        "这不是有效的 {curve} 密钥：{detail}。请用 .to_hex() 或 .to_pem() 导出，"
        "再用 KeyPair.from_hex() 或 KeyPair.from_pem() 导入。",
    ),
    "err.no_private_key": (
        "This key pair holds only a public key, so it cannot sign. Sign with the owner's "
        "full key pair.",
        "该密钥对只有公钥，无法签名。请使用所有者的完整密钥对签名。",
    ),
    # --- errors: blocks and chains ---------------------------------------------------
    "err.header_length": (
        "A block header is exactly 80 bytes; got {got}. Check that the hex string is complete.",
        "区块头必须正好 80 字节；实际为 {got} 字节。请检查十六进制字符串是否完整。",
    ),
    "err.field_range": (
        "{field} must be an integer from {low} to {high}; got {got!r}.",
        "{field} 必须是 {low} 到 {high} 之间的整数；实际为 {got!r}。",
    ),
    "err.hash_length": (
        "{field} must be 32 bytes (64 hex digits); got {got} bytes.",
        "{field} 必须是 32 字节（64 个十六进制字符）；实际为 {got} 字节。",
    ),
    "err.not_hex": (
        "{field} must be hexadecimal digits (0-9, a-f); got {got!r}.",
        "{field} 必须是十六进制字符（0-9、a-f）；实际为 {got!r}。",
    ),
    "err.bad_bits": (
        "Compact target 0x{bits:08x} is invalid: {detail}.",
        "紧凑难度目标 0x{bits:08x} 无效：{detail}。",
    ),
    "err.difficulty_range": (
        "Difficulty must be from {low} to {high} leading zero bits; got {got!r}.",
        "难度必须是 {low} 到 {high} 个前导零比特；实际为 {got!r}。",
    ),
    "err.empty_merkle": (
        "A Merkle tree needs at least one leaf (a block always has its coinbase transaction).",
        "默克尔树至少需要一个叶子（每个区块至少有一笔 coinbase 交易）。",
    ),
    "err.leaf_index": (
        "Leaf index {index} is out of range: the tree has {count} leaves (0 to {last}).",
        "叶子序号 {index} 超出范围：这棵树有 {count} 个叶子（0 到 {last}）。",
    ),
    "err.no_block": (
        "There is no block {index}: the chain has {count} blocks (0 to {last}).",
        "不存在第 {index} 号区块：链上共有 {count} 个区块（0 到 {last}）。",
    ),
    "err.unknown_parent": (
        "Block {hash} builds on {prev}, which this chain has never seen. Add its parent first.",
        "区块 {hash} 的父区块 {prev} 在本链中不存在。请先添加父区块。",
    ),
    "err.block_invalid": (
        "Block rejected: {reason}",
        "区块被拒绝：{reason}",
    ),
    "err.mining_gave_up": (
        "No nonce below {max_nonce} meets the target. Change the timestamp or lower the "
        "difficulty and mine again.",
        "在 {max_nonce} 以内没有找到满足目标的随机数。请修改时间戳或降低难度后重新挖矿。",
    ),
    "err.mining_stopped": (
        "Mining was stopped after {attempts} attempts; nothing was added.",
        "挖矿在 {attempts} 次尝试后被停止；没有添加任何区块。",
    ),
    # --- reasons a block is invalid (used by validate / find_tampering) -------------
    "why.link": (
        "its previous-block hash does not match block {prev_index}'s hash "
        "(the chain is broken here)",
        "它记录的前一区块哈希与第 {prev_index} 号区块的哈希不一致（链条在此断开）",
    ),
    "why.pow": (
        "its hash does not meet the proof-of-work target (it was changed after mining)",
        "它的哈希不满足工作量证明的目标（挖出后被修改过）",
    ),
    "why.merkle": (
        "its Merkle root does not match its transactions (the data was changed)",
        "它的默克尔根与交易数据不一致（数据被修改过）",
    ),
    "why.tx": (
        "transaction {tx_index} is invalid: {detail}",
        "第 {tx_index} 笔交易无效：{detail}",
    ),
    "why.bits": (
        "its difficulty bits 0x{bits:08x} differ from the chain's 0x{expected:08x}",
        "它的难度目标 0x{bits:08x} 与本链的 0x{expected:08x} 不一致",
    ),
    "why.genesis": (
        "the first block must build on the all-zero hash",
        "创世区块的前一区块哈希必须全为零",
    ),
    # --- errors: ledger --------------------------------------------------------------
    "err.amount": (
        "Amount must be a positive whole number of coins; got {got!r}.",
        "金额必须是正整数个币；实际为 {got!r}。",
    ),
    "err.insufficient": (
        "{sender} has {balance} but tries to send {amount}. Send at most the balance.",
        "{sender} 的余额为 {balance}，却试图转出 {amount}。转出金额不能超过余额。",
    ),
    "err.bad_signature": (
        "The signature does not match the transaction and the sender's public key: "
        "sign the transaction with the sender's own key, and do not change it afterwards.",
        "签名与交易内容及付款人公钥不匹配：请用付款人自己的私钥签名，签名后不要再修改交易。",
    ),
    "err.wrong_sender_key": (
        "The public key does not belong to sender {sender}: only the owner of an account can "
        "spend from it.",
        "该公钥不属于付款人 {sender}：只有账户所有者才能从中转出。",
    ),
    "err.nonce_replay": (
        "{sender}'s next nonce is {expected}, but this transaction has nonce {got}, which was "
        "already used: this is a replay or a double spend.",
        "{sender} 的下一个序号应为 {expected}，而这笔交易的序号为 {got}，"
        "该序号已被使用：这是重放或双花。",
    ),
    "err.nonce_gap": (
        "{sender}'s next nonce is {expected}, but this transaction has nonce {got}. "
        "Send the transactions in order, one nonce at a time.",
        "{sender} 的下一个序号应为 {expected}，而这笔交易的序号为 {got}。"
        "请按顺序发送交易，序号逐一递增。",
    ),
    "hint.replay": (
        "It was already used: this is a replay or a double spend.",
        "该序号已被使用：这是重放或双花。",
    ),
    "hint.gap": (
        "Send the transactions in order, one nonce at a time.",
        "请按顺序发送交易，序号逐一递增。",
    ),
    "err.self_transfer": (
        "Sender and recipient are both {address}; send to another account.",
        "付款人和收款人都是 {address}；请转给另一个账户。",
    ),
    "err.coinbase_place": (
        "Only the first transaction of a block may be a coinbase (the miner's reward).",
        "只有区块的第一笔交易可以是 coinbase（矿工奖励）。",
    ),
    "err.coinbase_amount": (
        "The coinbase pays {got}, but the block reward is {reward}.",
        "coinbase 支付了 {got}，但区块奖励是 {reward}。",
    ),
    # --- errors: exercises and magics -------------------------------------------------
    "err.unknown_exercise": (
        "There is no exercise {exercise_id!r}. Known exercises start with: {prefixes}.",
        "不存在练习 {exercise_id!r}。已有练习的前缀为：{prefixes}。",
    ),
    "err.unknown_language": (
        "Unknown language {lang!r}; choose 'en' (English) or 'zh' (简体中文).",
        "未知语言 {lang!r}；请选择 'en'（English）或 'zh'（简体中文）。",
    ),
    # --- exercises feedback ----------------------------------------------------------
    "check.right": ("Correct! {why}", "正确！{why}"),
    "check.wrong": ("Not yet. {hint}", "还不对。{hint}"),
    # --- widgets ---------------------------------------------------------------------
    "mempool": ("Mempool (pending transactions)", "交易池（待打包交易）"),
    "add_tx": ("Add transaction", "添加交易"),
    "from": ("From", "付款人"),
    "to": ("To", "收款人"),
    "amount": ("Amount", "金额"),
    "include": ("include", "打包"),
    "difficulty": ("Difficulty (zero bits)", "难度（前导零比特）"),
    "mine": ("Mine", "挖矿"),
    "remine": ("Re-mine from here", "从这里重新挖矿"),
    "mining": ("Mining…", "挖矿中…"),
    "attempts": ("attempts", "尝试次数"),
    "hash_rate": ("hash rate", "哈希速率"),
    "current_hash": ("current hash", "当前哈希"),
    "next_block": ("Next block", "下一个区块"),
    "block": ("Block", "区块"),
    "valid": ("valid", "有效"),
    "invalid": ("invalid", "无效"),
    "prev_hash": ("Previous hash", "前一区块哈希"),
    "merkle_root": ("Merkle root", "默克尔根"),
    "timestamp": ("Time", "时间戳"),
    "bits": ("Bits (target)", "难度目标"),
    "nonce": ("Nonce", "随机数"),
    "hash": ("Hash", "哈希"),
    "data": ("Data", "数据"),
    "transactions": ("Transactions", "交易"),
    "edit_block": ("Edit the data of block", "修改区块数据"),
    "apply_edit": ("Change data", "修改数据"),
    "peers": ("Peers (three copies of the ledger)", "节点（账本的三份副本）"),
    "peer": ("Peer", "节点"),
    "tamper_peer": ("Tamper with peer", "篡改节点"),
    "majority": ("The majority agrees on tip {tip}; peer {peers} disagrees.",
                 "多数节点认可链尾 {tip}；节点 {peers} 与之不一致。"),
    "all_agree": ("All peers agree on tip {tip}.", "所有节点都认可链尾 {tip}。"),
    "no_tx_selected": ("No transactions selected: the block will hold only the coinbase.",
                       "未选择交易：区块中将只有 coinbase 交易。"),
    "mined": ("Mined block {index} after {attempts} attempts ({rate}).",
              "经过 {attempts} 次尝试挖出第 {index} 号区块（{rate}）。"),
    "edited": ("Block {index} changed: it and every later block are now invalid.",
               "第 {index} 号区块被修改：它及之后的所有区块都已无效。"),
    "repaired": ("Re-mined blocks {first} to {last}: the chain is valid again.",
                 "已重新挖出第 {first} 到第 {last} 号区块：链重新有效。"),
    "chain_valid": ("The chain is valid.", "区块链有效。"),
    "chain_invalid": ("Block {index} is invalid: {reason}", "第 {index} 号区块无效：{reason}"),
    "language": ("Language", "语言"),
    # --- block formation widget and HTML pictures (ledgerkit.formation, render) -------
    "why.after": (
        "it builds on block {bad_index}, which is invalid",
        "它建立在无效的第 {bad_index} 号区块之上",
    ),
    "err.unknown_account": (
        "Unknown account {name!r}; choose one of {choices}.",
        "未知账户 {name!r}；请从 {choices} 中选择。",
    ),
    "err.no_transaction": (
        "Block {index} has no transaction {tx_index}: it holds {count} (0 to {last}).",
        "第 {index} 号区块没有第 {tx_index} 笔交易：它共有 {count} 笔（0 到 {last}）。",
    ),
    "err.unknown_peer": (
        "There is no peer {peer!r}; the peers are {choices}.",
        "不存在节点 {peer!r}；节点有 {choices}。",
    ),
    "err.header_field": (
        "{field!r} is not a block header field; choose one of {choices}.",
        "{field!r} 不是区块头字段；请从 {choices} 中选择。",
    ),
    "err.not_pending": (
        "Transaction {txid}… is not in the mempool.",
        "交易 {txid}… 不在交易池中。",
    ),
    "bf.title": ("Block formation", "区块形成"),
    "bf.intro": (
        "Pick transactions, then press Mine. Change a mined block and watch the chain "
        "turn red; Re-mine to repair it.",
        "选择交易后点击“挖矿”。修改一个已挖出的区块，看链条变红；再点击“重新挖矿”修复它。",
    ),
    "bf.chain": ("Your chain", "你的链"),
    "bf.miner": ("Miner", "矿工"),
    "bf.coinbase": ("coinbase", "coinbase 出块奖励"),
    "bf.version": ("Version", "版本"),
    "bf.zero_bits": ("{count} zero bits", "{count} 个前导零比特"),
    "bf.nonce_unknown": ("found by mining", "由挖矿求得"),
    "bf.would_refuse": ("refused: {reason}", "将被拒绝：{reason}"),
    "bf.header": ("Block header", "区块头"),
    "bf.meets_target": ("meets its target", "满足目标值"),
    "bf.misses_target": ("misses its target", "未满足目标值"),
    "bf.transaction": ("Transaction", "交易"),
    "bf.txid": ("Transaction id", "交易 ID"),
    "bf.signed": ("signature valid", "签名有效"),
    "bf.bad_signature": ("signature invalid", "签名无效"),
    "bf.resign": ("re-sign with the sender's key", "用付款人私钥重新签名"),
    "bf.set_nonce": ("Set nonce", "设置随机数"),
    "bf.tx_added": ("Added to the mempool: {tx}.", "已加入交易池：{tx}。"),
    "bf.nonce_set": (
        "Block {index} now has nonce {nonce}.",
        "第 {index} 号区块的随机数改为 {nonce}。",
    ),
    "bf.remined": (
        "Re-mined blocks {first} to {last}.",
        "已重新挖出第 {first} 到第 {last} 号区块。",
    ),
    "bf.sync_peers": ("Copy my chain to every peer", "把我的链复制给所有节点"),
    "bf.peers_synced": (
        "Every peer now holds a copy of your chain.",
        "所有节点现在都持有你的链的副本。",
    ),
    "bf.remine_copy": ("and re-mine its copy", "并重新挖出该副本"),
    "bf.tampered_peer": (
        "Peer {peer} rewrote block {index}: its reward now pays {attacker}.",
        "节点 {peer} 改写了第 {index} 号区块：出块奖励改付给 {attacker}。",
    ),
    "bf.tampered_remined": (
        "It re-mined its copy from block {first} on, so the copy looks valid on its own.",
        "它从第 {first} 号区块起重新挖出了自己的副本，所以该副本本身看起来有效。",
    ),
    "bf.peer_agrees": ("agrees with the majority", "与多数一致"),
    "bf.peer_differs": ("differs from block {index} on", "自第 {index} 号区块起与多数不一致"),
    "bf.no_majority": (
        "No two peers agree: there is no majority.",
        "没有两个节点一致：不存在多数。",
    ),
    "bf.yours_matches": ("Your chain is the majority's chain.", "你的链就是多数节点的链。"),
    "bf.yours_differs": ("Your chain differs from the majority's.", "你的链与多数节点的链不同。"),
    "bf.tx_nonce": ("nonce", "序号"),
    "bf.peer_copy_invalid": ("Peer {peer}'s own copy is invalid:", "节点 {peer} 的副本本身无效："),
    "bf.mempool_empty": ("The mempool is empty: add a transaction.", "交易池为空：请添加交易。"),
    "bf.repaired_one": (
        "Re-mined block {index}: the chain is valid again.",
        "已重新挖出第 {index} 号区块：链重新有效。",
    ),
    "bf.remined_one": ("Re-mined block {index}.", "已重新挖出第 {index} 号区块。"),
}


def register_strings(strings: dict[str, tuple[str, str]]) -> None:
    """Add a module's own (English, 简体中文) strings, e.g. the captions of a consensus engine.

    Keys must be new, so two modules never silently overwrite each other's text.

    >>> register_strings({"demo.hello": ("Hello", "你好")}); text("demo.hello", lang="zh")
    '你好'
    """
    clashes = [key for key in strings if key in STRINGS and STRINGS[key] != strings[key]]
    if clashes:
        raise ValueError(f"i18n keys defined twice: {clashes}")
    STRINGS.update(strings)


def set_language(lang: str) -> None:
    """Switch every later message to English ("en") or Simplified Chinese ("zh").

    >>> set_language("en")
    """
    global _current
    if lang not in LANGUAGES:
        # Not a LedgerError: errors.py imports this module, so keep the arrow one way.
        raise ValueError(text("err.unknown_language", lang=lang))
    _current = lang


def get_language() -> str:
    """The current language code, "en" or "zh".

    >>> get_language() in LANGUAGES
    True
    """
    return _current


def text(key: str, lang: str | None = None, **fields: object) -> str:
    """The string for `key` in `lang` (default: the current language), filled with `fields`.

    A field that can render itself (a `Phrase`, or a LedgerError) is rendered in the same
    language, so a message never comes out half English, half Chinese.

    >>> text("mined", lang="en", index=1, attempts=42, rate="1 kH/s")
    'Mined block 1 after 42 attempts (1 kH/s).'
    """
    lang = lang or _current
    english, chinese = STRINGS[key]
    template = chinese if lang == "zh" else english
    rendered = {
        name: value.in_language(lang) if hasattr(value, "in_language") else value
        for name, value in fields.items()
    }
    return template.format(**rendered)


class Phrase:
    """A message key and its fields, rendered later in whichever language is asked for.

    >>> Phrase("hint.gap").in_language("zh")
    '请按顺序发送交易，序号逐一递增。'
    """

    def __init__(self, key: str, **fields: object) -> None:
        self.key, self.fields = key, fields

    def in_language(self, lang: str) -> str:
        """This phrase in `lang` ("en" or "zh")."""
        return text(self.key, lang=lang, **self.fields)

    def __str__(self) -> str:
        return text(self.key, **self.fields)
