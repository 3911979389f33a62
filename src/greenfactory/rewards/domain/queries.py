"""Reads of the rewards ledger: who sees which entries, and the totals per status."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from greenfactory.accounts.enums import Role
from greenfactory.accounts.scope import inside

from ..enums import LedgerStatus
from ..models import LedgerEntry


def entries_visible_to(user) -> QuerySet[LedgerEntry]:
    """City officers: the entries of enterprises in their region. District officers: their
    district's (read only; the rules refuse them every step). Nobody else."""
    base = LedgerEntry.objects.select_related("enterprise__district", "title")
    if not (user and user.is_authenticated and user.is_active and user.region_id):
        return base.none()
    if user.role not in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER):
        return base.none()
    return base.filter(inside(user.region, via="enterprise__district"))


def ledger_years(user) -> list[int]:
    """The years with entries the user can see, newest first."""
    return list(
        entries_visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
    )


@dataclass(frozen=True)
class StatusTotal:
    status: str
    label: str
    count: int
    amount: Decimal


def totals_by_status(entries: QuerySet[LedgerEntry]) -> list[StatusTotal]:
    """Count and amount due per status, every status listed (one query)."""
    found = {
        row["status"]: row
        for row in entries.order_by()
        .values("status")
        .annotate(count=Count("pk"), amount=Sum("amount_due"))
    }
    return [
        StatusTotal(
            status.value,
            status.label,
            found.get(status.value, {}).get("count", 0),
            found.get(status.value, {}).get("amount") or Decimal("0.00"),
        )
        for status in LedgerStatus
    ]
