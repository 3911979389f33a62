"""Objections (异议) to a public notice: anyone may raise one; the city bureau investigates it and
upholds it (the factory leaves the list) or dismisses it, always with a reason.

The objection's states move only through ``OBJECTION_MOVES`` and the workflow engine.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.domain.queries import officers_over
from greenfactory.accounts.enums import Role
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.uploads import JPEG, PDF, PNG, check_upload
from greenfactory.notifications.domain.notify import notify

from ..enums import CLOSED_OBJECTION_STATES, ObjectionOutcome, ObjectionState
from ..models import NoticeEntry, Objection, ObjectionAttachment, PublicNotice
from .notice import NoticeRefused
from .notice_queries import is_open_for_objections

S = ObjectionState

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = (PDF, PNG, JPEG)


class ObjectionRefused(NoticeRefused):
    """The objection, or the step on it, is refused; the message tells the user why."""


PERMISSION = "recognition.handle_objection"
OBJECTION_MOVES: dict[tuple[str, str], Move] = {
    (S.OPEN, S.INVESTIGATING): Move(PERMISSION, "recognition.objection.investigating"),
    (S.INVESTIGATING, S.UPHELD): Move(PERMISSION, "recognition.objection.upheld", True),
    (S.INVESTIGATING, S.DISMISSED): Move(PERMISSION, "recognition.objection.dismissed", True),
}


def _out_of_order(current: str, to: str) -> str:
    if current in CLOSED_OBJECTION_STATES:
        return _("This objection has already been decided (%(state)s).") % {
            "state": S(current).label
        }
    if current == to:
        return _("The objection is already under investigation.")
    if current == S.OPEN:
        return _("Start the investigation before deciding the objection.")
    return _("The objection is “%(state)s”; it cannot become “%(to)s”.") % {
        "state": S(current).label,
        "to": S(to).label,
    }


def _city_officers_of(batch):
    """The city officers allowed to handle objections to the batch's notice."""
    return officers_over(batch.region, Role.CITY_OFFICER)


def submit_objection(
    notice: PublicNotice,
    *,
    entry: NoticeEntry,
    name: str,
    contact: str,
    reason: str,
    attachments=(),
    client_ip: str | None = None,
) -> Objection:
    """Receive an objection from anyone (no account) about one factory on the notice.

    Refused unless the notice is open and today lies within its period, and unless ``entry`` is
    on this notice and still listed. At most ``MAX_ATTACHMENTS`` files, each a PDF, PNG or JPEG
    of at most ``MAX_ATTACHMENT_BYTES``, checked by their content (``ValidationError`` names the
    file and the problem); they are stored under random names.

    Side effects (one transaction, the notice row locked so a closing waits): the objection and
    its attachments; audit entry ``recognition.objection.submitted`` without an actor, with the
    sender's address; the city officers of the batch's region get an inbox message.
    """
    name, contact, reason = name.strip(), contact.strip(), reason.strip()
    if not (name and contact and reason):
        raise ObjectionRefused(_("Give your name, a way to contact you and your reason."))
    attachments = [upload for upload in attachments if upload]
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(n)s files can be attached."), params={"n": MAX_ATTACHMENTS}, code="many"
        )
    checked = []
    for upload in attachments:
        try:
            checked.append(
                check_upload(upload, allowed=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES)
            )
        except ValidationError as error:
            raise ValidationError(
                [f"{upload.name}：{message}" for message in error.messages], code=error.code
            ) from error
    with transaction.atomic():
        current = (
            PublicNotice.objects.select_for_update(of=("self",))
            .select_related("batch__region")
            .get(pk=notice.pk)
        )
        if not is_open_for_objections(current):
            raise ObjectionRefused(
                _("This notice is not open for objections (its period is %(start)s – %(end)s).")
                % {"start": date_format(current.starts_on), "end": date_format(current.ends_on)}
            )
        listed = (
            NoticeEntry.objects.filter(notice=current, pk=entry.pk)
            .select_related("application")
            .first()
        )
        if listed is None:
            raise ObjectionRefused(_("Choose a factory on this notice."))
        if listed.removed:
            raise ObjectionRefused(
                _("%(name)s has already been removed from the list.")
                % {"name": listed.enterprise_name}
            )
        objection = Objection.objects.create(
            notice=current,
            entry=listed,
            name=name,
            contact=contact,
            reason=reason,
            client_ip=client_ip,
        )
        for upload, check in zip(attachments, checked, strict=True):
            attachment = ObjectionAttachment(
                objection=objection,
                **check.fields_for(ObjectionAttachment),
            )
            attachment.file.save(check.name, upload, save=False)
            attachment.save()
        record_event(
            "recognition.objection.submitted",
            actor=None,
            obj=objection,
            ip=client_ip,
            changes={
                "notice": current.code,
                "application": listed.application.code,
                "enterprise": listed.enterprise_name,
                "files": [{"name": c.name, "sha256": c.sha256} for c in checked],
            },
        )
        _tell_officers(objection, current)
    return objection


def _tell_officers(objection: Objection, notice: PublicNotice) -> None:
    with translation.override("zh-hans"):
        notify(
            list(_city_officers_of(notice.batch)),
            subject=_("New objection to the notice: %(name)s")
            % {"name": objection.entry.enterprise_name},
            body=_("%(title)s. Objection %(code)s was received; investigate and decide it.")
            % {"title": notice.title, "code": objection.code},
            url=reverse("recognition:objection_detail", kwargs={"code": objection.code}),
        )


WORKFLOW = Workflow(
    name=gettext_lazy("Objection"),
    model=Objection,
    states=ObjectionState,
    table=OBJECTION_MOVES,
    refused=ObjectionRefused,
    wrong_state=lambda current, to: _out_of_order(current.state, to),
    reason_missing=gettext_lazy("Give the reason for the decision."),
    related=("notice__batch__region", "entry"),
    permission_object=lambda objection: objection.notice.batch,
    initial=S.OPEN,
)


def _move(objection: Objection, to: str, *, actor, reason: str = "", apply=None) -> Objection:
    """Move ``objection`` to ``to`` along ``OBJECTION_MOVES`` (``core.domain.workflow.move``;
    the permission is checked on the notice's batch): records who handled it and when, runs
    ``apply(locked)`` (its dict joins the audit entry)."""

    def effects(current):
        current.handled_by = actor
        current.handled_at = timezone.now()
        return apply(current) if apply is not None else {}

    return move(objection, to, actor=actor, reason=reason, effects=effects)


def investigate_objection(objection: Objection, *, actor, note: str = "") -> Objection:
    """Start investigating a received objection (received → under investigation), with an
    optional note of what will be checked.

    Side effects: the state and note; audit entry ``recognition.objection.investigating``."""
    note = (note or "").strip()

    def apply(current):
        if note:
            current.investigation = note
        return {"note": note} if note else {}

    return _move(objection, S.INVESTIGATING, actor=actor, apply=apply)


OUTCOME_TARGETS = {
    ObjectionOutcome.UPHOLD: S.UPHELD,
    ObjectionOutcome.DISMISS: S.DISMISSED,
}


def decide_objection(
    objection: Objection, *, actor, outcome: str, investigation: str, outcome_reason: str
) -> Objection:
    """Decide an objection under investigation, the one entry point of the objection page and
    the API: ``outcome`` (an ``ObjectionOutcome``) upholds or dismisses it, with what the
    investigation found and the reason for the outcome (both required). The keywords are the
    names of the page form's and the API serializer's fields.

    Side effects (one transaction): the objection's state, findings and reason; when upheld, its
    notice entry is marked removed with the reason and time (an entry already removed by an
    earlier objection keeps that first reason); audit entry ``recognition.objection.upheld`` or
    ``recognition.objection.dismissed``.
    """
    investigation = (investigation or "").strip()
    outcome_reason = (outcome_reason or "").strip()
    if outcome not in OUTCOME_TARGETS:
        raise ObjectionRefused(_("Choose whether the objection is upheld or dismissed."))
    if not investigation:
        raise ObjectionRefused(_("Write what the investigation found."))
    to = OUTCOME_TARGETS[outcome]
    upheld = to == S.UPHELD

    def apply(current):
        current.investigation = investigation
        current.outcome_reason = outcome_reason
        extra = {"investigation": investigation, "reason": outcome_reason}
        if upheld:
            entry = NoticeEntry.objects.select_for_update(of=("self",)).get(pk=current.entry_id)
            if not entry.removed:
                entry.removed = True
                entry.removed_reason = outcome_reason
                entry.removed_at = current.handled_at
                entry.save(update_fields=["removed", "removed_reason", "removed_at"])
                extra["removed"] = current.entry.enterprise_name
        return extra

    return _move(objection, to, actor=actor, reason=outcome_reason, apply=apply)
