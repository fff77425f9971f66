"""Network simulation (链仿真): a discrete-event engine, network topology and latency, a
proof-of-work network of many nodes, attacks on it (double spend, selfish mining), the
closed-form formulas from the literature that the simulations are checked against, and the
capacity of the course's consortium chain (throughput and latency as validators and load grow).

The business simulation: `scf_game` (the supply-chain finance game, one economy without and
with a shared ledger of credit vouchers), `scf_bots` (its bots), `scf_report` (leaderboard,
report, charts) and `scf_class` (seating a class and rotating roles between rounds).
"""
