"""Reads for the public notice and its objections: what the public sees, what officers handle."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from greenfactory.accounts.enums import Role
from greenfactory.accounts.scope import inside

from ..enums import CLOSED_OBJECTION_STATES, OPEN_OBJECTION_STATES, NoticeState, ObjectionState
from ..models import NoticeEntry, Objection, PublicNotice


def notices_for_public() -> QuerySet[PublicNotice]:
    """Every notice whose period has begun (``starts_on`` ≤ today), newest first; a notice
    published to start later stays unseen until that day."""
    return (
        PublicNotice.objects.filter(starts_on__lte=timezone.localdate())
        .select_related("batch__region")
        .order_by("-starts_on", "-pk")
    )


def current_notices() -> QuerySet[PublicNotice]:
    """Notices the public can object to today: open, and today within the period."""
    return notices_for_public().filter(state=NoticeState.OPEN, ends_on__gte=timezone.localdate())


def past_notices() -> QuerySet[PublicNotice]:
    """Notices whose period is over (or that are closed)."""
    return notices_for_public().filter(
        Q(state=NoticeState.CLOSED) | Q(ends_on__lt=timezone.localdate())
    )


def is_open_for_objections(notice: PublicNotice, today=None) -> bool:
    today = today or timezone.localdate()
    return notice.state == NoticeState.OPEN and notice.starts_on <= today <= notice.ends_on


def objections_visible_to(user) -> QuerySet[Objection]:
    """City officers: the objections to notices of batches in their region. Nobody else: the
    objector has no account and reads the receipt by its code."""
    base = Objection.objects.select_related("notice__batch__region", "entry")
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role == Role.CITY_OFFICER and user.region_id:
        return base.filter(inside(user.region, via="notice__batch__region"))
    return base.none()


def entries_with_counts(notice: PublicNotice) -> QuerySet[NoticeEntry]:
    """The notice's entries with how many objections each has received and has open."""
    return notice.entries.annotate(
        objection_count=Count("objections"),
        open_objection_count=Count(
            "objections", filter=Q(objections__state__in=OPEN_OBJECTION_STATES)
        ),
    ).order_by("position")


def objection_counts(notice: PublicNotice) -> dict:
    """How many objections the notice has in each state, plus ``open``, ``closed`` and
    ``total``."""
    rows = notice.objections.values_list("state").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(ObjectionState.values, 0)
    counts.update(dict(rows))
    counts["open"] = sum(counts[s] for s in OPEN_OBJECTION_STATES)
    counts["closed"] = sum(counts[s] for s in CLOSED_OBJECTION_STATES)
    counts["total"] = counts["open"] + counts["closed"]
    return counts


def open_notices(today=None) -> QuerySet[PublicNotice]:
    """Public notices running now, for the home page."""
    today = today or timezone.localdate()
    return PublicNotice.objects.filter(state=NoticeState.OPEN, starts_on__lte=today).order_by(
        "-starts_on", "-pk"
    )
