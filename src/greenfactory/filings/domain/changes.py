"""重大事项变更: a listed factory reports a major change (name, production address,
organisational boundary, merger...); its district and then the city acknowledge it, or return it
with the reason. The national rules ask the city to review such changes and to report its
opinion upward; a change the factory no longer meets the standard after is a ground for removal
(decisions §65).

Each step goes through the workflow engine (``core.domain.workflow.move``) by ``CHANGE_MOVES``:
a history row, an audit entry and a message to the other side, in one transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.domain.queries import officers_over
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.accounts.scope import enterprise_rows_visible_to
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify

from ..enums import MajorChangeKind, MajorChangeState
from ..models import MajorChange, MajorChangeStatusChange

S = MajorChangeState
CHANGE_MOVES = {
    (S.REPORTED, S.DISTRICT_ACKNOWLEDGED): Move(
        "filings.district_acknowledge_change", "filings.major_change.district_acknowledged"
    ),
    (S.REPORTED, S.RETURNED): Move(
        "filings.district_acknowledge_change", "filings.major_change.returned", needs_reason=True
    ),
    (S.DISTRICT_ACKNOWLEDGED, S.CITY_ACKNOWLEDGED): Move(
        "filings.city_acknowledge_change", "filings.major_change.city_acknowledged"
    ),
    (S.DISTRICT_ACKNOWLEDGED, S.RETURNED): Move(
        "filings.city_acknowledge_change", "filings.major_change.returned", needs_reason=True
    ),
}
MAX_TEXT = 2000


class MajorChangeRefused(Refused):
    """The change report cannot be written or moved as asked; the message says why."""


def changes_visible_to(user) -> QuerySet[MajorChange]:
    """Officers: the reports of enterprises in their region; enterprise users: their own."""
    return enterprise_rows_visible_to(
        user, MajorChange.objects.select_related("enterprise__district", "reported_by")
    )


def changes_for_enterprise(enterprise) -> QuerySet[MajorChange]:
    """Every report of ``enterprise``, newest change first (the registry shows them)."""
    return MajorChange.objects.filter(enterprise=enterprise).order_by("-effective_on", "-pk")


def major_change_events(enterprise) -> list[tuple]:
    """The registry's events of ``enterprise``: its reported changes (one query)."""
    return [
        (
            change.effective_on,
            change.get_kind_display(),
            change.description,
            reverse("filings:change", args=[change.code]),
            change.get_state_display(),
        )
        for change in changes_for_enterprise(enterprise)[:20]
    ]


def report_major_change(
    *, actor, kind: str, effective_on: date, description: str, before: str = "", after: str = ""
) -> MajorChange:
    """The enterprise reports a major change of its factory.

    Refused (``PermissionDenied``) to anyone but an enterprise user; (``MajorChangeRefused``) for
    an unknown kind, a date in the future or an empty description. Side effects: the report
    saved, audit entry ``filings.major_change.reported``, the district officers told."""
    if not actor.has_perm("filings.report_major_change"):
        raise PermissionDenied
    description = (description or "").strip()
    if kind not in MajorChangeKind.values:
        raise MajorChangeRefused(_("Choose the kind of change."))
    if effective_on > timezone.localdate():
        raise MajorChangeRefused(_("Report a change once it has taken effect."))
    if not description or len(description) > MAX_TEXT:
        raise MajorChangeRefused(
            _("Describe the change in at most %(max)s characters.") % {"max": MAX_TEXT}
        )
    enterprise = actor.enterprise
    with transaction.atomic():
        change = MajorChange.objects.create(
            enterprise=enterprise,
            kind=kind,
            effective_on=effective_on,
            before=(before or "").strip(),
            after=(after or "").strip(),
            description=description,
            reported_by=actor,
        )
        record_event(
            "filings.major_change.reported",
            actor=actor,
            obj=change,
            changes={
                "kind": kind,
                "effective_on": effective_on.isoformat(),
                "before": change.before,
                "after": change.after,
            },
        )
        with translation.override("zh-hans"):
            notify(
                officers_over(enterprise.district, Role.DISTRICT_OFFICER),
                subject=_("%(enterprise)s reported a major change: %(kind)s")
                % {"enterprise": enterprise.name, "kind": change.get_kind_display()},
                body=description,
                url=reverse("filings:change", args=[change.code]),
            )
    return change


def _notify(change: MajorChange, before: str, to: str, *, actor, reason: str = "") -> None:
    with translation.override("zh-hans"):
        if to == S.DISTRICT_ACKNOWLEDGED:
            notify(
                officers_over(change.enterprise.district, Role.CITY_OFFICER),
                subject=_("The district acknowledged a major change of %(enterprise)s")
                % {"enterprise": change.enterprise.name},
                body=change.description,
                url=reverse("filings:change", args=[change.code]),
            )
            return
        subject = (
            _("Your report of a major change was returned")
            if to == S.RETURNED
            else _("Your report of a major change was acknowledged by the city")
        )
        notify(
            User.objects.filter(enterprise=change.enterprise, is_active=True),
            subject=subject,
            body=reason,
            url=reverse("filings:change", args=[change.code]),
        )


WORKFLOW = Workflow(
    name=gettext_lazy("Major change report"),
    model=MajorChange,
    states=MajorChangeState,
    table=CHANGE_MOVES,
    history=MajorChangeStatusChange,
    history_fk="change",
    refused=MajorChangeRefused,
    wrong_state=gettext_lazy("A report that is “%(state)s” cannot become “%(to)s”."),
    reason_missing=gettext_lazy("Give the reason, so the enterprise knows what to correct."),
    related=("enterprise__district",),
    notify=_notify,
    initial=MajorChangeState.REPORTED,
)


def _noted(note: str):
    note = (note or "").strip()

    def effects(current):
        current.note = note
        return {"note": note} if note else None

    return effects


def next_acknowledgement(change: MajorChange) -> str:
    """Whose acknowledgement a report waits for: the district's, then the city's."""
    return S.DISTRICT_ACKNOWLEDGED if change.state == S.REPORTED else S.CITY_ACKNOWLEDGED


def acknowledge_change(change: MajorChange, *, actor, note: str = "") -> MajorChange:
    """The next officer acknowledges the report: the district's officer a reported one, then
    the city's officer one the district acknowledged (the table says which; the permission
    who). Side effects: state, history row, audit entry, the next side told."""
    return move(change, next_acknowledgement(change), actor=actor, effects=_noted(note))


def return_change(change: MajorChange, *, actor, reason: str) -> MajorChange:
    """An officer returns the report to the enterprise with the reason (it may report again).
    Side effects: state, history row, audit entry, the enterprise told."""
    return move(change, S.RETURNED, actor=actor, reason=reason, effects=_noted(reason))
