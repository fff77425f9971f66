"""Self-check questions on insurance claims shared on a chain (保险理赔), notebook 11 of the
applications chapter; `applications.py` appends them to the chapter's self-check.

>>> QUESTIONS[0].judge("5,600.25")
True
"""

from ledgerkit.quiz import Reread, multiple, number, single

INSURANCE = "course/02-applications/11-insurance-claims.ipynb"

QUESTIONS = [
    number(
        "ins1",
        ("A health policy has an annual deductible of 10,000 yuan. This year the patient's first "
         "claim, a bill of 7,500 yuan, was paid nothing. The second bill is 8,100.25 yuan. How "
         "much does the insurer pay on it, in yuan?",
         "一份健康险保单的年度免赔额为 10,000 元。今年被保险人第一次理赔的票据为 7,500 元，"
         "赔付为零。第二张票据为 8,100.25 元。保险人对它赔付多少元？"),
        "5600.25",
        ("The deductible is per year: the first bill used 7,500 of it, 2,500 is left, so the "
         "insurer pays 8,100.25 − 2,500 = 5,600.25 yuan.",
         "免赔额按年计算：第一张票据用掉 7,500 元，还剩 2,500 元，所以保险人赔付 "
         "8,100.25 − 2,500 = 5,600.25 元。"),
        Reread(INSURANCE, ("3. A policy, a claim and the insurer's decision (保单、报案与核定)",
                           "3. 保单、报案与核定")),
        tolerance="0.005",
    ),
    single(
        "ins2",
        ("Why does the hospital put a keyed commitment HMAC-SHA256(key, bill) on the chain "
         "rather than the bill itself?",
         "为什么医院上链的是带密钥的承诺值 HMAC-SHA256(key, bill)，而不是票据本身？"),
        [("Because a hash is shorter, so blocks stay small.", "因为哈希更短，区块更小。"),
         ("Because medical data is sensitive personal information and a chain copies it to "
          "every node forever; the key stops anyone guessing the bill from its hash.",
          "因为医疗健康信息是敏感个人信息，而链会把数据永久复制到每个节点；密钥让别人无法从"
          "哈希猜出票据。"),
         ("Because a commitment makes the bill anonymous, so the law no longer applies.",
          "因为承诺值使票据匿名化，法律就不再适用。"),
         ("Because insurers may not read bills.", "因为保险公司不得查看票据。")],
        "B",
        ("PIPL Art. 28 lists medical health data as sensitive; the chain keeps only a "
         "commitment. Without the key a guessable bill could be found by trial hashing. It is "
         "still personal information, not anonymous: consent and purpose make it lawful.",
         "《个人信息保护法》第二十八条把医疗健康信息列为敏感个人信息；链上只存承诺值。没有密钥，"
         "可猜的票据可以被逐一试算哈希找出。它仍是个人信息，并非匿名：合法性来自同意和目的。"),
        Reread(INSURANCE,
               ("2. The hospital attests a bill, not the record (医院存证：只上链承诺值)",
                "2. 医院存证：只上链承诺值")),
    ),
    multiple(
        "ins3",
        ("A bill was paid in claim C-1 at insurer A; another bill was declined in claim D-1 at "
         "insurer A. Which of these new claims does the shared platform refuse? Pick every one.",
         "一张票据已在保险公司 A 的理赔案 C-1 中获赔；另一张票据在 A 的理赔案 D-1 中被拒赔。"
         "共享平台会拒绝下面哪些新的理赔申请？选出所有会被拒绝的。"),
        [("The paid bill, claimed again at insurer A.", "已获赔的票据，再次向 A 申请。"),
         ("The paid bill, claimed at insurer B.", "已获赔的票据，向保险公司 B 申请。"),
         ("The declined bill, claimed at insurer B.", "被拒赔的票据，向保险公司 B 申请。"),
         ("A new bill attested by the hospital, claimed at insurer A.",
          "医院新存证的票据，向 A 申请。")],
        "AB",
        ("One bill backs at most one claim that is not declined, at any insurer on the chain: "
         "the same loss is never paid twice. A declined claim paid nothing, so that bill may be "
         "tried elsewhere.",
         "一张票据在链上任何一家保险公司最多只能有一个未被拒赔的理赔案：同一损失不会赔两次。"
         "被拒赔的案件分文未付，所以那张票据可以向别家申请。"),
        Reread(INSURANCE, ("5. The same loss, claimed twice (同一损失重复理赔)",
                           "5. 同一损失重复理赔")),
    ),
]
