"""Reward rates: which rate applies to a title, and how the city bureau sets a new one.

The demo's amounts are DOMAIN §9's defaults (other cities pay 200 000 – 500 000 yuan a title):
Changzhou's real figures are not known, so ``load_default_rates`` marks them as defaults in
their ``source``, and the bureau replaces them with ``set_rate``.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import covering, inside
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.titles.enums import LEVEL_ORDER, TitleLevel

from ..models import RewardRate

# [default] DOMAIN §9: demo values, not Changzhou's policy.
DEFAULT_RATES = {
    TitleLevel.CITY: Decimal("200000.00"),
    TitleLevel.PROVINCIAL: Decimal("300000.00"),
    TitleLevel.NATIONAL: Decimal("500000.00"),
}
DEFAULT_FROM_YEAR = 2019
DEFAULT_SOURCE = "演示默认值（DOMAIN §9，参照其他城市每项称号20万—50万元），并非本市实际奖励标准"


class RateRefused(Refused):
    """The rate cannot be set as asked; the message says why."""


def rate_for(district: Region, level: str, year: int) -> RewardRate | None:
    """The rate for a title of ``level`` granted in ``year`` to an enterprise of ``district``:
    among the rates of the district and the regions above it that cover the year, the most
    specific region's. ``None`` when no rate applies."""
    candidates = (
        RewardRate.objects.filter(
            covering(district, via="region"), level=level, year_from__lte=year
        )
        .filter(Q(year_to__isnull=True) | Q(year_to__gte=year))
        .select_related("region")
    )
    return max(candidates, key=lambda rate: rate.region.depth, default=None)


def rates_visible_to(user) -> QuerySet[RewardRate]:
    """Officers: the rates of their region, of the regions above it (the rates that apply to
    them) and of the regions within it. Nobody else."""
    if not (user and user.is_authenticated and user.is_active and user.region_id):
        return RewardRate.objects.none()
    if not user.has_perm("rewards.view_ledger"):
        return RewardRate.objects.none()
    region = user.region
    return RewardRate.objects.filter(
        covering(region, via="region") | inside(region, via="region")
    ).select_related("region", "created_by")


def set_rate(*, actor, level: str, year_from: int, amount: Decimal, source: str) -> RewardRate:
    """Set the rate of ``level`` for titles of ``year_from`` onwards in the actor's region.

    Requires ``rewards.set_rate``. Rates are added in year order: refused when a rate of the same
    level starts later. The rate running at ``year_from`` ends the year before. A rate starting
    in the same year is replaced when no ledger entry uses it yet, and refused otherwise (the
    entries keep the amount they were computed with; set a rate from a later year instead).
    Side effects, in one transaction with the level's rates locked: the rate, the previous
    rate's end year, an audit entry.
    """
    if not actor.has_perm("rewards.set_rate"):
        raise PermissionDenied
    if level not in TitleLevel.values:
        raise RateRefused(_("Unknown level."))
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount < 0:
        raise RateRefused(_("The amount cannot be negative."))
    source = (source or "").strip()
    if not source:
        raise RateRefused(_("Please name the policy that sets this rate."))
    with transaction.atomic():
        region = actor.region
        existing = list(RewardRate.objects.select_for_update().filter(region=region, level=level))
        later = [rate for rate in existing if rate.year_from > year_from]
        if later:
            raise RateRefused(
                _("A rate from %(year)s already follows; rates are added in year order.")
                % {"year": min(rate.year_from for rate in later)}
            )
        same = next((rate for rate in existing if rate.year_from == year_from), None)
        if same is not None:
            if same.entries.exists():
                raise RateRefused(
                    _(
                        "Ledger entries already use the rate from %(year)s; set a rate from a "
                        "later year instead."
                    )
                    % {"year": year_from}
                )
            before = {"amount": str(same.amount), "source": same.source}
            same.amount, same.source, same.created_by = amount, source, actor
            same.save(update_fields=["amount", "source", "created_by"])
            record_event(
                "rewards.rate.replaced",
                actor=actor,
                obj=same,
                changes={
                    "level": level,
                    "year_from": year_from,
                    "amount": [before["amount"], str(amount)],
                    "source": [before["source"], source],
                },
            )
            return same
        closed = []
        for rate in existing:
            if rate.covers(year_from) or (rate.year_to is None and rate.year_from < year_from):
                rate.year_to = year_from - 1
                rate.save(update_fields=["year_to"])
                closed.append(rate.code)
        rate = RewardRate.objects.create(
            region=region,
            level=level,
            year_from=year_from,
            amount=amount,
            source=source,
            created_by=actor,
        )
        record_event(
            "rewards.rate.set",
            actor=actor,
            obj=rate,
            changes={
                "region": region.code,
                "level": level,
                "year_from": year_from,
                "amount": str(amount),
                "source": source,
                "closed": closed,
            },
        )
    return rate


def load_default_rates(region: Region, *, year_from: int = DEFAULT_FROM_YEAR) -> list[RewardRate]:
    """Give ``region`` DOMAIN §9's default rates from ``year_from`` for the levels that have no
    rate there yet (the demo loader's entry). Side effects: the rates and one audit entry."""
    with transaction.atomic():
        present = set(
            RewardRate.objects.filter(region=region).values_list("level", flat=True).distinct()
        )
        made = [
            RewardRate.objects.create(
                region=region,
                level=level,
                year_from=year_from,
                amount=DEFAULT_RATES[level],
                source=DEFAULT_SOURCE,
            )
            for level in LEVEL_ORDER
            if level not in present
        ]
        if made:
            record_event(
                "rewards.rate.defaults_loaded",
                obj=region,
                changes={rate.level: str(rate.amount) for rate in made} | {"year_from": year_from},
            )
    return made
