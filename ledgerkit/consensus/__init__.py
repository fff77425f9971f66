"""Consensus engines as step-by-step state machines (共识算法): PoW, PBFT and Raft.

Each engine is deterministic for a given seed, records a history a widget can scrub, and
has a run-to-completion call for simulations.
"""
