"""Self-check questions chapter by chapter (各章自测题), for `ledgerkit.quiz`.

Each module holds one chapter's `TITLE` and `QUESTIONS`; every question points back to a
section of a course notebook, and the tests check that the notebook and the heading exist.
"""

# Chapter number -> the module of its questions (also the name of the chapter's folder).
BANKS = {
    "01": "basics",
    "02": "applications",
    "03": "design",
    "04": "audit",
    "06": "monitoring",
    "07": "simulation",
}
