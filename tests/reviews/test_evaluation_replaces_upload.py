"""Where the batch asks for a third-party evaluation report, a report that an evaluation body
submitted on the platform stands for the enterprise's upload (decisions §61.3); anything short
of a submitted report does not."""

import pytest
from django.utils import translation

from greenfactory.applications.domain.submission import (
    submission_problems,
    third_party_upload_required,
)
from greenfactory.applications.enums import ApplicationState, EvidenceKind
from greenfactory.applications.models import Application
from greenfactory.reviews.domain.evaluation import (
    commission_evaluation,
    decline_evaluation,
    save_evaluation_report,
    submit_evaluation,
    withdraw_evaluation,
)
from tests.factories import BatchFactory, EvaluatorFactory, shipped_system
from tests.factories.applications import _evidence

from .test_evaluation import complete_report, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(enterprise):
    batch = BatchFactory(indicator_system=shipped_system(2025), third_party_report_required=True)
    return submitted(batch, enterprise)


@pytest.fixture
def evaluator():
    return EvaluatorFactory(username="evaluator")


REQUIRED = "This batch requires a third-party evaluation report."


def returned(application):
    """Sent back for revision: the enterprise changes it and submits it again."""
    Application.objects.filter(pk=application.pk).update(state=ApplicationState.RETURNED)
    application.refresh_from_db()
    return application


def problems(application) -> list[str]:
    with translation.override("en"):
        return [str(p) for p in submission_problems(application)]


def reported(application, evaluator, city_officer):
    evaluation = commission_evaluation(
        application, actor=city_officer, body=evaluator.evaluation_body
    )
    report, items = complete_report(evaluation)
    save_evaluation_report(evaluation, actor=evaluator, report=report, items=items)
    return submit_evaluation(evaluation, actor=evaluator)


def test_without_a_report_on_the_platform_the_upload_is_required(application):
    application = returned(application)
    assert third_party_upload_required(application)
    assert REQUIRED in problems(application)


def test_an_uploaded_report_meets_it(application):
    application = returned(application)
    _evidence(application, "第三方评价报告.pdf", kind=EvidenceKind.THIRD_PARTY_REPORT).save()
    assert not third_party_upload_required(application)
    assert REQUIRED not in problems(application)


def test_the_bodys_submitted_report_on_the_platform_stands_for_the_upload(
    application, evaluator, city_officer
):
    reported(application, evaluator, city_officer)
    application = returned(application)
    assert not application.evidence_files.filter(kind=EvidenceKind.THIRD_PARTY_REPORT).exists()
    assert not third_party_upload_required(application)
    assert REQUIRED not in problems(application)


def test_a_commission_not_yet_reported_does_not(application, evaluator, city_officer):
    commission_evaluation(application, actor=city_officer, body=evaluator.evaluation_body)
    assert third_party_upload_required(returned(application))


@pytest.mark.parametrize("end", ["withdrawn", "declined"])
def test_a_withdrawn_or_declined_commission_does_not(application, evaluator, city_officer, end):
    evaluation = commission_evaluation(
        application, actor=city_officer, body=evaluator.evaluation_body
    )
    if end == "withdrawn":
        withdraw_evaluation(evaluation, actor=city_officer, reason="改派")
    else:
        decline_evaluation(evaluation, actor=evaluator, reason="利益冲突")
    assert third_party_upload_required(returned(application))


def test_a_batch_that_does_not_ask_requires_nothing(application):
    application.batch.third_party_report_required = False
    application.batch.save()
    assert not third_party_upload_required(returned(application))
