"""Recommending titles upward (decisions §64, §80): city titles to the province
(推荐省级绿色工厂), and provincial titles to the national list (推荐国家级绿色工厂) — one
candidacy, its target ``level`` as data, the same steps and table for both.

The city officer selects candidates among the city-level titles of the region in force
(``recommendable_titles``, the rule of ``validity.in_force_q``); the enterprise confirms
and brings its data up to date for the year of the call; the city sends the province's forms
(``province_package``: the 推荐汇总表, each factory's 自评价报告 and 第三方评价报告, and one
signed PDF per factory) and records the steps of the province's procedure it is told of or
runs on the province's behalf (形式审查, 专家评审, 公示) and the outcome: listed, which
grants the provincial title in the registry, or not listed.

The candidacy's states and who moves them are one table for ``core.domain.workflow.move``:

    selected → confirmed (the enterprise) → exported (the city) → listed / not listed (the city)
    selected, confirmed → withdrawn (the city, with a reason)
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.accounts.scope import inside
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import request_export
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify
from greenfactory.programme.enums import Programme
from greenfactory.reviews.enums import EvaluationState
from greenfactory.reviews.models import ThirdPartyEvaluation

from ..enums import CANDIDATE_CLOSED_STATES, CandidateState, TitleLevel, TitleStatus
from ..models import CandidateStateChange, ProvinceStep, ProvincialCandidate, Title
from .titles import grant_title
from .upward_words import words_of
from .validity import in_force_q

# The list a title is recommended for → the level of the titles recommended to it.
RECOMMENDED_FROM = {
    TitleLevel.PROVINCIAL: TitleLevel.CITY,
    TitleLevel.NATIONAL: TitleLevel.PROVINCIAL,
}
# Who lists the factory: the audit action of the title granted.
GRANTED_ACTION = {
    TitleLevel.PROVINCIAL: "titles.title.granted_from_province",
    TitleLevel.NATIONAL: "titles.title.granted_from_nation",
}

PROVINCE_EXPORT = "province_recommendation"
MANAGE = "titles.manage_candidate"
CONFIRM = "titles.confirm_candidate"


class CandidateRefused(Refused):
    """A step of the recommendation to the province cannot happen now; the message says why."""


C = CandidateState
CANDIDATE_MOVES: dict[tuple[str, str], Move] = {
    (C.SELECTED, C.CONFIRMED): Move(CONFIRM, "titles.candidate.confirmed"),
    (C.CONFIRMED, C.EXPORTED): Move(MANAGE, "titles.candidate.exported"),
    (C.EXPORTED, C.LISTED): Move(MANAGE, "titles.candidate.listed"),
    (C.EXPORTED, C.NOT_LISTED): Move(MANAGE, "titles.candidate.not_listed", needs_reason=True),
    (C.SELECTED, C.WITHDRAWN): Move(MANAGE, "titles.candidate.withdrawn", needs_reason=True),
    (C.CONFIRMED, C.WITHDRAWN): Move(MANAGE, "titles.candidate.withdrawn", needs_reason=True),
}

CANDIDATE_WORKFLOW = Workflow(
    name=_("Candidate recommended to the province"),
    model=ProvincialCandidate,
    states=CandidateState,
    table=CANDIDATE_MOVES,
    history=CandidateStateChange,
    history_fk="candidate",
    refused=CandidateRefused,
    related=("title__enterprise__district",),
    audit=lambda candidate, before, to, reason: {
        "enterprise": candidate.title.enterprise.uscc,
        "year": candidate.year,
        "level": candidate.level,
    },
    notify=lambda candidate, before, to, *, actor, reason="": _tell_enterprise(candidate, reason),
    initial=C.SELECTED,
)


def _tell_enterprise(candidate, reason: str = "") -> None:
    """The enterprise's accounts learn that their factory is a candidate, or of its new state
    (in Chinese, the platform's language for messages; e-mails leave after commit)."""
    if candidate.state in (C.CONFIRMED, C.EXPORTED):
        return  # the enterprise confirmed itself; sending is the city's own step
    users = User.objects.filter(
        role=Role.ENTERPRISE, enterprise_id=candidate.title.enterprise_id, is_active=True
    )
    with translation.override("zh-hans"):
        words = words_of(candidate.level)
        subject = str(words.notice_subject) % {
            "year": candidate.year,
            "state": words.state(candidate.state),
        }
        body = gettext("Reason: %(reason)s") % {"reason": reason} if reason else ""
    notify(
        users,
        subject=subject,
        body=body,
        url=reverse("titles:province_confirmation", args=[candidate.code]),
    )


# ---- reads --------------------------------------------------------------------------------


def candidates_visible_to(user) -> QuerySet[ProvincialCandidate]:
    """City officers: the candidates of their region. Enterprise users: their own. Nobody
    else (district officers, experts, evaluation bodies, the public) sees any."""
    base = ProvincialCandidate.objects.select_related(
        "title__enterprise__district", "title__enterprise__industry", "granted_title"
    )
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role == Role.CITY_OFFICER and user.region_id:
        return base.filter(inside(user.region, via="title__enterprise__district"))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return base.filter(title__enterprise_id=user.enterprise_id)
    return base.none()


def recommendable_titles(user, level: str = TitleLevel.PROVINCIAL) -> QuerySet[Title]:
    """The titles a city officer may recommend for the list of ``level``: the green factory
    titles of the level below (city titles for the province's list, provincial titles for the
    national one, ``RECOMMENDED_FROM``) of enterprises in the officer's region that are in
    force today (``validity.in_force_q``) and not under a spot check or rectification (the
    forms are the green factory's, decisions §72). Nobody else has any."""
    if not (user and user.is_authenticated and user.is_active and user.region_id):
        return Title.objects.none()
    if not user.has_perm("titles.export_upward"):
        return Title.objects.none()
    return (
        Title.objects.select_related(
            "enterprise__district__parent",
            "enterprise__industry__parent",
            "application__expert_result",
        )
        .filter(
            inside(user.region, via="enterprise__district"),
            in_force_q(),
            programme=Programme.GREEN_FACTORY,
            level=RECOMMENDED_FROM[level],
            status=TitleStatus.VALID,
        )
        .order_by("enterprise__name", "pk")
    )


def selectable_titles(user, year: int, level: str = TitleLevel.PROVINCIAL) -> QuerySet[Title]:
    """The titles in force a city officer may still select for the call of ``year`` to the
    list of ``level``."""
    return recommendable_titles(user, level).exclude(province_candidacies__year=year)


def latest_evaluation(enterprise_id: int) -> ThirdPartyEvaluation | None:
    """The enterprise's latest submitted third-party evaluation report (decisions §54)."""
    return (
        ThirdPartyEvaluation.objects.filter(
            application__enterprise_id=enterprise_id, state=EvaluationState.SUBMITTED
        )
        .select_related("body", "application")
        .order_by("-submitted_at", "-pk")
        .first()
    )


# ---- steps --------------------------------------------------------------------------------


def select_candidates(
    titles, *, actor, year: int, level: str = TitleLevel.PROVINCIAL
) -> list[ProvincialCandidate]:
    """Select ``titles`` as candidates for the call of ``year`` to the list of ``level`` (the
    province's, or the national one).

    Refused (``PermissionDenied``) for anyone but a city officer, or for a title that is not a
    title in force of the level below of the officer's region; refused
    (``CandidateRefused``) without titles, for a list that is not the province's or the
    nation's, or for a title already selected for the year.

    Two officers selecting the same title at once: the one whose selection commits second is
    refused (``CandidateRefused``, naming the factory) and selects nothing, as the unique
    candidacy per title and year holds.

    Side effects (one transaction): a candidate per title in ``selected``, its history row and
    the audit entry ``titles.candidate.selected``."""
    if not actor.has_perm("titles.export_upward"):
        raise PermissionDenied
    codes = list(dict.fromkeys(title.code for title in titles))
    if not codes:
        raise CandidateRefused(_("Choose at least one title."))
    if level not in RECOMMENDED_FROM:
        raise CandidateRefused(_("Titles are recommended to the province's or the national list."))
    try:
        return _select(codes, actor=actor, year=year, level=level)
    except IntegrityError as clash:
        names = sorted(
            set(
                ProvincialCandidate.objects.filter(title__code__in=codes, year=year).values_list(
                    "title__enterprise__name", flat=True
                )
            )
        )
        raise CandidateRefused(
            _(
                "%(names)s was selected for %(year)s by another officer meanwhile: nothing was "
                "selected; the list below shows the candidacy now."
            )
            % {"names": "、".join(names), "year": year}
        ) from clash


def _select(codes: list[str], *, actor, year: int, level: str) -> list[ProvincialCandidate]:
    with transaction.atomic():
        chosen = list(recommendable_titles(actor, level).filter(code__in=codes))
        if len(chosen) != len(codes):
            raise PermissionDenied
        taken = set(
            ProvincialCandidate.objects.filter(title__in=chosen, year=year).values_list(
                "title__enterprise__name", flat=True
            )
        )
        if taken:
            raise CandidateRefused(
                _("Already selected for %(year)s: %(names)s.")
                % {"year": year, "names": "、".join(sorted(taken))}
            )
        candidates = []
        for title in chosen:
            candidate = ProvincialCandidate.objects.create(
                title=title, year=year, level=level, selected_by=actor
            )
            CandidateStateChange.record(candidate=candidate, before="", to=C.SELECTED, actor=actor)
            record_event(
                "titles.candidate.selected",
                actor=actor,
                obj=candidate,
                changes={
                    "enterprise": title.enterprise.uscc,
                    "title": title.certificate_number or title.code,
                    "year": year,
                    "level": level,
                },
            )
            _tell_enterprise(candidate)
            candidates.append(candidate)
    return candidates


CONFIRMED_FIELDS = ("data_year", "contact_person", "contact_phone", "employees", "output_value")


def confirm_candidate(candidate, *, actor, data: dict) -> ProvincialCandidate:
    """The enterprise confirms the candidacy with its data for the year of the call
    (``data``: ``CONFIRMED_FIELDS`` and ``changes``). Refused when a required value is missing
    or the data year is not before the year of the call."""
    problems = []
    if not data.get("contact_person") or not data.get("contact_phone"):
        problems.append(_("Give the contact person and phone for the province."))
    data_year = data.get("data_year")
    if data_year is None or data_year >= candidate.year or data_year < candidate.year - 3:
        problems.append(
            _("The year of the data must be one of the three years before %(year)s.")
            % {"year": candidate.year}
        )
    if problems:
        raise CandidateRefused(*problems)

    def effects(locked):
        for field in (*CONFIRMED_FIELDS, "changes"):
            setattr(locked, field, data.get(field) if field != "changes" else data.get(field, ""))
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        return {"data_year": data_year}

    return move(candidate, C.CONFIRMED, actor=actor, effects=effects)


def withdraw_candidate(candidate, *, actor, reason: str) -> ProvincialCandidate:
    return move(candidate, C.WITHDRAWN, actor=actor, reason=reason)


def request_province_export(candidates, *, actor, year: int):
    """Send the candidates: each confirmed one moves to ``exported`` with the third-party
    report it goes with, and the package is queued for ``actor`` (built by the worker).

    Refused (``CandidateRefused``) without candidates, with a candidate of another year or
    recommended to another list than the first's (one package goes to one level), not yet
    confirmed by its enterprise, or without a submitted third-party evaluation report; all
    reasons at once. A candidate already exported is sent again as it was."""
    codes = list(dict.fromkeys(candidate.code for candidate in candidates))
    if not codes:
        raise CandidateRefused(_("Choose at least one candidate."))
    if not actor.has_perm("titles.export_upward"):
        raise PermissionDenied
    with transaction.atomic():
        chosen = list(candidates_visible_to(actor).filter(code__in=codes))
        if len(chosen) != len(codes):
            raise PermissionDenied
        problems = []
        reports = {}
        # The list of the first candidate given decides the package's.
        level = next(c.level for c in chosen if c.code == codes[0])
        for candidate in chosen:
            name = candidate.title.enterprise.name
            if candidate.year != year:
                problems.append(_("%(name)s is a candidate of another year.") % {"name": name})
            elif candidate.level != level:
                problems.append(
                    _("%(name)s is recommended to another list: send each list on its own.")
                    % {"name": name}
                )
            elif candidate.state not in (C.CONFIRMED, C.EXPORTED):
                problems.append(
                    _("%(name)s: the enterprise has not confirmed its data.") % {"name": name}
                )
            report = candidate.evaluation or latest_evaluation(candidate.title.enterprise_id)
            if report is None:
                problems.append(
                    _("%(name)s has no submitted third-party evaluation report.") % {"name": name}
                )
            reports[candidate.pk] = report
        if problems:
            raise CandidateRefused(*problems)
        for candidate in chosen:
            if candidate.state == C.CONFIRMED:
                report = reports[candidate.pk]

                def effects(locked, report=report):
                    locked.evaluation = report
                    return {"evaluation": report.code}

                move(candidate, C.EXPORTED, actor=actor, effects=effects)
        job = request_export(
            PROVINCE_EXPORT,
            actor=actor,
            params={"year": year, "candidates": codes, "level": level},
        )
        record_event(
            "titles.province_export.requested",
            actor=actor,
            obj=job,
            changes={
                "year": year,
                "level": level,
                "candidates": [c.title.enterprise.name for c in chosen],
            },
        )
    return job


def record_step(
    candidate, *, actor, stage: str, result: str, held_on: date, note: str = ""
) -> ProvinceStep:
    """Record a step of the province's procedure (or the city's check on its behalf) for a
    candidate that has been sent. Audited as ``titles.candidate.step_recorded``."""
    if not actor.has_perm(MANAGE, candidate):
        raise PermissionDenied
    if candidate.state != C.EXPORTED:
        raise CandidateRefused(
            # Level-neutral: a national candidacy's steps are the ministry's (decisions §84).
            _("Steps of the procedure above the city are recorded once the candidate is sent.")
            if candidate.state not in CANDIDATE_CLOSED_STATES
            else _("The outcome from above is recorded: the candidacy is closed.")
        )
    if held_on > timezone.localdate():
        raise CandidateRefused(_("The date of the step cannot be in the future."))
    with transaction.atomic():
        step = ProvinceStep.objects.create(
            candidate=candidate,
            stage=stage,
            result=result,
            held_on=held_on,
            note=note.strip(),
            recorded_by=actor,
        )
        record_event(
            "titles.candidate.step_recorded",
            actor=actor,
            obj=candidate,
            changes={
                "stage": stage,
                "result": result,
                "held_on": held_on.isoformat(),
                **({"note": step.note} if step.note else {}),
            },
        )
    return step


def record_listed(
    candidate, *, actor, issued_on: date, certificate_number: str = "", reference: str = ""
) -> ProvincialCandidate:
    """The province (or the ministry) listed the factory: the candidacy closes as listed and
    the registry gets the title of the candidacy's level and the call's year
    (``titles.grant_title``, audited ``titles.title.granted_from_province`` or
    ``…granted_from_nation``), or, where that list was imported first (decisions §59), the
    title already held is linked."""

    def effects(locked):
        title = grant_title(
            locked.title.enterprise,
            level=locked.level,
            year=locked.year,
            issued_on=issued_on,
            certificate_number=certificate_number.strip() or None,
            actor=actor,
            reason=reference or str(words_of(locked.level).listed_reason),
            action=GRANTED_ACTION[locked.level],
        )
        locked.granted_title = title
        return {"granted_title": title.code, "level": locked.level}

    return move(candidate, C.LISTED, actor=actor, reason=reference, effects=effects)


def record_not_listed(candidate, *, actor, reason: str) -> ProvincialCandidate:
    return move(candidate, C.NOT_LISTED, actor=actor, reason=reason)
