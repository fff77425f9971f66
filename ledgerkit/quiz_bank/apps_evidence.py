"""Self-check questions on evidence and notarization (存证), notebook 08 of chapter 02; the
chapter's quiz (`applications.py`) includes them.

>>> QUESTIONS[0].judge("10")
True
"""

from ledgerkit.quiz import Reread, number, single

EVIDENCE = "course/02-applications/08-evidence.ipynb"

QUESTIONS = [
    number(
        "ev1",
        ("An evidence service seals 1,000 file fingerprints into one Merkle tree. How many "
         "sibling hashes does one file's Merkle proof hold?",
         "存证平台把 1,000 个文件哈希值封存进一棵默克尔树。一个文件的默克尔证明包含多少个"
         "兄弟哈希？"),
        10,
        ("One per level: halving 1000 (rounding up) takes ten steps to reach the root, since "
         "2**10 = 1024 ≥ 1000 > 512.",
         "每层一个：把 1000 反复减半（向上取整）要十步才到根，因为 2**10 = 1024 ≥ 1000 > 512。"),
        Reread(EVIDENCE, ("3. The receipt and its Merkle proof", "3. 存证凭证与默克尔证明")),
    ),
    single(
        "ev2",
        ("A file passes the check against its receipt and the root anchored on the chain on "
         "5 March. What does that prove?",
         "一个文件通过了与其存证凭证和 3 月 5 日上链锚定的默克尔根的核验。这证明了什么？"),
        [("That the file is genuine and what it says is true.", "文件是真实的，其内容属实。"),
         ("That the file existed, exactly as it is, no later than 5 March.",
          "文件最晚在 3 月 5 日已经原样存在。"),
         ("That the file was written by the depositor.", "文件是存证人写的。"),
         ("That the file was signed on the date it states.", "文件是在其所写日期签署的。")],
        "B",
        ("The chain vouches only that nothing changed since the root was anchored. Whether the "
         "file was genuine before it was hashed is examined separately (人民法院在线诉讼规则 "
         "Art. 18).",
         "链只能担保默克尔根锚定之后文件没有改动。文件在计算哈希之前是否真实，要另行审查"
         "（《人民法院在线诉讼规则》第十八条）。"),
        Reread(EVIDENCE, ("4. Legal standing (法律效力)", "4. 法律效力")),
    ),
    single(
        "ev3",
        ("A copy of a contract differs from the deposited one only by one extra space at the "
         "end. What does the check against the receipt say?",
         "一份合同副本与存证的原件相比，只在末尾多了一个空格。用存证凭证核验会得到什么结果？"),
        [("It passes: the words are the same.", "通过：文字完全相同。"),
         ("It fails: one more byte gives a different SHA-256 fingerprint.",
          "不通过：多一个字节，SHA-256 哈希值就完全不同。"),
         ("It passes if the Merkle proof is long enough.", "只要默克尔证明足够长就能通过。"),
         ("It depends on the day the batch was anchored.", "取决于该批次锚定的日期。")],
        "B",
        ("SHA-256 sees every byte: a trailing space makes another file with another "
         "fingerprint, and the proof no longer reaches the anchored root.",
         "SHA-256 对每个字节都敏感：末尾多一个空格就是另一个文件、另一个哈希值，证明也就"
         "无法到达已锚定的根。"),
        Reread(EVIDENCE, ("1. A fingerprint of a file", "1. 文件的指纹")),
    ),
]
