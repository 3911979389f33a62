"""The reward rule (奖励计算), as a pure function: no database, no clock.

An enterprise's titles form one line, city < provincial < national. A title is rewarded with the
rate of its level for its own year, minus what the enterprise has already received or has due in
the ledger (entries not cancelled), never less than zero: an upgrade (升级) pays only the
difference (DOMAIN §2, §9).

In the usual order — city, then provincial, then national — every earlier entry is of a lower
level, and the rule is "the level's amount minus what was paid for the lower levels". Titles do
not always arrive in that order: a national title imported from the ministry's list may carry an
earlier year than the city title designated here, or be imported before it (back-dated
imports). Deducting every counted entry, whatever its level, keeps one property whatever the
order: the enterprise's entries add up to the highest rate among its titles, never more. Thus

- city 200 000, then provincial 300 000, then national 500 000: 200 000 + 100 000 + 200 000;
- national imported first (500 000), then a city title: the city title is due 0, because the
  enterprise has already received more than a city title pays;
- a second title of the same level (re-designation after expiry): 0, a title is not rewarded
  twice; if the rate rose meanwhile, only the difference.

A title whose level has no rate for its year gets ``rate_amount=None`` and 0 due: the ledger
shows it with a note, and the entry can be recalculated once the rate is set.

Each title uses the rate of its own year (a national title of 2021 imported in 2026 is paid at
the 2021 national rate).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Counted:
    """An entry of the same enterprise already in the ledger (due, approved or paid)."""

    code: str
    level: str
    year: int
    amount: Decimal


@dataclass(frozen=True)
class Reward:
    rate_amount: Decimal | None
    deducted: Decimal
    amount_due: Decimal
    deductions: tuple[Counted, ...]

    @property
    def has_rate(self) -> bool:
        return self.rate_amount is not None


def reward_due(rate_amount: Decimal | None, counted: Iterable[Counted]) -> Reward:
    """The reward due for a title whose level and year pay ``rate_amount`` (``None``: no rate),
    given the enterprise's other counted entries."""
    deductions = tuple(entry for entry in counted if entry.amount > 0)
    deducted = sum((entry.amount for entry in deductions), ZERO)
    if rate_amount is None:
        return Reward(None, deducted, ZERO, deductions)
    due = max(ZERO, Decimal(rate_amount) - deducted)
    return Reward(Decimal(rate_amount), deducted, due.quantize(ZERO), deductions)
