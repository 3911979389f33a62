"""Programme targets (创建目标): set by the city bureau for the city or one of its districts.

Who may do what: the city officers of a region set, change and remove the targets of that
region and its districts; a district officer reads the targets of its own district. Progress
against a target is counted by the dashboards (titles sit above this app).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import RegionLevel
from greenfactory.accounts.models import Region
from greenfactory.accounts.scope import inside
from greenfactory.core.domain.audit import record_event, save_changes, snapshot
from greenfactory.core.refusals import Refused

from ..models import Target

TARGET_FIELDS = ("region", "level", "count", "by_year", "from_year", "note")
TARGET_REGION_LEVELS = (RegionLevel.CITY, RegionLevel.DISTRICT)


class TargetRefused(Refused):
    """A target that cannot be saved as given; the message says why."""


def can_manage_targets(user, region: Region | None = None) -> bool:
    """City officers, for their own region and the regions within it."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("programme.manage_target", region)
    )


def can_view_targets(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.region_id
        and user.has_perm("programme.view_target")
    )


def targets_visible_to(user) -> QuerySet[Target]:
    """City officers: the targets of their region and its districts. District officers: those
    of their district. Nobody else."""
    base = Target.objects.select_related("region")
    if not can_view_targets(user):
        return base.none()
    return base.filter(inside(user.region, via="region"))


def target_regions_for(user) -> QuerySet[Region]:
    """The regions a city officer may set targets for: the city and its districts."""
    if not can_manage_targets(user):
        return Region.objects.none()
    return Region.objects.filter(inside(user.region), level__in=TARGET_REGION_LEVELS)


def _check(target: Target, actor) -> None:
    if not can_manage_targets(actor, target.region):
        raise PermissionDenied
    if target.region.level not in TARGET_REGION_LEVELS:
        raise TargetRefused(_("A target is set for the city or one of its districts."))
    if target.from_year is not None and target.from_year > target.by_year:
        raise TargetRefused(_("The first year counted must not be after the deadline year."))
    clash = Target.objects.filter(
        region=target.region, level=target.level, by_year=target.by_year
    ).exclude(pk=target.pk)
    if clash.exists():
        raise TargetRefused(
            _("%(region)s already has a target for this level and year; change that one.")
            % {"region": target.region}
        )


@transaction.atomic
def create_target(
    *, actor, region: Region, level: str, count: int, by_year: int, from_year=None, note=""
) -> Target:
    """A new target. Side effects: audit entry."""
    target = Target(
        region=region,
        level=level,
        count=count,
        by_year=by_year,
        from_year=from_year,
        note=note,
        created_by=actor,
    )
    _check(target, actor)
    target.save()
    record_event(
        "programme.target.created", actor=actor, obj=target, changes=snapshot(target, TARGET_FIELDS)
    )
    return target


@transaction.atomic
def update_target(target: Target, *, actor, data: dict) -> Target:
    """Change a target, locking its row. Side effects: audit entry with what changed."""
    current = (
        Target.objects.select_for_update(of=("self",)).select_related("region").get(pk=target.pk)
    )
    if not can_manage_targets(actor, current.region):
        raise PermissionDenied
    save_changes(
        current,
        data,
        TARGET_FIELDS,
        actor=actor,
        action="programme.target.updated",
        check=lambda target: _check(target, actor),
    )
    return current


@transaction.atomic
def delete_target(target: Target, *, actor) -> None:
    """Remove a target. Side effects: audit entry keeping what it said."""
    current = (
        Target.objects.select_for_update(of=("self",)).select_related("region").get(pk=target.pk)
    )
    if not can_manage_targets(actor, current.region):
        raise PermissionDenied
    record_event(
        "programme.target.deleted",
        actor=actor,
        obj=current,
        changes=snapshot(current, TARGET_FIELDS),
    )
    current.delete()
