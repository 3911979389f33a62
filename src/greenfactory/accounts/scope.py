"""The one region-scope rule: what lies inside a region (an officer's, a round's, a target's).

A region's ``path`` holds its codes from the root down ("CN/320000/320400/320412/"), so a region
lies inside another when its path starts with the other's: one indexed prefix query at any level.
Only this module and ``Region`` read paths; every app asks here, in SQL (``inside``,
``covering``), in Python (``Region.contains``) or as a permission (``in_officer_region``).
"""

from collections.abc import Callable

import rules
from django.db.models import Q, QuerySet

from .enums import OFFICER_ROLES, Role


def _lookup(via: str, lookup: str) -> str:
    return f"{via}__path__{lookup}" if via else f"path__{lookup}"


def inside(region, *, via: str = "") -> Q:
    """The rows whose region, reached through ``via`` (``"enterprise__district"``; empty for
    regions themselves), is ``region`` or lies below it."""
    return Q(**{_lookup(via, "startswith"): region.path})


def covering(region, *, via: str = "") -> Q:
    """The rows whose region, reached through ``via``, is ``region`` or one above it: the
    settings, rates and batches of a higher region apply in the regions below it."""
    return Q(**{_lookup(via, "in"): _paths_above(region.path)})


def _paths_above(path: str) -> list[str]:
    """'CN/320000/320400/320412/' -> ['CN/', 'CN/320000/', 'CN/320000/320400/', ...]: the
    region itself and every region above it."""
    parts = [part for part in path.split("/") if part]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def enterprise_rows_visible_to(user, rows: QuerySet, *, via: str = "enterprise") -> QuerySet:
    """The rows of ``rows`` that belong to an enterprise (reached through ``via``) and that
    ``user`` may see: an officer (city or district) those of the enterprises inside the region,
    an enterprise user those of the own enterprise, anybody else (and an inactive or anonymous
    account) none. The visibility query of each enterprise-owned record (filings, titles,
    spot checks...) is this rule over its own select."""
    if not (user and user.is_authenticated and user.is_active):
        return rows.none()
    if user.role in OFFICER_ROLES and user.region_id:
        return rows.filter(inside(user.region, via=f"{via}__district"))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return rows.filter(**{f"{via}_id": user.enterprise_id})
    return rows.none()


def in_officer_region(region_of: Callable, *, name: str) -> rules.Predicate:
    """A predicate for the permissions: the actor is an officer whose region contains the
    object's region, ``region_of(obj)`` (an enterprise's district, a batch's region...).

    False without an object or for an account without a region (only officers have one).
    """

    def predicate(user, obj) -> bool:
        if obj is None or getattr(user, "region_id", None) is None:
            return False
        return user.region.contains(region_of(obj))

    return rules.predicate(predicate, name=name)
