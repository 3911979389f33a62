"""The district's decision and the expert review, decided at once by two people."""

from decimal import Decimal

import pytest

from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, StatusChange
from greenfactory.core.models import AuditEvent
from greenfactory.reviews.domain.district import (
    recommend_application,
    return_application,
    save_district_review,
)
from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.domain.expert_scores import (
    ScoringRefused,
    complete_expert_review,
    save_expert_scores,
    submit_expert_scores,
)
from greenfactory.reviews.models import ExpertResult
from tests.factories import (
    BatchFactory,
    EnterpriseUserFactory,
    OfficerFactory,
    UserFactory,
    region,
    shipped_system,
)
from tests.reviews.test_district import CLEAN, submitted
from tests.reviews.test_expert import audited, full_scores, make_expert

from .helpers import at_once, winner_and_loser

pytestmark = pytest.mark.django_db(transaction=True)

ALREADY_REVIEWED = (
    "The application is “Expert review completed”; it cannot become “Expert review completed”."
)


def test_one_officer_recommends_while_another_returns_only_one_decides():
    batch = BatchFactory(indicator_system=shipped_system(2025), experts_per_application=3)
    application = submitted(batch, EnterpriseUserFactory())
    first, second = (OfficerFactory(region=region("320412")) for _ in "ab")
    save_district_review(application, actor=first, data=CLEAN, comments={})
    outcomes = at_once(
        lambda: recommend_application(application, actor=first),
        lambda: return_application(application, actor=second, reason="请补充能源审计报告"),
    )
    decided, refusal = winner_and_loser(outcomes, TransitionRefused)
    current = Application.objects.get(pk=application.pk)
    assert current.state == decided.state
    names = {
        ApplicationState.RECOMMENDED: ("Recommended to the city", "Returned for revision"),
        ApplicationState.RETURNED: ("Returned for revision", "Recommended to the city"),
    }
    state, refused = names[current.state]
    assert decided.state == current.state
    assert str(refusal) == f"The application is “{state}”; it cannot become “{refused}”."
    assert list(
        StatusChange.objects.filter(application=application).values_list("to_state", flat=True)
    ) == [ApplicationState.SUBMITTED, current.state]
    # a return opens a new version; a recommendation keeps the submitted one
    assert current.version == (2 if current.state == ApplicationState.RETURNED else 1)


@pytest.fixture
def in_expert_review():
    batch = BatchFactory(indicator_system=shipped_system(2025), experts_per_application=3)
    application = audited(
        batch, EnterpriseUserFactory(), OfficerFactory(username="wujin", region=region("320412"))
    )
    experts = [make_expert(f"expert{i}") for i in range(3)]
    city = UserFactory(username="city", role="city_officer", region=region("320400"))
    assignments = assign_experts(application, experts, actor=city)
    for assignment, expert in zip(assignments, experts, strict=True):
        save_expert_scores(
            assignment, actor=expert, scores=full_scores(application, Decimal("0.8"))
        )
    return application, list(zip(assignments, experts, strict=True))


def test_experts_submitting_while_two_officers_complete_the_review(in_expert_review):
    """The first expert has submitted; the other two submit while two city officers press
    "complete" at the same moment. Both submissions count; the review completes at most once,
    and only with every expert's score; an officer who comes too early is told who is missing."""
    application, [(first, expert1), (second, expert2), (third, expert3)] = in_expert_review
    submit_expert_scores(first, actor=expert1)
    officers = [
        UserFactory(username=f"city{i}", role="city_officer", region=region("320400"))
        for i in range(2)
    ]
    outcomes = at_once(
        lambda: submit_expert_scores(second, actor=expert2),
        lambda: submit_expert_scores(third, actor=expert3),
        lambda: complete_expert_review(application, actor=officers[0]),
        lambda: complete_expert_review(application, actor=officers[1]),
    )
    assert not isinstance(outcomes[0], BaseException), outcomes[0]
    assert not isinstance(outcomes[1], BaseException), outcomes[1]
    completions = [o for o in outcomes[2:] if isinstance(o, ExpertResult)]
    refusals = [o for o in outcomes[2:] if not isinstance(o, ExpertResult)]
    assert len(completions) <= 1
    for refusal in refusals:
        assert isinstance(refusal, (ScoringRefused, TransitionRefused)), refusal
        assert str(refusal) in (
            "1 of 3 experts have not submitted their scores yet.",
            "2 of 3 experts have not submitted their scores yet.",
            ALREADY_REVIEWED,
        ), str(refusal)
    current = Application.objects.get(pk=application.pk)
    reviewed = StatusChange.objects.filter(application=application, to_state="reviewed")
    if completions:
        [result] = completions
        assert current.state == ApplicationState.REVIEWED
        assert result.expert_count == 3
        assert reviewed.count() == 1
    else:
        assert current.state == ApplicationState.EXPERT_REVIEW
        assert not reviewed.exists()
        # the race left nothing in the way: every expert has submitted, so it completes now
        result = complete_expert_review(application, actor=officers[0])
        assert result.expert_count == 3
    assert ExpertResult.objects.filter(application=application).count() == 1
    assert AuditEvent.objects.filter(action="applications.application.expert_reviewed").count() == 1


def test_two_officers_completing_at_once_complete_once(in_expert_review):
    application, assigned = in_expert_review
    for assignment, expert in assigned:
        submit_expert_scores(assignment, actor=expert)
    officers = [
        UserFactory(username=f"city{i}", role="city_officer", region=region("320400"))
        for i in range(2)
    ]
    outcomes = at_once(
        *(lambda o=officer: complete_expert_review(application, actor=o) for officer in officers)
    )
    result, refusal = winner_and_loser(outcomes, TransitionRefused)
    assert str(refusal) == ALREADY_REVIEWED
    assert ExpertResult.objects.get(application=application) == result
    assert result.expert_count == 3
    assert StatusChange.objects.filter(application=application, to_state="reviewed").count() == 1
