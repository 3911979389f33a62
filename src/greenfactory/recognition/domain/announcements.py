"""The bureau's announcements (通知公告): written by a city officer, shown on the public home
page once published."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.accounts.enums import Role
from greenfactory.core.domain.audit import record_event

from ..models import Announcement


class AnnouncementRefused(Exception):
    """The announcement cannot be changed this way; the message says why."""


def announcements_visible_to(user) -> QuerySet[Announcement]:
    """City officers: the announcements of their region, drafts included."""
    base = Announcement.objects.select_related("region", "batch", "created_by")
    if user and user.is_authenticated and user.role == Role.CITY_OFFICER and user.region_id:
        return base.filter(region__path__startswith=user.region.path)
    return base.none()


def published_announcements(at=None) -> QuerySet[Announcement]:
    """What the public reads: published, newest first."""
    at = at or timezone.now()
    return Announcement.objects.filter(published_at__lte=at).order_by("-published_at", "-pk")


@transaction.atomic
def create_announcement(*, actor, title: str, body: str, batch=None) -> Announcement:
    """A draft announcement of the officer's region. Side effects: audit entry."""
    if not actor.has_perm("recognition.manage_announcements") or actor.region_id is None:
        raise PermissionDenied
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise AnnouncementRefused(_("An announcement needs a title and a text."))
    announcement = Announcement.objects.create(
        region=actor.region, title=title, body=body, batch=batch, created_by=actor
    )
    record_event(
        "recognition.announcement.created",
        actor=actor,
        obj=announcement,
        changes={"title": title, "batch": batch.code if batch else None},
    )
    return announcement


@transaction.atomic
def publish_announcement(announcement: Announcement, *, actor) -> Announcement:
    """Publish a draft now; the public home page shows it from then on.

    Side effects: locks the row; audit entry. A published announcement stays as it was.
    """
    if not actor.has_perm("recognition.manage_announcements"):
        raise PermissionDenied
    current = (
        announcements_visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=announcement.pk)
        .first()
    )
    if current is None:
        raise PermissionDenied
    if current.published_at is not None:
        raise AnnouncementRefused(_("This announcement has already been published."))
    current.published_at = timezone.now()
    current.save(update_fields=["published_at"])
    record_event(
        "recognition.announcement.published",
        actor=actor,
        obj=current,
        changes={"published_at": current.published_at.isoformat()},
    )
    return current
