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

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.enums import EDITABLE_STATES, ApplicationState
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify
from greenfactory.titles.domain.title_status import change_title_status
from greenfactory.titles.enums import TitleStatus

from ..enums import CheckState
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


@dataclass(frozen=True)
class CheckMove:
    permission: str
    needs_reason: bool = False
    needs_date: bool = False
    # The title's status after the move (None: unchanged).
    title_status: str | None = None


CHECK_MOVES: dict[tuple[str, str], CheckMove] = {
    (S.IN_PROGRESS, S.PASSED): CheckMove(
        "supervision.decide_check", title_status=TitleStatus.VALID
    ),
    (S.IN_PROGRESS, S.RECTIFYING): CheckMove(
        "supervision.decide_check", True, True, TitleStatus.RECTIFYING
    ),
    (S.IN_PROGRESS, S.REVOKED): CheckMove(
        "supervision.decide_check", True, False, TitleStatus.REVOKED
    ),
    (S.RECTIFYING, S.RECTIFIED): CheckMove("supervision.report_rectification", True),
    (S.RECTIFYING, S.REVOKED): CheckMove(
        "supervision.decide_check", True, False, TitleStatus.REVOKED
    ),
    (S.RECTIFIED, S.PASSED): CheckMove("supervision.decide_check", title_status=TitleStatus.VALID),
    (S.RECTIFIED, S.RECTIFYING): CheckMove("supervision.decide_check", True, True),
    (S.RECTIFIED, S.REVOKED): CheckMove(
        "supervision.decide_check", True, False, TitleStatus.REVOKED
    ),
}


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


def move_check(check: SpotCheck, to: str, *, actor, reason: str = "", rectify_by=None) -> SpotCheck:
    """Move a check to ``to`` along ``CHECK_MOVES``.

    In one transaction under the check's row lock: refuses a move not in the table, checks the
    actor's permission, the reason and the rectification date where the table asks for them,
    and, for a check under way, that its application can be decided (``decision_problems``);
    saves the state; writes a ``CheckDecision`` row and an audit entry; moves the title's
    status (``change_title_status``: valid, rectifying or revoked — revocation also bars the
    enterprise from applying); tells the enterprise and the district officers.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        current = (
            SpotCheck.objects.select_for_update(of=("self",))
            .select_related("round", "title__enterprise__district", "application")
            .get(pk=check.pk)
        )
        move = CHECK_MOVES.get((current.state, to))
        if move is None:
            raise CheckRefused(
                _("The check is “%(state)s”; it cannot become “%(to)s”.")
                % {"state": current.get_state_display(), "to": CheckState(to).label}
            )
        if not actor.has_perm(move.permission, current):
            raise PermissionDenied
        if move.needs_reason and not reason:
            raise CheckRefused(_("Give the reason: it is kept with the check's history."))
        if len(reason) > MAX_REASON:
            raise CheckRefused(
                _("The text is longer than %(max)s characters.") % {"max": MAX_REASON}
            )
        if move.needs_date and (rectify_by is None or rectify_by <= timezone.localdate()):
            raise CheckRefused(_("Give a rectification date in the future."))
        problems = decision_problems(current)
        if problems:
            raise CheckRefused(" ".join(problems))
        before = current.state
        current.state = to
        if move.needs_date:
            current.rectify_by = rectify_by
        if to == S.RECTIFIED:
            current.rectification_report = reason
        if move.permission == "supervision.decide_check":
            current.decided_at = timezone.now()
        current.save()
        CheckDecision.objects.create(
            spot_check=current,
            from_state=before,
            to_state=to,
            reason=reason,
            rectify_by=rectify_by if move.needs_date else None,
            actor=actor,
        )
        if move.title_status:
            _move_title(current, move.title_status, actor=actor, reason=reason)
        record_event(
            "supervision.check.moved",
            actor=actor,
            obj=current,
            changes={
                "state": [before, to],
                "title": current.title.certificate_number or current.title.code,
                **({"reason": reason} if reason else {}),
                **({"rectify_by": rectify_by.isoformat()} if move.needs_date else {}),
            },
        )
        _tell(current, actor)
    check.state = current.state
    return current


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
