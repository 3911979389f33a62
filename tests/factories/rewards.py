"""Rewards: the city's rate per level, and ledger entries due, approved and paid."""

from datetime import timedelta

import factory
from django.utils import timezone

from greenfactory.rewards.domain.rates import DEFAULT_FROM_YEAR, DEFAULT_RATES, DEFAULT_SOURCE
from greenfactory.rewards.enums import LedgerStatus
from greenfactory.rewards.models import LedgerEntry, RewardRate

from .accounts import CityOfficerFactory, region
from .titles import TitleFactory


def city_rate(level) -> RewardRate:
    """The city's default rate for ``level`` (DOMAIN §9), made the first time it is asked for."""
    rate, _created = RewardRate.objects.get_or_create(
        region=region("320400"),
        level=level,
        year_from=DEFAULT_FROM_YEAR,
        defaults={"amount": DEFAULT_RATES[level], "source": DEFAULT_SOURCE},
    )
    return rate


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """The reward due for a city title with nothing to deduct: the full rate."""

    class Meta:
        model = LedgerEntry

    title = factory.SubFactory(TitleFactory)
    enterprise = factory.SelfAttribute("title.enterprise")
    level = factory.SelfAttribute("title.level")
    year = factory.SelfAttribute("title.year")
    rate = factory.LazyAttribute(lambda o: city_rate(o.level))
    rate_amount = factory.SelfAttribute("rate.amount")
    amount_due = factory.SelfAttribute("rate_amount")
    created_by = factory.SubFactory(CityOfficerFactory)
    status = LedgerStatus.DUE


class ApprovedLedgerEntryFactory(LedgerEntryFactory):
    """Approved by a second officer (never the one who created it)."""

    status = LedgerStatus.APPROVED
    approved_by = factory.SubFactory(CityOfficerFactory)
    approved_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))


class PaidLedgerEntryFactory(ApprovedLedgerEntryFactory):
    """Paid by a third officer (never the one who approved it)."""

    status = LedgerStatus.PAID
    paid_by = factory.SubFactory(CityOfficerFactory)
    paid_at = factory.LazyFunction(timezone.now)
    paid_on = factory.LazyFunction(timezone.localdate)
    payment_reference = factory.Sequence(lambda n: f"CZCZ-2026-{n:05d}")
