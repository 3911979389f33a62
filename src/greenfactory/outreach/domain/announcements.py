"""The bureau's announcements (通知公告): written by a city officer, shown on the public home
page once published, with the files attached to them (policy texts, application forms, lists of
results), which anyone may download once the announcement is published."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.accounts.enums import Role
from greenfactory.accounts.scope import inside
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.core.uploads import DOC, DOCX, JPEG, PDF, PNG, XLS, XLSX, check_upload

from ..models import Announcement, AnnouncementAttachment

MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = (PDF, DOCX, DOC, XLSX, XLS, PNG, JPEG)


class AnnouncementRefused(Refused):
    """The announcement cannot be changed this way; the message says why."""


def announcements_visible_to(user) -> QuerySet[Announcement]:
    """City officers: the announcements of their region, drafts included."""
    base = Announcement.objects.select_related("region", "batch", "created_by")
    if user and user.is_authenticated and user.role == Role.CITY_OFFICER and user.region_id:
        return base.filter(inside(user.region, via="region"))
    return base.none()


def published_announcements(at=None) -> QuerySet[Announcement]:
    """What the public reads: published, newest first."""
    at = at or timezone.now()
    return Announcement.objects.filter(published_at__lte=at).order_by("-published_at", "-pk")


@transaction.atomic
def create_announcement(*, actor, title: str, body: str, batch=None) -> Announcement:
    """A draft announcement of the officer's region. Side effects: audit entry."""
    if not actor.has_perm("outreach.manage_announcements") or actor.region_id is None:
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
    if not actor.has_perm("outreach.manage_announcements"):
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


def _lock_draft(announcement: Announcement, actor) -> Announcement:
    """The announcement locked for a change of its files: only a draft of the actor's region."""
    if not actor.has_perm("outreach.manage_announcements"):
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
        raise AnnouncementRefused(
            _("This announcement has been published; its files can no longer be changed.")
        )
    return current


def add_announcement_attachment(
    announcement: Announcement, *, actor, upload
) -> AnnouncementAttachment:
    """Attach one file to a draft announcement.

    The file must be a PDF, Word, Excel or image file of at most ``MAX_ATTACHMENT_BYTES``,
    judged by its content and scanned (``core.uploads.check_upload``; a ``ValidationError``
    says what is wrong); an announcement holds at most ``MAX_ATTACHMENTS`` files. A published
    announcement stays as it was published.

    Side effects (one transaction, the announcement's row locked so two uploads cannot both
    take the last place): the file stored under a random name and its row; audit entry
    ``recognition.announcement.file_added``. The stored file is deleted if the row is not saved.
    """
    if not actor.has_perm("outreach.manage_announcements"):
        raise PermissionDenied
    checked = check_upload(
        upload, allowed=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES, actor=actor
    )
    with transaction.atomic():
        current = _lock_draft(announcement, actor)
        if current.attachments.count() >= MAX_ATTACHMENTS:
            raise AnnouncementRefused(
                _("An announcement can have at most %(n)s files; remove one first.")
                % {"n": MAX_ATTACHMENTS}
            )
        item = AnnouncementAttachment(
            announcement=current,
            **checked.fields_for(AnnouncementAttachment),
            uploaded_by=actor,
        )
        item.file.save(checked.name, upload, save=False)
        try:
            item.save()
            record_event(
                "recognition.announcement.file_added",
                actor=actor,
                obj=current,
                changes={
                    "file": checked.name,
                    "size": checked.size,
                    "sha256": checked.sha256,
                    "attachment": item.code,
                },
            )
        except Exception:
            item.file.delete(save=False)
            raise
    return item


@transaction.atomic
def remove_announcement_attachment(item: AnnouncementAttachment, *, actor) -> None:
    """Remove a file from a draft announcement. Side effects: the row deleted, the stored file
    deleted once the transaction commits; audit entry ``recognition.announcement.file_removed``.
    """
    current = _lock_draft(item.announcement, actor)
    item = AnnouncementAttachment.objects.filter(pk=item.pk, announcement=current).first()
    if item is None:
        raise AnnouncementRefused(_("This file has already been removed."))
    stored, storage = item.file.name, item.file.storage
    changes = {"file": item.original_name, "sha256": item.sha256, "attachment": item.code}
    item.delete()
    record_event("recognition.announcement.file_removed", actor=actor, obj=current, changes=changes)
    transaction.on_commit(lambda: storage.delete(stored))


def attachment_limits() -> str:
    """What the upload form tells the officer it accepts."""
    return _("PDF, Word, Excel or an image (PNG, JPEG); at most %(size)s each, %(n)s files.") % {
        "size": filesizeformat(MAX_ATTACHMENT_BYTES),
        "n": MAX_ATTACHMENTS,
    }
