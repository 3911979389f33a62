"""现场评估 (on-site assessment) of a listed factory whose key indicators worsened, as a step of
its own in the dynamic management (decisions §80). The national rules
(《绿色工厂梯度培育及管理暂行办法》, 工信部节〔2024〕13号) have the local bureau review the yearly
动态管理表 on its key indicators and hold a 现场评估 where they no longer meet the requirements,
before its 动态调整意见 (§65). The filing shows when one should be considered
(``AnnualFiling.site_assessment_suggested``); this module records that one was called, and
whether and how it was held.

An officer of the factory's district or city calls it (the reason, a planned day); it is then
held — the day, who assessed, the findings, the outcome — or cancelled with the reason. The
moves go through the one engine (``core.domain.workflow.move``) by ``ASSESSMENT_MOVES``:
history row, audit entry and messages, in one transaction. The city's 动态调整意见 waits for
an assessment that was called until it is held or cancelled."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.domain.queries import officers_over
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify

from ..enums import FILED_STATES, SiteAssessmentOutcome, SiteAssessmentState
from ..models import AnnualFiling, SiteAssessment, SiteAssessmentStatusChange

A = SiteAssessmentState
RECORD = "filings.record_site_assessment"
ASSESSMENT_MOVES = {
    (A.CALLED, A.HELD): Move(RECORD, "filings.site_assessment.held"),
    (A.CALLED, A.CANCELLED): Move(RECORD, "filings.site_assessment.cancelled", needs_reason=True),
}
MAX_TEXT = 2000


class SiteAssessmentRefused(Refused):
    """The 现场评估 cannot be called or recorded as asked; the message says why."""


def _url(assessment) -> str:
    return reverse("filings:detail", args=[assessment.filing.code])


def _officers_beside(filing: AnnualFiling, actor):
    """The other side of the bureau: the city's officers when the district acted, the
    district's when the city did."""
    other = Role.CITY_OFFICER if actor.role == Role.DISTRICT_OFFICER else Role.DISTRICT_OFFICER
    return officers_over(filing.enterprise.district, other)


def _tell(assessment, subject: str, body: str, *, actor) -> None:
    filing = assessment.filing
    with translation.override("zh-hans"):
        subject = subject % {"enterprise": filing.enterprise.name, "year": filing.year}
        notify(
            User.objects.filter(enterprise=filing.enterprise, is_active=True),
            subject=subject,
            body=body,
            url=reverse("filings:edit", args=[filing.code]),
        )
        notify(_officers_beside(filing, actor), subject=subject, body=body, url=_url(assessment))


def _notify(assessment, before: str, to: str, *, actor, reason: str = "") -> None:
    if to == A.HELD:
        body = f"{assessment.held_on:%Y-%m-%d} · {assessment.get_outcome_display()}"
        _tell(
            assessment,
            gettext_lazy("On-site assessment of %(enterprise)s (%(year)s) recorded"),
            body,
            actor=actor,
        )
    else:
        _tell(
            assessment,
            gettext_lazy("On-site assessment of %(enterprise)s (%(year)s) cancelled"),
            reason,
            actor=actor,
        )


WORKFLOW = Workflow(
    name=gettext_lazy("On-site assessment (现场评估)"),
    model=SiteAssessment,
    states=SiteAssessmentState,
    table=ASSESSMENT_MOVES,
    history=SiteAssessmentStatusChange,
    history_fk="assessment",
    refused=SiteAssessmentRefused,
    wrong_state=gettext_lazy("An assessment that is “%(state)s” cannot become “%(to)s”."),
    reason_missing=gettext_lazy("Give the reason the assessment is cancelled."),
    related=("filing__enterprise__district",),
    audit=lambda assessment, before, to, reason: {
        "filing": assessment.filing.code,
        "enterprise": assessment.filing.enterprise.uscc,
        "year": assessment.filing.year,
    },
    notify=_notify,
    initial=A.CALLED,
)


def open_assessment(filing: AnnualFiling) -> SiteAssessment | None:
    """The assessment called for ``filing`` and not yet held or cancelled, if any."""
    return filing.site_assessments.filter(state=A.CALLED).first()


def call_site_assessment(
    filing: AnnualFiling, *, actor, reason: str, planned_on: date | None = None
) -> SiteAssessment:
    """An officer of the factory's district or city calls a 现场评估 of a filed filing.

    Refused (``PermissionDenied``) to anyone else; (``SiteAssessmentRefused``) without a
    reason, for a filing not filed (draft or returned), for a planned day in the past, or
    while another assessment of the filing is called and not yet recorded. Side effects: the
    assessment in ``called``, its history row, the audit entry
    ``filings.site_assessment.called``; the enterprise and the other side of the bureau told."""
    if not actor.has_perm("filings.call_site_assessment", filing):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_TEXT:
        raise SiteAssessmentRefused(
            _("Give the reason the assessment is called, in at most %(max)s characters.")
            % {"max": MAX_TEXT}
        )
    if planned_on is not None and planned_on < timezone.localdate():
        raise SiteAssessmentRefused(_("The planned day cannot be in the past."))
    try:
        with transaction.atomic():
            locked = AnnualFiling.objects.select_for_update(of=("self",)).get(pk=filing.pk)
            if locked.state not in FILED_STATES:
                raise SiteAssessmentRefused(
                    _("A filing that is “%(state)s” cannot be assessed: it is not filed.")
                    % {"state": locked.get_state_display()}
                )
            if open_assessment(locked) is not None:
                raise SiteAssessmentRefused(
                    _("An assessment of this filing is already called: record or cancel it.")
                )
            assessment = SiteAssessment.objects.create(
                filing=filing, reason=reason, planned_on=planned_on, called_by=actor
            )
            SiteAssessmentStatusChange.record(
                assessment=assessment, before="", to=A.CALLED, actor=actor, reason=reason
            )
            record_event(
                "filings.site_assessment.called",
                actor=actor,
                obj=assessment,
                changes={
                    "filing": filing.code,
                    "enterprise": filing.enterprise.uscc,
                    "year": filing.year,
                    "reason": reason,
                    "suggested": filing.site_assessment_suggested,
                    **({"planned_on": planned_on.isoformat()} if planned_on else {}),
                },
            )
            planned = f"{planned_on:%Y-%m-%d} · " if planned_on else ""
            _tell(
                assessment,
                gettext_lazy("On-site assessment of %(enterprise)s (%(year)s) called"),
                planned + reason,
                actor=actor,
            )
    except IntegrityError as clash:
        raise SiteAssessmentRefused(
            _("An assessment of this filing is already called: record or cancel it.")
        ) from clash
    return assessment


def record_site_assessment(
    assessment: SiteAssessment,
    *,
    actor,
    held_on: date,
    assessors: str,
    findings: str,
    outcome: str,
) -> SiteAssessment:
    """Record that the called 现场评估 was held: the day, who assessed, the findings and the
    outcome. Refused (``SiteAssessmentRefused``, every problem at once) for a day in the
    future or before it was called, without assessors or findings, or an unknown outcome.
    Side effects: state, the fields, history row, audit entry with the outcome; the enterprise
    and the other side of the bureau told."""
    assessors, findings = (assessors or "").strip(), (findings or "").strip()
    problems = []
    if held_on is None or held_on > timezone.localdate():
        problems.append(_("The day it was held cannot be in the future."))
    elif held_on < timezone.localdate(assessment.called_at):
        problems.append(_("The day it was held cannot be before it was called."))
    if not assessors or len(assessors) > 300:
        problems.append(_("Say who assessed (names or team), in at most 300 characters."))
    if not findings or len(findings) > MAX_TEXT:
        problems.append(_("Write the findings, in at most %(max)s characters.") % {"max": MAX_TEXT})
    if outcome not in SiteAssessmentOutcome.values:
        problems.append(_("Choose the outcome."))
    if problems:
        raise SiteAssessmentRefused(*problems)

    def effects(current):
        current.held_on, current.assessors = held_on, assessors
        current.findings, current.outcome = findings, outcome
        current.recorded_by = actor
        return {"held_on": held_on.isoformat(), "assessors": assessors, "outcome": outcome}

    return move(assessment, A.HELD, actor=actor, effects=effects)


def cancel_site_assessment(assessment: SiteAssessment, *, actor, reason: str) -> SiteAssessment:
    """The called assessment will not be held: cancelled with the reason. Side effects:
    state, history row, audit entry; the enterprise and the other side told."""
    return move(assessment, A.CANCELLED, actor=actor, reason=reason)
