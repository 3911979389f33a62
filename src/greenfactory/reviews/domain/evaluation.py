"""The third-party evaluation (第三方评价): the city bureau commissions an independent
evaluation body for an application (where the batch asks for a third-party evaluation, and
for a spot check, plan 五(四)); the body writes its structured report and submits it signed,
or declines; the bureau may withdraw a commission not yet reported.

Rules (决策 §54): a body never evaluates an application that it, or an organisation with the
same legal representative, helped prepare as the enterprise's consulting agency; a batch caps
the evaluations per body (``Batch.evaluations_per_body``); a suspended body is not
commissioned and its reports are not accepted; a submitted report does not change.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.models import Agency, EvaluationBody, User
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.workflow import Move, Workflow, move
from greenfactory.core.refusals import Refused
from greenfactory.notifications.domain.notify import notify
from greenfactory.programme.domain.queries import batch_indicators
from greenfactory.programme.enums import BatchPurpose, IndicatorKind

from ..enums import LIVE_EVALUATION_STATES, EvaluationPurpose, EvaluationState
from ..models import EvaluationItem, EvaluationStateChange, ThirdPartyEvaluation

E = EvaluationState
MAX_TEXT = 20000
REPORT_FIELDS = (
    "basic_information",
    "process",
    "highlights",
    "conclusion",
    "independence_declared",
    "responsible_person",
    "signed_on",
)


class EvaluationRefused(Refused):
    """The evaluation cannot be commissioned, changed or moved now; the message says why."""


EVALUATION_MOVES = {
    (E.COMMISSIONED, E.SUBMITTED): Move("reviews.write_evaluation", "reviews.evaluation.submitted"),
    (E.COMMISSIONED, E.REFUSED): Move(
        "reviews.write_evaluation", "reviews.evaluation.declined", needs_reason=True
    ),
    (E.COMMISSIONED, E.WITHDRAWN): Move(
        "reviews.withdraw_evaluation", "reviews.evaluation.withdrawn", needs_reason=True
    ),
}


def _tell(evaluation, recipients) -> None:
    """The body's accounts or the commissioning officer learn of a commission or its move."""
    with translation.override("zh-hans"):
        subject = _("Third-party evaluation of %(enterprise)s: %(state)s") % {
            "enterprise": evaluation.application.enterprise.name,
            "state": evaluation.get_state_display(),
        }
    notify(
        recipients,
        subject=subject,
        url=reverse("reviews:evaluation_detail", args=[evaluation.code]),
    )


def _body_accounts(evaluation):
    return list(User.objects.filter(evaluation_body_id=evaluation.body_id, is_active=True))


def _tell_of_move(evaluation, before, to, *, actor, reason=""):
    """A withdrawal is told to the body; a report or a refusal to the officer who commissioned
    it."""
    if to == E.WITHDRAWN:
        _tell(evaluation, _body_accounts(evaluation))
    elif evaluation.commissioned_by_id:
        _tell(evaluation, [evaluation.commissioned_by])


WORKFLOW = Workflow(
    name=gettext_lazy("Third-party evaluation"),
    model=ThirdPartyEvaluation,
    states=EvaluationState,
    table=EVALUATION_MOVES,
    history=EvaluationStateChange,
    history_fk="evaluation",
    refused=EvaluationRefused,
    wrong_state=gettext_lazy(
        "The evaluation is “%(state)s”; it cannot become “%(to)s”. A submitted report does "
        "not change."
    ),
    related=("body", "application__enterprise__district", "application__batch"),
    audit=lambda evaluation, before, to, reason: {"body": evaluation.body.name},
    notify=_tell_of_move,
    initial=E.COMMISSIONED,
)


# ---- who may evaluate what ----------------------------------------------------------------


def consulting_conflicts(body: EvaluationBody, application) -> list[str]:
    """Why ``body`` may not evaluate ``application`` (empty: it may): the consulting agencies
    that prepared the application or that the enterprise ever authorised, when one is the body
    itself (same credit code) or has the same legal representative."""
    agencies = Agency.objects.filter(
        Q(pk=application.prepared_by_agency_id)
        | Q(agencyauthorisation__enterprise_id=application.enterprise_id)
    ).distinct()
    representative = body.legal_representative.strip()
    problems = []
    for agency in agencies:
        if agency.uscc == body.uscc:
            problems.append(
                _("%(body)s consulted on this application (as %(agency)s).")
                % {"body": body.name, "agency": agency.name}
            )
        elif representative and agency.legal_representative.strip() == representative:
            problems.append(
                _(
                    "%(agency)s, which consulted on this application, has the same legal "
                    "representative as %(body)s (%(person)s)."
                )
                % {"agency": agency.name, "body": body.name, "person": representative}
            )
    return problems


def evaluations_in_batch(body: EvaluationBody, batch) -> int:
    return ThirdPartyEvaluation.objects.filter(
        body=body, application__batch=batch, state__in=LIVE_EVALUATION_STATES
    ).count()


def commission_problems(application, body: EvaluationBody) -> list[str]:
    """Why the bureau cannot commission ``body`` for ``application`` now (empty: it can)."""
    batch = application.batch
    problems = []
    if application.submitted_at is None:
        problems.append(_("The application has not been submitted."))
    if batch.purpose != BatchPurpose.SPOT_CHECK and not batch.third_party_report_required:
        problems.append(_("This batch does not ask for a third-party evaluation."))
    if body.is_suspended:
        problems.append(
            _("%(body)s is suspended; its reports are not accepted.") % {"body": body.name}
        )
    problems.extend(consulting_conflicts(body, application))
    if ThirdPartyEvaluation.objects.filter(
        application=application, body=body, state__in=LIVE_EVALUATION_STATES
    ).exists():
        problems.append(
            _("%(body)s is already commissioned for this application.") % {"body": body.name}
        )
    cap = batch.evaluations_per_body
    if evaluations_in_batch(body, batch) >= cap:
        problems.append(
            _(
                "%(body)s already has %(cap)s evaluations in this batch, the most the batch "
                "allows one body."
            )
            % {"body": body.name, "cap": cap}
        )
    return problems


# ---- the bureau's steps ---------------------------------------------------------------------


@transaction.atomic
def commission_evaluation(application, *, actor, body: EvaluationBody) -> ThirdPartyEvaluation:
    """Commission ``body`` to evaluate ``application``.

    Refuses (``EvaluationRefused``, every reason at once) what ``commission_problems`` finds;
    the body's row is locked so that two commissions at once cannot pass the batch's cap.
    Side effects: the evaluation in state commissioned, its first history row, audit entry
    ``reviews.evaluation.commissioned``, the body's accounts told (inbox and e-mail). Every
    later move tells the body (a withdrawal) or the commissioning officer (a report, a refusal).
    """
    if not actor.has_perm("reviews.commission_evaluation", application):
        raise PermissionDenied
    body = EvaluationBody.objects.select_for_update().get(pk=body.pk)
    problems = commission_problems(application, body)
    if problems:
        raise EvaluationRefused(*problems)
    purpose = (
        EvaluationPurpose.SPOT_CHECK
        if application.batch.purpose == BatchPurpose.SPOT_CHECK
        else EvaluationPurpose.APPLICATION
    )
    evaluation = ThirdPartyEvaluation.objects.create(
        application=application, body=body, purpose=purpose, commissioned_by=actor
    )
    EvaluationStateChange.record(evaluation=evaluation, before="", to=E.COMMISSIONED, actor=actor)
    record_event(
        "reviews.evaluation.commissioned",
        actor=actor,
        obj=evaluation,
        changes={
            "application": application.code,
            "body": body.name,
            "purpose": purpose,
        },
    )
    _tell(evaluation, _body_accounts(evaluation))
    return evaluation


def withdraw_evaluation(evaluation, *, actor, reason: str) -> ThirdPartyEvaluation:
    """The bureau takes back a commission not yet reported (through the workflow's ``move``:
    history row, audit entry ``reviews.evaluation.withdrawn``)."""
    return move(evaluation, E.WITHDRAWN, actor=actor, reason=reason)


# ---- the body's steps -----------------------------------------------------------------------


def _lock(evaluation) -> ThirdPartyEvaluation:
    return (
        ThirdPartyEvaluation.objects.select_for_update(of=("self",))
        .select_related("body", "application__batch")
        .get(pk=evaluation.pk)
    )


def _items_problems(evaluation, items: dict) -> list[str]:
    """The items' own problems: a score within the indicator's points, a basic requirement
    judged met or not met (not scored)."""
    problems = []
    indicators = {i.pk: i for i in batch_indicators(evaluation.application.batch)}
    for pk, item in items.items():
        indicator = indicators.get(pk)
        if indicator is None or indicator.kind == IndicatorKind.GROUP:
            problems.append(_("An item does not belong to the batch's indicators."))
            continue
        score = item.get("score")
        if score is not None:
            if indicator.kind == IndicatorKind.GATE:
                problems.append(
                    _("%(code)s is a basic requirement: it is met or not met, not scored.")
                    % {"code": indicator.code}
                )
            elif score < 0 or (indicator.max_points is not None and score > indicator.max_points):
                problems.append(
                    _("%(code)s: the score must be between 0 and %(max)s.")
                    % {"code": indicator.code, "max": indicator.max_points}
                )
    return problems


@transaction.atomic
def save_evaluation_report(
    evaluation, *, actor, report: dict, items: dict[int, dict]
) -> ThirdPartyEvaluation:
    """Save the body's report while it is commissioned: ``report`` holds ``REPORT_FIELDS``,
    ``items`` maps an indicator id to ``{"met", "score", "note"}``.

    Refuses a report no longer commissioned (a submitted report does not change), a suspended
    body, a text over ``MAX_TEXT`` and wrong items. Side effects: the report's fields and
    items; audit entry ``reviews.evaluation.report_saved``.
    """
    current = _lock(evaluation)
    if not actor.has_perm("reviews.write_evaluation", current):
        raise PermissionDenied
    if current.state != E.COMMISSIONED:
        raise EvaluationRefused(
            _("The evaluation is “%(state)s”: its report can no longer change.")
            % {"state": current.get_state_display()}
        )
    if current.body.is_suspended:
        raise EvaluationRefused(_("Your body is suspended; its reports are not accepted."))
    problems = [
        _("The text is longer than %(max)s characters.") % {"max": MAX_TEXT}
        for name in REPORT_FIELDS
        if isinstance(report.get(name), str) and len(report[name]) > MAX_TEXT
    ][:1]
    problems += _items_problems(current, items)
    if problems:
        raise EvaluationRefused(*problems)
    for name in REPORT_FIELDS:
        if name in report:
            value = report[name]
            setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.save()
    existing = {item.indicator_id: item for item in current.items.all()}
    changed = 0
    for pk, values in items.items():
        item = existing.get(pk) or EvaluationItem(evaluation=current, indicator_id=pk)
        item.met = values.get("met")
        item.score = values.get("score")
        item.note = (values.get("note") or "").strip()
        item.save()
        changed += 1
    record_event(
        "reviews.evaluation.report_saved",
        actor=actor,
        obj=current,
        changes={"items": changed},
    )
    return current


def report_problems(evaluation) -> list[str]:
    """What the report still lacks before it may be submitted (empty: complete)."""
    problems = []
    if not evaluation.basic_information.strip():
        problems.append(_("Give the basic information of the enterprise."))
    if not evaluation.process.strip():
        problems.append(_("Describe the evaluation process."))
    if not evaluation.independence_declared:
        problems.append(_("Sign the declaration of independence."))
    if not evaluation.responsible_person.strip() or evaluation.signed_on is None:
        problems.append(_("The responsible person signs the report with the date."))
    items = {item.indicator_id: item for item in evaluation.items.all()}
    missing = []
    for indicator in batch_indicators(evaluation.application.batch):
        if indicator.kind == IndicatorKind.GROUP:
            continue
        item = items.get(indicator.pk)
        if indicator.kind == IndicatorKind.GATE:
            if item is None or item.met is None:
                missing.append(indicator.code)
        elif item is None or item.score is None:
            missing.append(indicator.code)
    if missing:
        problems.append(
            _("Judge every basic requirement and score every indicator; missing: %(codes)s.")
            % {"codes": "、".join(missing)}
        )
    return problems


def submit_evaluation(evaluation, *, actor) -> ThirdPartyEvaluation:
    """Submit the signed report; from now on it does not change.

    Refuses a suspended body's report and an incomplete one (``report_problems``). Side
    effects (through ``move``): state submitted, ``submitted_at``/``submitted_by``, history
    row, audit entry ``reviews.evaluation.submitted``.
    """

    def check(current):
        if current.body.is_suspended:
            raise EvaluationRefused(
                _("%(body)s is suspended; its reports are not accepted.")
                % {"body": current.body.name}
            )
        problems = report_problems(current)
        if problems:
            raise EvaluationRefused(*problems)

    def effects(current):
        current.submitted_at = timezone.now()
        current.submitted_by = actor
        return {"items": current.items.count()}

    return move(evaluation, E.SUBMITTED, actor=actor, check=check, effects=effects)


def decline_evaluation(evaluation, *, actor, reason: str) -> ThirdPartyEvaluation:
    """The body declines the commission (a conflict it knows of, no capacity), with its
    reason. Side effects (through ``move``): history row, audit entry
    ``reviews.evaluation.declined``."""
    return move(evaluation, E.REFUSED, actor=actor, reason=reason)


def total_score(evaluation, items=None) -> Decimal:
    """The sum of the body's points (the basic requirements carry none)."""
    items = evaluation.items.all() if items is None else items
    return sum((item.score for item in items if item.score is not None), Decimal(0))
