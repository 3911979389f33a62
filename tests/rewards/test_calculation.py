"""The reward rule as a pure function: hand-computed cases and the property that holds whatever
the order in which titles arrive."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from greenfactory.rewards.calculation import Counted, reward_due


def counted(*amounts):
    return [Counted(f"E{n}", "city", 2019, D(a)) for n, a in enumerate(amounts)]


def test_a_first_title_is_paid_its_rate():
    reward = reward_due(D("200000"), [])
    assert (reward.rate_amount, reward.deducted, reward.amount_due) == (
        D("200000"),
        D("0.00"),
        D("200000.00"),
    )
    assert reward.deductions == ()


def test_an_upgrade_pays_the_difference():
    assert reward_due(D("300000"), counted("200000")).amount_due == D("100000.00")
    reward = reward_due(D("500000"), counted("200000", "100000"))
    assert (reward.deducted, reward.amount_due) == (D("300000.00"), D("200000.00"))
    assert [c.code for c in reward.deductions] == ["E0", "E1"]


def test_never_negative():
    reward = reward_due(D("200000"), counted("500000"))
    assert (reward.deducted, reward.amount_due) == (D("500000.00"), D("0.00"))


def test_entries_of_zero_are_not_listed_as_deductions():
    reward = reward_due(D("300000"), counted("0", "200000"))
    assert [c.code for c in reward.deductions] == ["E1"]
    assert reward.amount_due == D("100000.00")


def test_no_rate_gives_nothing_due_and_says_so():
    reward = reward_due(None, counted("200000"))
    assert (reward.has_rate, reward.rate_amount, reward.amount_due) == (False, None, D("0.00"))
    assert reward.deducted == D("200000.00")


@given(st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=8))
def test_whatever_the_order_the_entries_add_up_to_the_highest_rate(rates):
    ledger: list[Counted] = []
    for n, rate in enumerate(rates):
        reward = reward_due(D(rate), ledger)
        assert reward.amount_due >= 0
        ledger.append(Counted(f"E{n}", "city", 2019, reward.amount_due))
        assert sum(c.amount for c in ledger) == max(rates[: n + 1])
