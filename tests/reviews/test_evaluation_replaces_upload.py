"""Where the batch asks for a third-party evaluation report, a report that an evaluation body
submitted on the platform stands for the enterprise's upload (decisions §61.3); anything short
of a submitted report does not."""

import pytest
from django.conf import settings
from django.urls import reverse
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


# The enterprise is told on its application page and its evidence page (where the upload is
# asked) what stands for the batch's third-party evaluation report (decisions §70.3).

PAGES = ["applications:application_detail", "applications:evidence"]
ASKED = "This batch asks for an independent third-party evaluation"
REPLACES = "replaces the uploaded third-party evaluation report"
UPLOAD_IT = "upload the third-party evaluation report"
IS_UPLOADED = "your third-party evaluation report (第三方评价报告) is uploaded"
MAY_REPLACE = "that report replaces the uploaded one"


def page_text(client, user, application, page) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(page, args=[application.code]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_the_page_says_the_bodys_filed_report_replaces_the_upload(
    client, application, evaluator, city_officer, enterprise_user, page
):
    reported(application, evaluator, city_officer)
    application = returned(application)
    text = page_text(client, enterprise_user, application, page)
    assert ASKED in text
    assert REPLACES in text
    assert evaluator.evaluation_body.name in text
    assert UPLOAD_IT not in text
    assert REQUIRED not in text


@pytest.mark.parametrize("page", PAGES)
def test_before_a_report_is_filed_the_page_asks_for_the_upload_and_says_what_replaces_it(
    client, application, evaluator, city_officer, enterprise_user, page
):
    commission_evaluation(application, actor=city_officer, body=evaluator.evaluation_body)
    application = returned(application)
    text = page_text(client, enterprise_user, application, page)
    assert ASKED in text
    assert UPLOAD_IT in text
    assert MAY_REPLACE in text
    assert REPLACES not in text
    assert evaluator.evaluation_body.name not in text  # a commission under way is no report


@pytest.mark.parametrize("page", PAGES)
def test_an_uploaded_report_is_acknowledged(client, application, enterprise_user, page):
    application = returned(application)
    _evidence(application, "第三方评价报告.pdf", kind=EvidenceKind.THIRD_PARTY_REPORT).save()
    text = page_text(client, enterprise_user, application, page)
    assert IS_UPLOADED in text
    assert MAY_REPLACE in text
    assert UPLOAD_IT not in text


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("filed", [False, True])
def test_a_batch_that_does_not_ask_says_nothing(
    client, application, evaluator, city_officer, enterprise_user, page, filed
):
    if filed:
        reported(application, evaluator, city_officer)
    application.batch.third_party_report_required = False
    application.batch.save()
    text = page_text(client, enterprise_user, returned(application), page)
    assert ASKED not in text
    assert 'id="third-party-notice"' not in text
