"""English and Simplified Chinese strings for errors and widgets (中英文界面文字).

Every user-facing sentence lives here under a key, so a learner can switch the whole
course to Chinese with one call and a translator finds everything in one place.

>>> set_language("zh"); text("mine"); set_language("en")
'挖矿'
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

LANGUAGES = ("en", "zh")

# What people type for the two languages. set_language() and the class-wide LEDGERKIT_LANG
# accept them all, compared without case and with "_" read as "-".
ALIASES: dict[str, str] = {
    **dict.fromkeys(("en", "en-us", "en-gb", "english", "英文", "英语"), "en"),
    **dict.fromkeys(("zh", "cn", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg", "chinese",
                     "中文", "简体中文", "汉语"), "zh"),
}

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
        "Unknown language {given!r}; choose 'en' (English) or 'zh' (简体中文).",
        "未知语言 {given!r}；请选择 'en'（English）或 'zh'（简体中文）。",
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
    # --- the node voting widget (ledgerkit.voting, render_voting, widgets.node_voting) ----
    "nv.title": ("Node voting", "节点投票"),
    "nv.intro.pbft": (
        "PBFT: the primary proposes, the replicas vote in rounds, a quorum decides.",
        "PBFT：主节点提议，副本逐轮投票，法定人数决定。",
    ),
    "nv.intro.raft": (
        "Raft: an elected leader copies its log; a majority commits.",
        "Raft：选出的领导者复制日志，多数节点保存即提交。",
    ),
    "nv.start.pbft": (
        "{n} replicas wait for the client. Press Step: the client sends its request to the "
        "primary.",
        "{n} 个副本等待客户端。按“单步”：客户端把请求发送给主节点。",
    ),
    "nv.start.raft": (
        "{n} nodes start as followers, each with a random election timeout. Press Step to "
        "run to the next event.",
        "{n} 个节点以跟随者身份启动，各有一个随机的选举超时。按“单步”运行到下一个事件。",
    ),
    "nv.step": ("Step", "单步"),
    "nv.back": ("Back", "后退"),
    "nv.history": ("History", "历史"),
    "nv.step_of": ("Step {index} of {latest}", "第 {index} 步（共 {latest} 步）"),
    "nv.start": ("Start", "开始"),
    "nv.request.pbft": ("New request", "新请求"),
    "nv.request.raft": ("Client request", "客户端请求"),
    "nv.timeout": ("Time out", "超时"),
    "nv.node.pbft": ("Replica", "副本"),
    "nv.node.raft": ("Node", "节点"),
    "nv.click_hint.pbft": (
        "Click a replica: healthy → crashed → Byzantine → healthy.",
        "点击副本：正常 → 宕机 → 拜占庭 → 正常。",
    ),
    "nv.click_hint.raft": ("Click a node to stop or resume it.", "点击节点可停止或恢复运行。"),
    "nv.click": ("Click: {action}", "点击：{action}"),
    "nv.action.crash": ("crash it", "使其宕机"),
    "nv.action.byzantine": ("make it Byzantine", "使其成为拜占庭节点"),
    "nv.action.recover": ("recover it", "恢复它"),
    "nv.action.stop": ("stop it", "停止它"),
    "nv.action.resume": ("resume it", "恢复运行"),
    "nv.role.primary": ("primary", "主节点"),
    "nv.role.backup": ("backup", "备份节点"),
    "nv.role.leader": ("leader", "领导者"),
    "nv.role.candidate": ("candidate", "候选者"),
    "nv.role.follower": ("follower", "跟随者"),
    "nv.fault.crashed": ("crashed", "宕机"),
    "nv.fault.byzantine": ("Byzantine", "拜占庭"),
    "nv.fault.stopped": ("stopped", "已停止"),
    "nv.phase.idle": ("idle", "空闲"),
    "nv.phase.pre-prepared": ("pre-prepared", "已预准备"),
    "nv.phase.prepared": ("prepared", "已准备"),
    "nv.phase.committed": ("committed", "已提交"),
    "nv.phase.view-change": ("changing view", "视图切换中"),
    "nv.counter.prepares": ("prepares", "准备"),
    "nv.counter.commits": ("commits", "提交"),
    "nv.counter.votes": ("votes", "选票"),
    "nv.counter.stored": ("stored", "已存"),
    "nv.kind.request": ("request", "请求"),
    "nv.kind.pre-prepare": ("PRE-PREPARE", "PRE-PREPARE 预准备"),
    "nv.kind.prepare": ("PREPARE", "PREPARE 准备"),
    "nv.kind.commit": ("COMMIT", "COMMIT 提交"),
    "nv.kind.reply": ("reply", "回复"),
    "nv.kind.view-change": ("VIEW-CHANGE", "VIEW-CHANGE 视图切换"),
    "nv.kind.new-view": ("NEW-VIEW", "NEW-VIEW 新视图"),
    "nv.kind.request-vote": ("RequestVote", "RequestVote 请求投票"),
    "nv.kind.vote": ("vote", "投票回复"),
    "nv.kind.append-entries": ("AppendEntries", "AppendEntries 追加日志"),
    "nv.kind.append-reply": ("AppendEntries reply", "追加日志回复"),
    "nv.legend.messages": ("Messages", "消息"),
    "nv.legend.nodes": ("Nodes", "节点"),
    "nv.legend.lost": ("lost: the receiver is down", "丢失：接收方已宕机"),
    "nv.legend.lie": ("a lie: Byzantine sender", "谎言：发送方是拜占庭节点"),
    "nv.legend.timer": ("election timer", "选举计时器"),
    "nv.client": ("client", "客户端"),
    "nv.accepted": ("accepted", "已接受"),
    "nv.view": ("view {view}", "视图 {view}"),
    "nv.term": ("term {term}", "任期 {term}"),
    "nv.none": ("none", "无"),
    "nv.quorum.2f1": ("quorum 2f+1 = {quorum}", "法定人数 2f+1 = {quorum}"),
    "nv.quorum.other": ("quorum ⌈(n+f+1)/2⌉ = {quorum}", "法定人数 ⌈(n+f+1)/2⌉ = {quorum}"),
    "nv.facts.pbft": (
        "n = {n} · f = {f} · {quorum_text} · faulty now: {faulty} · view {view} · "
        "primary: replica {primary} · seq {seq}",
        "n = {n} · f = {f} · {quorum_text} · 当前故障：{faulty} · 视图 {view} · "
        "主节点：副本 {primary} · 序号 {seq}",
    ),
    "nv.facts.raft": (
        "n = {n} · majority {majority} · stopped: {faulty} · term {term} · leader: {leader} · "
        "t = {time} ms",
        "n = {n} · 多数 {majority} · 已停止：{faulty} · 任期 {term} · 领导者：{leader} · "
        "t = {time} 毫秒",
    ),
    "nv.too_many_faulty": (
        "More than f = {f} replicas are faulty: PBFT can no longer promise progress.",
        "故障副本超过 f = {f} 个：PBFT 不再保证能取得进展。",
    ),
    "nv.no_majority": (
        "Fewer than a majority of the nodes run: no leader can be elected, nothing committed.",
        "运行中的节点不足多数：无法选出领导者，也无法提交任何日志。",
    ),
    "nv.replaying": (
        "You are looking back at step {index} of {latest}. Step replays what happened; a "
        "click on a node acts on the newest moment.",
        "你正在回看第 {index} 步（共 {latest} 步）。“单步”重放已发生的事；点击节点作用于"
        "最新时刻。",
    ),
    "nv.nothing": (
        "Nothing can happen: every node is stopped. Resume one.",
        "什么也不会发生：所有节点都已停止。请恢复一个节点。",
    ),
    "nv.err.protocol": (
        "Unknown protocol {got!r}; choose one of {choices}.",
        "未知的协议 {got!r}；请从 {choices} 中选择。",
    ),
    "nv.err.range": (
        "{name} must be a whole number from {low} to {high}; got {got!r}.",
        "{name} 必须是 {low} 到 {high} 之间的整数；实际为 {got!r}。",
    ),
    "nv.err.index": (
        "A moment of history is a whole number; got {got!r}.",
        "历史时刻必须是整数；实际为 {got!r}。",
    ),
    "nv.err.node": (
        "There is no node {got!r}: nodes are numbered 0 to {last}.",
        "不存在节点 {got!r}：节点编号为 0 到 {last}。",
    ),
    "nv.err.raft_only": (
        "{command!r} is a Raft command; PBFT has no election timer.",
        "{command!r} 是 Raft 的命令；PBFT 没有选举计时器。",
    ),
    "nv.err.raft_byzantine": (
        "Raft assumes nodes never lie, so a Raft node cannot be Byzantine; use PBFT.",
        "Raft 假定节点从不说谎，因此 Raft 节点不能是拜占庭节点；请使用 PBFT。",
    ),
    # --- the voucher splitting widget (ledgerkit.vouchers_view, render_vouchers, widgets) --
    "vs.title": ("Voucher splitting", "债权凭证拆分"),
    "vs.intro": (
        "A car maker's promise to pay moves up its supply chain: select a piece, split it, "
        "pass it on, finance it, then settle at maturity.",
        "主机厂的付款承诺沿供应链向上流转：选中一张凭证，拆分、转让、融资，到期兑付。",
    ),
    "vs.select": ("Piece", "凭证"),
    "vs.actor": ("Acting as", "操作方"),
    "vs.amounts": ("Amounts", "拆分金额"),
    "vs.amounts_hint": ("e.g. 300000, 700000", "例如 300000, 700000"),
    "vs.slider": ("First piece", "第一份"),
    "vs.split": ("Split", "拆分"),
    "vs.to": ("To", "转给"),
    "vs.transfer": ("Transfer", "转让"),
    "vs.bank": ("Bank", "银行"),
    "vs.rate": ("Rate % / year", "年利率 %"),
    "vs.finance": ("Finance (factoring)", "融资（保理）"),
    "vs.days": ("Days", "天数"),
    "vs.advance": ("Advance", "推进日期"),
    "vs.maturity": ("To maturity", "到期日"),
    "vs.settle": ("Settle", "兑付"),
    "vs.today": ("Today {today} · {root} due {due}", "今天 {today} · {root} 到期日 {due}"),
    "vs.quote": (
        "Financing {piece} today at {rate}: {days} days, interest {interest}, net {net}.",
        "今天以 {rate} 为 {piece} 融资：{days} 天，利息 {interest}，实得 {net}。",
    ),
    "vs.no_quote": ("{piece} cannot be financed now.", "{piece} 现在不能融资。"),
    "vs.status.ISSUED": ("issued", "已签发"),
    "vs.status.CONFIRMED": ("confirmed", "已确权"),
    "vs.status.SPLIT": ("split (frozen)", "已拆分（冻结）"),
    "vs.status.FINANCED": ("financed", "已融资"),
    "vs.status.SETTLED": ("settled", "已兑付"),
    "vs.status.EXPIRED": ("expired", "已失效"),
    "vs.role.core": ("core enterprise", "核心企业"),
    "vs.role.tier1": ("tier-1 supplier", "一级供应商"),
    "vs.role.tier2": ("tier-2 supplier", "二级供应商"),
    "vs.role.tier3": ("tier-3 supplier", "三级供应商"),
    "vs.role.bank": ("bank", "银行"),
    "vs.role.regulator": ("regulator", "监管方"),
    "vs.net": ("net {net}", "实得 {net}"),
    "vs.invariant.title": ("Invariant (live + settled = root)", "不变量（存续 + 已兑付 = 原凭证）"),
    "vs.invariant.line": (
        "{live_count} live pieces {live} + {settled_count} settled {settled} = {total}; "
        "root {root} = {root_amount}",
        "{live_count} 张存续凭证 {live} + {settled_count} 张已兑付 {settled} = {total}；"
        "原凭证 {root} = {root_amount}",
    ),
    "vs.invariant.holds": ("✓ the invariant holds", "✓ 不变量成立"),
    "vs.invariant.broken": ("✗ the invariant is broken", "✗ 不变量被破坏"),
    "vs.lineage.title": ("Lineage of {piece} (穿透, as the regulator sees it)",
                         "{piece} 的穿透路径（监管方视角）"),
    "vs.lineage.root": (
        "root receivable {root}: {core} owes {amount}, trade document {trade_ref}",
        "底层应收账款 {root}：{core} 欠款 {amount}，贸易单据 {trade_ref}",
    ),
    "vs.lineage.step": ("{piece}: {amount}, held by {holder} ({role}), {status}",
                        "{piece}：{amount}，持有人 {holder}（{role}），{status}"),
    "vs.legend": ("Colours:", "颜色："),
    "vs.legend.lineage": ("lineage of the selection", "选中凭证的穿透路径"),
    "vs.did.split": ("{piece} was split into {children}.", "{piece} 已拆分为 {children}。"),
    "vs.piece_amount": ("{piece} ({amount})", "{piece}（{amount}）"),
    "vs.did.transfer": ("{giver} transferred {piece} to {to}.",
                        "{giver} 已把 {piece} 转让给 {to}。"),
    "vs.did.finance": (
        "{seller} financed {piece} at {bank} by assigning it (factoring, 保理): {days} days at "
        "{rate}, interest {interest}, {seller} receives {net}; {bank} is paid at maturity.",
        "{seller} 以转让 {piece} 的方式在 {bank} 融资（保理）：{days} 天，年利率 {rate}，"
        "利息 {interest}，{seller} 实得 {net}；到期由 {bank} 收款。",
    ),
    "vs.did.advance": ("The date is now {day}.", "日期已推进到 {day}。"),
    "vs.did.settle": ("Settled {count} pieces: {paid}.", "已兑付 {count} 张凭证：{paid}。"),
    "vs.err.other_root": ("{piece} does not belong to the tree of {root}.",
                          "{piece} 不属于 {root} 的凭证树。"),
    "vs.err.party": ("{party!r} is not a party; choose one of {known}.",
                     "{party!r} 不是参与方；请从 {known} 中选择。"),
    "vs.err.days": ("Advance by a whole number of days, 0 or more; got {got!r}.",
                    "推进的天数必须是不小于 0 的整数；实际为 {got!r}。"),
    "vs.err.not_due": (
        "{root} matures on {due}: nothing is due on {today}. Move the date to maturity first.",
        "{root} 的到期日是 {due}：{today} 没有到期的凭证。请先把日期推进到到期日。",
    ),
    "vs.err.amounts": (
        "Type the amounts of the pieces as numbers separated by commas, e.g. 300000, 700000; "
        "got {got!r}.",
        "请输入各份金额，用逗号分隔，例如 300000, 700000；实际为 {got!r}。",
    ),
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


def language_code(name: object) -> str:
    """The course's code, "en" or "zh", for a language name a person might type.

    >>> language_code("zh-CN"), language_code("中文"), language_code(" English ")
    ('zh', 'zh', 'en')
    >>> language_code("fr")
    Traceback (most recent call last):
    ValueError: Unknown language 'fr'; choose 'en' (English) or 'zh' (简体中文). / 未知语言 ...
    """
    key = name.strip().lower().replace("_", "-") if isinstance(name, str) else None
    if key not in ALIASES:
        # Both languages at once: whoever reads this may be stuck in the wrong one.
        english, chinese = (text("err.unknown_language", lang=code, given=name)
                            for code in LANGUAGES)
        # Not a LedgerError: errors.py imports this module, so keep the arrow one way.
        raise ValueError(f"{english} / {chinese}")
    return ALIASES[key]


def set_language(lang: str) -> None:
    """Switch every later message to English ("en") or Simplified Chinese ("zh"); the
    common names ("zh-CN", "cn", "中文", "English" …) are accepted too.

    >>> set_language("zh-CN"); get_language()
    'zh'
    >>> set_language("en")
    """
    global _current
    _current = language_code(lang)


# The Chinese edition's folder (zh/) holds this file; a kernel runs in its notebook's folder.
EDITION_MARKER = ".ledgerkit-lang"


def edition_language(folder: Path) -> str | None:
    """The language of the course edition that `folder` belongs to, or None outside one:
    `folder` holds the marker itself (a released homework), or lies inside the edition's
    own folder, named for its language (zh/), which holds it. A stray marker higher up,
    in /tmp say, is ignored: it must not turn every kernel below it Chinese.

    >>> edition_language(Path("/")) is None
    True
    """
    for place in (folder, *folder.parents):
        marker = place / EDITION_MARKER
        if (place == folder or place.name in LANGUAGES) and marker.is_file():
            return language_code(marker.read_text(encoding="utf-8").strip())
    return None


def _language_from_environment() -> str:
    """The language a kernel starts in: a notebook of the Chinese edition (zh/…) starts in
    Chinese with no cell to run first; elsewhere LEDGERKIT_LANG (the class-wide default a
    lecturer sets on the hub), else English.

    A wrong value must not stop a kernel from starting, so it warns and falls back.
    """
    wanted = os.environ.get("LEDGERKIT_LANG", "").strip()
    try:
        edition = edition_language(Path.cwd())
    except (OSError, ValueError) as problem:  # a vanished folder, a spoilt marker
        warnings.warn(f"{EDITION_MARKER}: {problem}", stacklevel=2)
        edition = None
    if edition:
        return edition
    if not wanted:
        return "en"
    try:
        return language_code(wanted)
    except ValueError as problem:
        warnings.warn(f"LEDGERKIT_LANG: {problem}", stacklevel=2)
        return "en"


def say(english: str, chinese: str) -> str:
    """A sentence given in both languages, in the current one. Homework test cells use it for
    their assert messages: the cell stays the same in both editions (nbgrader checksums it),
    yet a student reads the message in the language of their edition.

    >>> say("x must be an int", "x 必须是 int（整数）")
    'x must be an int'
    """
    return chinese if _current == "zh" else english


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


class Labels:
    """Several phrases listed the way each language lists them, rendered late like a Phrase.

    >>> Labels([Phrase("valid"), Phrase("invalid")]).in_language("zh")
    '有效、无效'
    """

    def __init__(self, items: object, empty: str = "-",
                 joiners: tuple[str, str] = (", ", "、")) -> None:
        self.items, self.empty, self.joiners = list(items), empty, joiners

    def in_language(self, lang: str) -> str:
        """The items in `lang`, joined by "、" in Chinese and ", " in English (by default)."""
        parts = [item.in_language(lang) if hasattr(item, "in_language") else str(item)
                 for item in self.items]
        return self.joiners[lang == "zh"].join(parts) or self.empty

    def __str__(self) -> str:
        return self.in_language(_current)


_current = _language_from_environment()
