"""Self-check for chapter 06, monitoring (链监控): reading a dashboard and responding to its
alerts.

>>> [question.kind for question in QUESTIONS].count("single")
5
"""

from ledgerkit.quiz import Reread, number, single

TITLE = ("Monitoring", "链监控")

DASHBOARD = "course/06-monitoring/01-reading-a-network-dashboard.ipynb"
INCIDENTS = "course/06-monitoring/02-incidents.ipynb"

QUESTIONS = [
    single(
        "q1",
        ("What does the network dashboard count as a fork (分叉)?",
         "网络监控面板把什么算作一次分叉？"),
        [("A height claimed by more than one block.", "同一高度上出现了不止一个区块。"),
         ("A node that stopped sending messages.", "一个不再发送消息的节点。"),
         ("A block that took longer than the target interval.", "出块时间超过目标间隔的区块。"),
         ("A replica that sent contradicting votes.", "一个发出自相矛盾投票的副本。")],
        "A",
        ("A fork is a height claimed by more than one block; forks pile up when blocks come "
         "faster than they spread.",
         "分叉是同一高度被不止一个区块占据；出块快于传播时，分叉就会越积越多。"),
        Reread(DASHBOARD, ("3. Block interval, forks and propagation",
                           "3. 出块间隔、分叉与传播时间")),
    ),
    number(
        "q2",
        ("Four PBFT replicas handle one payment with no faults. How many PREPARE messages does "
         "the dashboard show?",
         "四个 PBFT 副本在无故障时处理一笔付款。监控面板显示多少条 PREPARE 消息？"),
        9,
        ("Each of the n − 1 = 3 backups sends PREPARE to the 3 other replicas: (n − 1)² = 9. "
         "Prepare and commit grow with n².",
         "n − 1 = 3 个备份节点各向其余 3 个副本发送 PREPARE：(n − 1)² = 9。"
         "准备和提交阶段的消息数随 n² 增长。"),
        Reread(DASHBOARD, ("2. Messages per phase",
                           "2. 各阶段的消息数")),
    ),
    single(
        "q3",
        ("A stalled-node alert fires: one Raft follower sends nothing any more. What do the "
         "operators do?",
         "出现停滞节点告警：一个 Raft 跟随者不再发送任何消息。运维人员该怎么做？"),
        [("Restart it, and check that a majority still holds.", "重启它，并确认多数节点仍然在线。"),
         ("Wipe the whole chain and start again.", "清空整条链重新开始。"),
         ("Slow down block production.", "放慢出块速度。"),
         ("Nothing: Raft never needs every node.", "什么也不做：Raft 从不需要所有节点。")],
        "A",
        ("A stalled node is restarted. While a majority runs, the cluster keeps committing; "
         "lose the majority and nothing commits.",
         "停滞节点需要重启。只要多数节点在运行，集群就能继续提交；失去多数则什么也提交不了。"),
        Reread(INCIDENTS, ("1. A stalled node",
                           "1. 节点停滞")),
    ),
    single(
        "q4",
        ("A cable is cut: the Raft leader and one follower end up on one side, the three other "
         "nodes on the other. Which side can commit new entries?",
         "网线被切断：Raft 领导者和一个跟随者在一边，另外三个节点在另一边。"
         "哪一边能提交新条目？"),
        [("Only the side of three, a majority of the five nodes.",
          "只有三个节点的一边，它是五个节点中的多数。"),
         ("Only the old leader's side.", "只有原领导者所在的一边。"),
         ("Both sides.", "两边都能。"), ("Neither side.", "两边都不能。")],
        "A",
        ("The majority side elects a new leader and goes on; the cut-off minority commits "
         "nothing until the network heals. Consensus chooses consistency over availability.",
         "多数一边选出新的领导者继续工作；被切断的少数一边在网络恢复前什么也提交不了。"
         "共识在一致性与可用性之间选择了一致性。"),
        Reread(INCIDENTS, ("2. A partition",
                           "2. 网络分区")),
    ),
    single(
        "q5",
        ("A fork-storm alert fires: blocks come every 5 s and many heights are claimed twice. "
         "What is the response?",
         "出现分叉风暴告警：每 5 秒出一个块，许多高度被两个区块占据。应当如何应对？"),
        [("Slow block production down, or make blocks spread faster.",
          "放慢出块速度，或让区块传播得更快。"),
         ("Restart the node with the most forks.", "重启分叉最多的那个节点。"),
         ("Isolate the leader.", "隔离领导者。"),
         ("Nothing: forks are harmless.", "什么也不做：分叉无害。")],
        "A",
        ("The cause is not one node: blocks arrive faster than they propagate. Lengthen the "
         "interval or speed up propagation.",
         "原因不在某一个节点：区块产生得比传播得快。应当拉长出块间隔或加快传播。"),
        Reread(INCIDENTS, ("3. A fork storm",
                           "3. 分叉风暴")),
    ),
    single(
        "q6",
        ("How does `detect_byzantine` recognise a lying (Byzantine) replica?",
         "`detect_byzantine` 如何识别说谎的（拜占庭）副本？"),
        [("It sent different versions of one message to different replicas.",
          "它把同一条消息的不同版本发给了不同的副本。"),
         ("It sent no messages at all.", "它完全没有发送消息。"),
         ("Its messages arrived late.", "它的消息到得晚。"),
         ("It has the lowest replica number.", "它的副本编号最小。")],
        "A",
        ("A Byzantine replica tells different stories to different replicas. The response: "
         "isolate it, wipe and rebuild it, and investigate.",
         "拜占庭副本对不同的副本讲不同的话。应对：隔离、清空重建、并调查原因。"),
        Reread(INCIDENTS, ("4. A Byzantine replica",
                           "4. 拜占庭副本")),
    ),
]
