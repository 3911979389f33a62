"""The district bureau's pre-review (初审): checklist, credit checks, comments, and the three
decisions — recommend, return for revision, reject — each with its permission and audit entry.

The decisions move the application through ``applications.domain.transitions.transition``,
so the application's state table stays the only place that says what may follow what.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.domain.submission import return_for_revision
from greenfactory.applications.domain.transitions import TransitionRefused, transition
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.domain.audit import changed_fields, record_event, snapshot
from greenfactory.core.uploads import JPEG, PDF, PNG, check_upload

from ..enums import CreditResult, DecisionStep, DistrictDecision
from ..models import DistrictReview, IndicatorComment, RecommendationLetter, RecommendationRank

REVIEW_FIELDS = (
    "materials_complete",
    "gates_verified",
    "credit_china_on",
    "credit_china_result",
    "credit_gsxt_on",
    "credit_gsxt_result",
    "credit_jiangsu_on",
    "credit_jiangsu_result",
    "notes",
)


class ReviewIncomplete(TransitionRefused):
    """The checklist does not allow the decision; ``problems`` says what is missing."""

    def __init__(self, problems):
        super().__init__(*problems, headline=_("The pre-review is not complete."))


def review_of(application: Application) -> DistrictReview | None:
    """The review of the application's current version, if one was started."""
    return (
        DistrictReview.objects.filter(application=application, version=application.version)
        .prefetch_related("comments__indicator")
        .first()
    )


@transaction.atomic
def save_district_review(
    application, *, actor, data: dict, comments: dict, reason: str | None = None
) -> DistrictReview:
    """Record the checklist, credit checks and per-indicator comments, without deciding.

    ``reason``: the decision's reason as typed so far (None: left as it was); kept on the
    review until a decision records the reason it was given with (decisions §63).

    Side effects: audit entry ``reviews.district_review.saved`` with what changed.
    """
    current = (
        Application.objects.select_for_update(of=("self",))
        .select_related("enterprise__district")
        .get(pk=application.pk)
    )
    if not actor.has_perm("applications.review_application", current):
        raise PermissionDenied
    if current.state != ApplicationState.SUBMITTED:
        raise TransitionRefused(
            _("The application is “%(state)s”; its pre-review can no longer change.")
            % {"state": current.get_state_display()}
        )
    review, _created = DistrictReview.objects.get_or_create(
        application=current, version=current.version, defaults={"reviewer": actor}
    )
    before = snapshot(review, REVIEW_FIELDS)
    for name in REVIEW_FIELDS:
        if name in data:
            setattr(review, name, data[name])
    draft_reason_changed = reason is not None and reason.strip() != review.reason
    if reason is not None:
        review.reason = reason.strip()
    review.reviewer = actor
    review.save()
    changed = changed_fields(before, snapshot(review, REVIEW_FIELDS))
    if draft_reason_changed:
        changed["reason"] = "typed"
    for indicator, text in comments.items():
        text = (text or "").strip()
        if text:
            IndicatorComment.objects.update_or_create(
                review=review, indicator=indicator, defaults={"comment": text}
            )
        else:
            IndicatorComment.objects.filter(review=review, indicator=indicator).delete()
    if changed or comments:
        record_event(
            "reviews.district_review.saved",
            actor=actor,
            obj=current,
            changes={**changed, "comments": len([t for t in comments.values() if t.strip()])},
        )
    return review


def recommendation_problems(review: DistrictReview | None) -> list[str]:
    if review is None:
        return [_("The pre-review checklist has not been filled in.")]
    problems = []
    if review.materials_complete is not True:
        problems.append(_("The materials have not been confirmed complete."))
    if review.gates_verified is not True:
        problems.append(_("The basic requirements and the negative list have not been verified."))
    for name, on, result in (
        (_("信用中国"), review.credit_china_on, review.credit_china_result),
        (_("国家企业信用信息公示系统"), review.credit_gsxt_on, review.credit_gsxt_result),
        (_("信用江苏"), review.credit_jiangsu_on, review.credit_jiangsu_result),
    ):
        if on is None or not result:
            problems.append(_("The %(source)s check is not recorded.") % {"source": name})
        elif result == CreditResult.LISTED:
            problems.append(
                _("%(source)s shows an adverse record: the enterprise cannot be recommended.")
                % {"source": name}
            )
    return problems


def _decide(actor, decision: str, reason: str):
    """The review's record of a decision, written inside the transition's transaction."""

    def record(current):
        review, _created = DistrictReview.objects.get_or_create(
            application=current, version=current.version
        )
        review.decision = decision
        review.reason = reason
        review.decided_at = timezone.now()
        review.reviewer = actor
        review.save()
        return {"review": review.pk}

    return record


def recommend_application(application, *, actor) -> Application:
    """Recommend to the city. Refused while the checklist or credit checks are incomplete or
    adverse. Side effects: the review records the decision; the application joins the end of
    the district's ranking for the batch."""

    def check(current):
        problems = recommendation_problems(review_of(current))
        if problems:
            raise ReviewIncomplete(problems)

    def effects(current):
        extra = _decide(actor, DistrictDecision.RECOMMENDED, "")(current)
        last = RecommendationRank.objects.filter(
            application__batch=current.batch,
            application__enterprise__district=current.enterprise.district,
        ).aggregate(last=Max("rank"))["last"]
        RecommendationRank.objects.update_or_create(
            application=current, defaults={"rank": (last or 0) + 1}
        )
        return extra

    return transition(
        application, ApplicationState.RECOMMENDED, actor=actor, check=check, effects=effects
    )


def combined_reason(application, reason: str) -> str:
    """The general reason followed by the per-indicator comments, as the enterprise reads it."""
    review = review_of(application)
    lines = [reason.strip()] if reason.strip() else []
    if review is not None:
        lines += [
            f"{c.indicator.code} {c.indicator.name}：{c.comment}" for c in review.comments.all()
        ]
    return "\n".join(lines)


def return_application(application, *, actor, reason: str) -> Application:
    """Return for revision with reasons (general and per indicator); a new version opens."""
    text = combined_reason(application, reason)
    return return_for_revision(
        application,
        actor=actor,
        reason=text,
        also=_decide(actor, DistrictDecision.RETURNED, text),
    )


def reject_application(application, *, actor, reason: str) -> Application:
    """Do not recommend (reason required)."""
    text = combined_reason(application, reason)
    return transition(
        application,
        ApplicationState.DISTRICT_REJECTED,
        actor=actor,
        reason=text,
        effects=_decide(actor, DistrictDecision.REJECTED, text),
    )


DECISION_TARGETS = {
    DecisionStep.RECOMMEND: ApplicationState.RECOMMENDED,
    DecisionStep.RETURN: ApplicationState.RETURNED,
    DecisionStep.REJECT: ApplicationState.DISTRICT_REJECTED,
}


def decision_target(decision: str | None) -> str:
    """The state a decision moves to (an unknown one is asked as a recommendation, so that the
    table and the permission still answer first)."""
    return DECISION_TARGETS.get(decision, ApplicationState.RECOMMENDED)


@transaction.atomic
def decide_application(
    application, *, actor, decision: str, reason: str = "", typed: dict | None = None
) -> Application:
    """The district's decision, the one entry point of the pre-review page and the API.

    ``typed`` is what the page posted with the decision: ``{"data": …, "comments": …}`` as
    ``save_district_review`` takes them. It is saved first, in the decision's transaction, so
    a decision always goes out with the checklist and comments on the page (a return tells the
    enterprise every comment typed), and a refused decision saves nothing.
    """
    if typed is not None:
        save_district_review(
            application, actor=actor, data=typed["data"], comments=typed["comments"]
        )
    if decision == DecisionStep.RECOMMEND:
        return recommend_application(application, actor=actor)
    if decision == DecisionStep.RETURN:
        return return_application(application, actor=actor, reason=reason)
    return reject_application(application, actor=actor, reason=reason)


@transaction.atomic
def move_recommendation(application, *, actor, offset: int) -> None:
    """Move a recommended application up (-1) or down (+1) in its district's ranking.

    Side effects: audit entry ``reviews.recommendation.reordered``.
    """
    current = Application.objects.select_related("enterprise__district", "batch").get(
        pk=application.pk
    )
    if not (
        actor.has_perm("reviews.rank_recommendations")
        and actor.region.contains(current.enterprise.district)
    ):
        raise PermissionDenied
    ranks = list(
        RecommendationRank.objects.select_for_update(of=("self",))
        .filter(
            application__batch=current.batch,
            application__enterprise__district=current.enterprise.district,
        )
        .order_by("rank")
    )
    index = next(i for i, r in enumerate(ranks) if r.application_id == current.pk)
    target = index + offset
    if not 0 <= target < len(ranks):
        return
    ranks[index], ranks[target] = ranks[target], ranks[index]
    for position, rank in enumerate(ranks, start=1):
        if rank.rank != position:
            RecommendationRank.objects.filter(pk=rank.pk).update(rank=position)
    record_event(
        "reviews.recommendation.reordered",
        actor=actor,
        obj=current,
        changes={"rank": [index + 1, target + 1]},
    )


def upload_recommendation_letter(batch, *, actor, upload):
    """Keep the district's signed recommendation letter (推荐函) for the batch. The file is
    checked (and scanned) before the transaction, so the audit entry of a refused file stays.

    Side effects: audit entry ``reviews.recommendation_letter.uploaded``.
    """
    if not actor.has_perm("reviews.rank_recommendations"):
        raise PermissionDenied
    checked = check_upload(upload, allowed=(PDF, PNG, JPEG))
    with transaction.atomic():
        letter = RecommendationLetter(
            batch=batch,
            district=actor.region,
            **checked.fields_for(RecommendationLetter),
            uploaded_by=actor,
        )
        letter.file.save(checked.name, upload, save=False)
        letter.save()
        record_event(
            "reviews.recommendation_letter.uploaded",
            actor=actor,
            obj=letter,
            changes={"batch": batch.code, "file": checked.name, "sha256": checked.sha256},
        )
    return letter
