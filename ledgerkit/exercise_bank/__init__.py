"""Exercises chapter by chapter; each module registers its own with `ledgerkit.exercises`.

Ids read chapter.section.number, e.g. "basics.hashing.1".
"""
