"""A spot check's outcome (抽检结论) and its history: the table of allowed moves and the one
function that makes them, plus the enterprise's own writes (three-year summary, rectification
report).

A check under way ends passed, with rectification ordered by a date, or with the title revoked,
once the factory's application has been audited (or reviewed by experts, or not recommended by
the district), or once the filing deadline has passed without a submission. A rectification is
reported by the enterprise and re-checked by the city: passed, ordered again, or revoked.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.enums import EDITABLE_STATES, ApplicationState
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify
from greenfactory.reviews.enums import AuditStatus
from greenfactory.reviews.models import SiteAudit
from greenfactory.titles.domain.title_status import change_title_status
from greenfactory.titles.enums import TitleStatus

from ..enums import FINAL_STATES, CheckState
from ..models import CheckDecision, SpotCheck
from .rounds import MAX_REASON

S = CheckState
# The application has been looked at closely enough to decide.
DECIDABLE_APPLICATION_STATES = (
    ApplicationState.AUDITED,
    ApplicationState.REVIEWED,
    ApplicationState.DISTRICT_REJECTED,
)
MAX_SUMMARY = 20000


class CheckRefused(Refused):
    """The check cannot move this way now; the message says why."""


class PassUnfounded(CheckRefused):
    """ "Passed" asked without what it rests on and without a reason (``pass_problems``)."""


@dataclass(frozen=True)
class CheckMove(Move):
    needs_date: bool = False
    # The title's status after the move (None: unchanged).
    title_status: str | None = None


DECIDE, REPORT, MOVED = (
    "supervision.decide_check",
    "supervision.report_rectification",
    "supervision.check.moved",
)
CHECK_MOVES: dict[tuple[str, str], CheckMove] = {
    (S.IN_PROGRESS, S.PASSED): CheckMove(DECIDE, MOVED, title_status=TitleStatus.VALID),
    (S.IN_PROGRESS, S.RECTIFYING): CheckMove(DECIDE, MOVED, True, True, TitleStatus.RECTIFYING),
    (S.IN_PROGRESS, S.REVOKED): CheckMove(DECIDE, MOVED, True, False, TitleStatus.REVOKED),
    (S.RECTIFYING, S.RECTIFIED): CheckMove(REPORT, MOVED, True),
    (S.RECTIFYING, S.REVOKED): CheckMove(DECIDE, MOVED, True, False, TitleStatus.REVOKED),
    (S.RECTIFIED, S.PASSED): CheckMove(DECIDE, MOVED, title_status=TitleStatus.VALID),
    (S.RECTIFIED, S.RECTIFYING): CheckMove(DECIDE, MOVED, True, True),
    (S.RECTIFIED, S.REVOKED): CheckMove(DECIDE, MOVED, True, False, TitleStatus.REVOKED),
}


def _tell_of_move(check: SpotCheck, before: str, to: str, *, actor, reason: str = "") -> None:
    _tell(check, actor)


WORKFLOW = Workflow(
    name=gettext_lazy("Spot check"),
    model=SpotCheck,
    states=CheckState,
    table=CHECK_MOVES,
    history=CheckDecision,
    history_fk="spot_check",
    refused=CheckRefused,
    wrong_state=gettext_lazy("The check is “%(state)s”; it cannot become “%(to)s”."),
    reason_missing=gettext_lazy("Give the reason: it is kept with the check's history."),
    related=("round", "title__enterprise__district", "application"),
    audit=lambda check, before, to, reason: {
        "title": check.title.certificate_number or check.title.code
    },
    notify=_tell_of_move,
    initial=S.IN_PROGRESS,
)


def next_states(check: SpotCheck) -> list[str]:
    return [to for to in CheckState.values if (check.state, to) in CHECK_MOVES]


def decision_problems(check: SpotCheck) -> list[str]:
    """Why the city cannot decide a check under way yet (empty: it can)."""
    if check.state != S.IN_PROGRESS:
        return []
    application = check.application
    if application.state in DECIDABLE_APPLICATION_STATES:
        return []
    deadline_passed = check.round.submission_deadline <= timezone.now()
    if deadline_passed and application.state in (*EDITABLE_STATES,):
        return []
    if application.state in (*EDITABLE_STATES,):
        return [_("The factory has not filed yet; the filing deadline has not passed.")]
    return [
        _("The application is “%(state)s”: decide once the on-site audit is completed.")
        % {"state": application.get_state_display()}
    ]


def pass_problems(check: SpotCheck) -> list[str]:
    """What a "passed" would rest on that the check lacks (empty: nothing; decisions §49): the
    factory's three-year summary filed with its application, and a completed on-site audit of
    that application. Without them a check is recorded passed only with an explicit reason."""
    problems = []
    application = check.application
    filed = application.state not in (*EDITABLE_STATES, ApplicationState.WITHDRAWN)
    if not (filed and check.changes_summary.strip()):
        problems.append(_("The factory has not filed its three-year summary."))
    if not SiteAudit.objects.filter(application=application, status=AuditStatus.COMPLETED).exists():
        problems.append(_("No on-site audit of the factory has been completed."))
    return problems


def may_commission_from_round(user, check: SpotCheck) -> bool:
    """Whether the round's page offers ``user`` to commission a third-party evaluation body
    for ``check`` (plan 五(四), decisions §70.4): the permission of the check's page
    (``reviews.commission_evaluation`` on the check's application), on a check still open
    whose application the enterprise has filed — what ``commission_evaluation`` would refuse
    for an unfiled one is not offered. Reads only the rows the round's page loads."""
    return (
        check.state not in FINAL_STATES
        and check.application.submitted_at is not None
        and user.has_perm("reviews.commission_evaluation", check.application)
    )


def move_check(check: SpotCheck, to: str, *, actor, reason: str = "", rectify_by=None) -> SpotCheck:
    """Move a check to ``to`` along ``CHECK_MOVES`` (``core.domain.workflow.move``).

    Besides the table, the permission and the reason: refuses a text over ``MAX_REASON``, a
    missing or past rectification date where the move sets one, for a check under way an
    application that cannot be decided yet (``decision_problems``), and "passed" without the
    filed summary and a completed audit unless a reason is given (``pass_problems``). Side
    effects in the move's transaction: the state (and date, report, decision time); a
    ``CheckDecision`` row and the audit entry ``supervision.check.moved``; the title's status moved
    (``change_title_status``: valid, rectifying or revoked — revocation also bars the
    enterprise from applying); the enterprise and the district officers told.
    """
    reason = (reason or "").strip()
    # The locked row's move, found by ``check_`` and used by ``effects``; the history row
    # carries the date (filled before the engine writes the row).
    taken, dated = {}, {"rectify_by": None}

    def check_(current):
        step = taken["move"] = CHECK_MOVES[(current.state, to)]
        if len(reason) > MAX_REASON:
            raise CheckRefused(
                _("The text is longer than %(max)s characters.") % {"max": MAX_REASON}
            )
        if step.needs_date and (rectify_by is None or rectify_by <= timezone.localdate()):
            raise CheckRefused(_("Give a rectification date in the future."))
        problems = decision_problems(current)
        if problems:
            raise CheckRefused(" ".join(problems))
        if to == S.PASSED and not reason:
            unfounded = pass_problems(current)
            if unfounded:
                raise PassUnfounded(
                    *unfounded,
                    _("Give the reason to record the check passed without them."),
                )
        if step.needs_date:
            dated["rectify_by"] = rectify_by

    def effects(current):
        step = taken["move"]
        if step.needs_date:
            current.rectify_by = rectify_by
        if to == S.RECTIFIED:
            current.rectification_report = reason
        if step.permission == DECIDE:
            current.decided_at = timezone.now()
        if step.title_status:
            _move_title(current, step.title_status, actor=actor, reason=reason)
        return {"rectify_by": rectify_by.isoformat()} if step.needs_date else {}

    return move(check, to, actor=actor, reason=reason, check=check_, effects=effects, history=dated)


def _move_title(check: SpotCheck, to: str, *, actor, reason: str) -> None:
    """Bring the title to ``to`` along the title's own table: a title being rectified is put
    under check again before it is found valid."""
    title = check.title
    if to == TitleStatus.VALID and title.status == TitleStatus.RECTIFYING:
        change_title_status(title, TitleStatus.UNDER_CHECK, actor=actor, reason=reason)
    if title.status != to:
        change_title_status(
            title,
            to,
            actor=actor,
            reason=reason or _("Spot check “%(round)s”: passed.") % {"round": check.round.title},
        )


def _tell(check: SpotCheck, actor) -> None:
    enterprise = check.title.enterprise
    users = User.objects.filter(role=Role.ENTERPRISE, enterprise=enterprise, is_active=True)
    officers = User.objects.filter(
        role__in=(Role.DISTRICT_OFFICER, Role.CITY_OFFICER),
        region__in=[enterprise.district_id, check.round.region_id],
        is_active=True,
    ).exclude(pk=actor.pk)
    with translation.override("zh-hans"):
        subject = _("Spot check of %(enterprise)s: %(state)s") % {
            "enterprise": enterprise.name,
            "state": check.get_state_display(),
        }
    notify(
        [*users, *officers], subject=subject, url=reverse("supervision:check", args=[check.code])
    )


def save_summary(check: SpotCheck, *, actor, changes: str, rectifications: str) -> SpotCheck:
    """The enterprise's three-year summary (三年总结): what changed and what it rectified since
    the title; the yearly performance data go in the application. Editable while the
    application is. Side effects: audit entry."""
    with transaction.atomic():
        current = (
            SpotCheck.objects.select_for_update(of=("self",))
            .select_related("application", "title__enterprise")
            .get(pk=check.pk)
        )
        if not actor.has_perm("supervision.write_summary", current):
            raise PermissionDenied
        if current.application.state not in EDITABLE_STATES:
            raise CheckRefused(_("The application has been submitted; the summary is fixed."))
        changes, rectifications = (changes or "").strip(), (rectifications or "").strip()
        if max(len(changes), len(rectifications)) > MAX_SUMMARY:
            raise CheckRefused(
                _("The text is longer than %(max)s characters.") % {"max": MAX_SUMMARY}
            )
        current.changes_summary, current.rectifications_summary = changes, rectifications
        current.summary_saved_at = timezone.now()
        current.save(
            update_fields=["changes_summary", "rectifications_summary", "summary_saved_at"]
        )
        record_event(
            "supervision.check.summary_saved",
            actor=actor,
            obj=current,
            changes={"changes": len(changes), "rectifications": len(rectifications)},
        )
    return current


def report_rectification(check: SpotCheck, *, actor, report: str) -> SpotCheck:
    """The enterprise reports its rectification (整改报告); the city then re-checks."""
    return move_check(check, S.RECTIFIED, actor=actor, reason=report)


def summary_problems(application) -> list[str]:
    """Registered with the application's submission: a spot check's application needs the
    three-year summary."""
    missing = [
        check
        for check in SpotCheck.objects.filter(application=application)
        if not check.changes_summary
    ]
    if missing:
        return [_("The three-year summary of the spot check is not written yet.")]
    return []
