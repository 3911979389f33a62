"""Reads of the third-party evaluation (第三方评价): who sees which evaluation and application,
and the submitted report that reviewers read beside the other scores."""

from django.db.models import Prefetch, Q, QuerySet

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.models import Application
from greenfactory.programme.enums import BatchPurpose

from ..enums import LIVE_EVALUATION_STATES, EvaluationState
from ..models import EvaluationItem, ThirdPartyEvaluation


def commissioned_applications(user, applications: QuerySet[Application]) -> QuerySet | None:
    """An evaluation body's accounts read only the applications their body is commissioned
    for (or has reported on); ``applications_visible_to`` asks here."""
    if user.role != Role.EVALUATOR:
        return None
    if not user.evaluation_body_id:
        return applications.none()
    return applications.filter(
        pk__in=ThirdPartyEvaluation.objects.filter(
            body_id=user.evaluation_body_id, state__in=LIVE_EVALUATION_STATES
        ).values("application_id")
    )


def evaluations_visible_to(user) -> QuerySet[ThirdPartyEvaluation]:
    """Evaluation bodies: their own live commissions and reports. City and district officers:
    those of applications in their region. Experts: the submitted reports on the applications
    assigned to them. Nobody else."""
    base = ThirdPartyEvaluation.objects.select_related(
        "body",
        "application__batch__indicator_system",
        "application__enterprise__district",
    )
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role == Role.EVALUATOR and user.evaluation_body_id:
        return base.filter(body_id=user.evaluation_body_id, state__in=LIVE_EVALUATION_STATES)
    if user.role in OFFICER_ROLES and user.region_id:
        return base.filter(
            inside(user.region, via="application__enterprise__district"),
            application__submitted_at__isnull=False,
        )
    if user.role == Role.EXPERT:
        return base.filter(
            application__expert_assignments__expert=user, state=EvaluationState.SUBMITTED
        )
    return base.none()


def submitted_evaluations_of(application) -> list[ThirdPartyEvaluation]:
    """The application's submitted third-party reports with their items, oldest first (one
    query for the reports, one for the items)."""
    return list(
        ThirdPartyEvaluation.objects.filter(
            application_id=application.pk, state=EvaluationState.SUBMITTED
        )
        .select_related("body")
        .prefetch_related(Prefetch("items", queryset=EvaluationItem.objects.order_by()))
        .order_by("submitted_at", "pk")
    )


def reported_by_bodies(application) -> list[str]:
    """The bodies that submitted their report on ``application`` on the platform (a suspended
    body's report submitted before the suspension stays, §54); withdrawn and declined
    commissions and reports still being written do not count."""
    return list(
        ThirdPartyEvaluation.objects.filter(
            application_id=application.pk, state=EvaluationState.SUBMITTED
        )
        .order_by("submitted_at", "pk")
        .values_list("body__name", flat=True)
    )


def awaiting_evaluation(user, *, limit: int = 200) -> list[Application]:
    """For the city bureau: the submitted applications of its region that may be given a
    third-party evaluation (the batch asks for one, or a spot check) and have none under way
    or reported."""
    if user.role != Role.CITY_OFFICER:
        return []
    live = ThirdPartyEvaluation.objects.filter(state__in=LIVE_EVALUATION_STATES).values(
        "application_id"
    )
    return list(
        applications_visible_to(user)
        .filter(
            Q(batch__third_party_report_required=True) | Q(batch__purpose=BatchPurpose.SPOT_CHECK)
        )
        .exclude(pk__in=live)
        .order_by("batch__title", "enterprise__name")[:limit]
    )
