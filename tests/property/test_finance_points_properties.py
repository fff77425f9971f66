"""Invariants of the loyalty points alliance (积分联盟), checked with hypothesis.

Any sequence of mints, conversions, redemptions and settlements, by any member:
1. value is conserved: the total liability in yuan is always what was minted minus what was
   redeemed, and a conversion's general points are worth exactly the points it burned;
2. no balance is ever negative, and only the caller's own balances ever go down;
3. a refused call leaves the chain byte-identical.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerkit.contracts import ContractError
from ledgerkit.finance.points import LoyaltyAlliance

ISSUERS = ["alliance", "mall", "airline"]
HOLDERS = ["alice", "mall"]

points = st.integers(min_value=-1, max_value=60)
steps = st.lists(st.one_of(
    st.tuples(st.just("mint"), st.sampled_from([*ISSUERS, "alice"]), st.sampled_from(HOLDERS),
              st.integers(min_value=-1, max_value=100)),
    st.tuples(st.just("convert"), st.sampled_from(HOLDERS), st.sampled_from(ISSUERS), points),
    st.tuples(st.just("redeem"), st.sampled_from(HOLDERS), st.sampled_from(ISSUERS), points,
              st.sampled_from([*ISSUERS, "hotel"])),
    st.tuples(st.just("settle"), st.sampled_from(ISSUERS), st.sampled_from(ISSUERS)),
), max_size=30)


def holdings(alliance: LoyaltyAlliance) -> dict[tuple[str, str], int]:
    return {(issuer, holder): n for issuer, held in alliance.contract.balances.items()
            for holder, n in held.items()}


@settings(deadline=None, max_examples=40)
@given(plan=steps)
def test_value_is_conserved_only_holders_spend_and_refusals_change_nothing(plan):
    alliance = LoyaltyAlliance()
    for issuer, holder, n in [("mall", "alice", 500), ("airline", "alice", 100),
                              ("alliance", "alice", 100), ("airline", "mall", 100)]:
        alliance.mint(holder, n, by=issuer)
    values = {i: alliance.contract.programs[i]["value"] for i in ISSUERS}
    minted, redeemed = alliance.liability(), Decimal(0)
    for step in plan:
        kind, who = step[0], step[1]
        before, held = alliance.state_bytes(), holdings(alliance)
        try:
            if kind == "mint":
                alliance.mint(step[2], step[3], by=who)
                minted += values[who] * step[3]
            elif kind == "convert":
                general = alliance.convert(step[2], step[3], by=who)
                assert general * values["alliance"] == step[3] * values[step[2]]
            elif kind == "redeem":
                redeemed += alliance.redeem(step[2], step[3], step[4], by=who)
            else:
                alliance.confirm_settlement(step[2], by=who)
        except ContractError:
            assert alliance.state_bytes() == before
            continue
        after = holdings(alliance)
        assert all(n >= 0 for n in after.values())
        assert all(after.get(key, 0) >= n for key, n in held.items() if key[1] != who)
        assert alliance.liability() == minted - redeemed
