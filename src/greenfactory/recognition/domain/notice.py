"""The public notice (公示) of the party group's decided list: publishing it and closing it.

The notice fixes what it shows when it is published: the text, the period and, for each
factory, the names and the score as they were then (``NoticeEntry``). Objections are handled in
``objections.py``; an upheld one strikes its factory from the list.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.notifications.domain.notify import notify
from greenfactory.programme.models import Batch

from ..enums import OPEN_OBJECTION_STATES, NoticeState
from ..models import NoticeEntry, PublicNotice
from ..workdays import HolidayCalendarUnknown, notice_end
from .ranking import RecognitionRefused


class NoticeRefused(RecognitionRefused):
    """The notice step cannot be taken now; the message tells the user why."""


def outbox_group(notice: PublicNotice) -> str:
    """The outbox group holding the e-mails to the listed enterprises until an officer releases
    them."""
    return f"notice-{notice.code}"


def decided_entries(batch):
    """The party group's decided list, in its order, with what the notice snapshots."""
    return (
        batch.party_group_decision.entries.filter(included=True)
        .select_related(
            "application__enterprise__district",
            "application__enterprise__industry",
            "application__expert_result",
        )
        .order_by("position")
    )


def notice_order(decided, *, publish_scores: bool):
    """The order of the notice's list. Without scores the factories are listed by district and
    name, 排名不分先后 (decisions §50): the ranking's order would publish the scores' order.
    With scores, the decided order."""
    if publish_scores:
        return list(decided)
    return sorted(
        decided,
        key=lambda row: (row.application.enterprise.district.code, row.application.enterprise.name),
    )


def _score(application):
    try:
        return application.expert_result.score
    except ObjectDoesNotExist:
        return None


def notice_contacts_missing(batch) -> list[str]:
    """What the batch lacks of the notice's two contacts for objections (empty: both given)."""
    missing = []
    if not batch.notice_bureau_contact.strip():
        missing.append(
            _("Give the bureau's contact for objections in the batch settings before publishing.")
        )
    if not batch.notice_discipline_contact.strip():
        missing.append(
            _(
                "Give the discipline-inspection (纪检监察) contact in the batch settings before "
                "publishing."
            )
        )
    return missing


def _period_end(batch, starts_on):
    try:
        return notice_end(starts_on, batch.notice_days, batch.notice_day_kind)
    except HolidayCalendarUnknown as error:
        raise NoticeRefused(str(error)) from error


def publish_notice(
    batch, *, actor, title: str, body: str, how_to_object: str, starts_on
) -> PublicNotice:
    """Publish the decided list of ``batch`` for its notice period, starting on ``starts_on``.

    Needs ``recognition.publish_notice`` on the batch, a recorded party-group decision with at
    least one decided factory, no notice yet, and a start no earlier than today. The period's
    length and kind come from the batch (``notice_days``, ``notice_day_kind``; see
    ``recognition.workdays``); scores are shown, in rank order, only if the batch publishes them,
    else the list is by district and name (``notice_order``); the batch's two contacts for
    objections — the bureau's and the discipline-inspection group's — are required and copied.

    Side effects (one transaction, the batch row locked): the notice and one ``NoticeEntry`` per
    decided factory (names, district, industry, score and the decided grade copied); audit entry
    ``recognition.notice.published``; each listed enterprise's active users get an inbox message,
    and their e-mails are held in the outbox group ``notice-<code>`` until an officer releases
    them.
    """
    title, body, how_to_object = title.strip(), body.strip(), how_to_object.strip()
    with transaction.atomic():
        current = Batch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if not actor.has_perm("recognition.publish_notice", current):
            raise PermissionDenied
        if PublicNotice.objects.filter(batch=current).exists():
            raise NoticeRefused(_("The public notice of this batch has already been published."))
        try:
            current.party_group_decision  # noqa: B018 (raises when there is none)
        except ObjectDoesNotExist:
            raise NoticeRefused(
                _("Record the party group's decision before publishing the notice.")
            ) from None
        if not (title and body and how_to_object):
            raise NoticeRefused(_("Write the title, the text and how to object."))
        missing = notice_contacts_missing(current)
        if missing:
            raise NoticeRefused(*missing)
        if starts_on < timezone.localdate():
            raise NoticeRefused(_("The notice cannot start in the past."))
        decided = notice_order(decided_entries(current), publish_scores=current.publish_scores)
        if not decided:
            raise NoticeRefused(_("The party group's decided list is empty: nothing to publish."))
        ends_on = _period_end(current, starts_on)
        notice = PublicNotice.objects.create(
            batch=current,
            title=title,
            body=body,
            how_to_object=how_to_object,
            starts_on=starts_on,
            ends_on=ends_on,
            days=current.notice_days,
            day_kind=current.notice_day_kind,
            publish_scores=current.publish_scores,
            bureau_contact=current.notice_bureau_contact.strip(),
            discipline_contact=current.notice_discipline_contact.strip(),
            published_by=actor,
        )
        NoticeEntry.objects.bulk_create(
            [
                NoticeEntry(
                    notice=notice,
                    application=row.application,
                    position=number,
                    enterprise_name=row.application.enterprise.name,
                    district_name=row.application.enterprise.district.name,
                    industry_name=row.application.enterprise.industry.name,
                    score=_score(row.application) if current.publish_scores else None,
                    grade=row.grade,
                )
                for number, row in enumerate(decided, start=1)
            ]
        )
        record_event(
            "recognition.notice.published",
            actor=actor,
            obj=notice,
            changes={
                "batch": current.code,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "days": notice.days,
                "day_kind": notice.day_kind,
                "publish_scores": notice.publish_scores,
                "bureau_contact": notice.bureau_contact,
                "discipline_contact": notice.discipline_contact,
                "entries": [row.application.code for row in decided],
            },
        )
        _tell_listed_enterprises(notice, [row.application.enterprise for row in decided])
    return notice


def _tell_listed_enterprises(notice: PublicNotice, enterprises) -> None:
    url = reverse("recognition:notice", kwargs={"code": notice.code})
    users = User.objects.filter(
        role=Role.ENTERPRISE, enterprise__in=enterprises, is_active=True
    ).select_related("enterprise")
    by_enterprise = {}
    for user in users:
        by_enterprise.setdefault(user.enterprise, []).append(user)
    with translation.override("zh-hans"):
        for enterprise, people in by_enterprise.items():
            notify(
                people,
                subject=_("%(enterprise)s is on the public notice") % {"enterprise": enterprise},
                body=_(
                    "%(title)s. The notice runs from %(start)s to %(end)s; anyone may object "
                    "during that time."
                )
                % {
                    "title": notice.title,
                    "start": date_format(notice.starts_on),
                    "end": date_format(notice.ends_on),
                },
                url=url,
                hold=True,
                group=outbox_group(notice),
            )


NOTICE_MOVES = {
    (NoticeState.OPEN, NoticeState.CLOSED): Move(
        "recognition.close_notice", "recognition.notice.closed"
    ),
}

WORKFLOW = Workflow(
    name=gettext_lazy("Public notice"),
    model=PublicNotice,
    states=NoticeState,
    table=NOTICE_MOVES,
    refused=NoticeRefused,
    wrong_state=lambda current, to: _("The notice is already closed."),
    related=("batch__region",),
    permission_object=lambda notice: notice.batch,
    initial=NoticeState.OPEN,
)


def close_notice(notice: PublicNotice, *, actor) -> PublicNotice:
    """Close the notice once its period is over and every objection is decided
    (``NOTICE_MOVES``, through ``core.domain.workflow.move``; the permission is checked on the
    batch). Refused while the period lasts (it ends on ``ends_on`` inclusive) and while any
    objection is received or under investigation.

    Side effects (one transaction, the notice row locked): the notice becomes closed with who
    and when; audit entry ``recognition.notice.closed`` with the factories that remain listed
    and those removed.
    """

    def check(current):
        if timezone.localdate() <= current.ends_on:
            raise NoticeRefused(
                _("The notice cannot be closed yet: the period ends on %(end)s.")
                % {"end": date_format(current.ends_on)}
            )
        pending = current.objections.filter(state__in=OPEN_OBJECTION_STATES).count()
        if pending:
            raise NoticeRefused(
                ngettext(
                    "%(n)s objection is still open: decide it before closing the notice.",
                    "%(n)s objections are still open: decide them before closing the notice.",
                    pending,
                )
                % {"n": pending}
            )

    def effects(current):
        current.closed_by = actor
        current.closed_at = timezone.now()
        entries = list(current.entries.select_related("application"))
        return {
            "listed": [e.application.code for e in entries if not e.removed],
            "removed": [e.application.code for e in entries if e.removed],
        }

    return move(notice, NoticeState.CLOSED, actor=actor, check=check, effects=effects)
