"""Titles granted the way the recognition app grants them: the row, then ``title_granted`` in
the same transaction (the rewards receiver writes the ledger entry)."""

from datetime import date

from django.db import transaction

from greenfactory.accounts.models import Region
from greenfactory.rewards.domain.rates import load_default_rates
from greenfactory.rewards.models import LedgerEntry
from greenfactory.titles.enums import TitleSource
from greenfactory.titles.models import Title
from greenfactory.titles.signals import title_granted
from tests.factories import UserFactory, region


def changzhou() -> Region:
    return region("320400")


def default_rates():
    return load_default_rates(changzhou())


def grant(
    enterprise, level, year, *, actor=None, source=TitleSource.IMPORTED, programme="green_factory"
) -> LedgerEntry:
    """Grant ``enterprise`` a title and return its ledger entry."""
    with transaction.atomic():
        title = Title.objects.create(
            enterprise=enterprise,
            programme=programme,
            level=level,
            year=year,
            source=source,
            issued_on=date(year, 12, 1),
            created_by=actor,
        )
        title_granted.send(sender=Title, title=title, actor=actor)
    return LedgerEntry.objects.get(title=title)


def city_user(username):
    from greenfactory.accounts.enums import Role

    return UserFactory(username=username, role=Role.CITY_OFFICER, region=changzhou())
