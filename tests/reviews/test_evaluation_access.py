"""Who may open the third-party evaluation's pages (第三方评价): the city bureau commissions and
keeps the bodies, the commissioned body reads and writes only its own (rows for the global role ×
page matrix). The objects are made once for the module; each cell's own writes are undone after
it."""

import pytest
from django.urls import reverse

from greenfactory.reviews.enums import EvaluationState
from greenfactory.reviews.models import ThirdPartyEvaluation
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import (
    BatchFactory,
    EvaluationBodyFactory,
    EvaluatorFactory,
    evaluation_row,
    shipped_system,
)
from tests.reviews.test_evaluation import submitted

pytestmark = pytest.mark.django_db

EVALUATOR_PERSONAS = [*PERSONAS, "evaluator", "other_evaluator"]

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def module_evaluators(module_personas):
    """The commissioned body's evaluator and another body's, made once for the module."""
    body = EvaluationBodyFactory(name="常州绿评认证有限公司", legal_representative="陈独立")
    return {
        "body": body,
        "evaluator": EvaluatorFactory(username="evaluator", evaluation_body=body),
        "other_evaluator": EvaluatorFactory(username="evaluator_other"),
    }


@pytest.fixture
def evaluator(module_evaluators):
    return module_evaluators["evaluator"]


@pytest.fixture
def other_evaluator(module_evaluators):
    return module_evaluators["other_evaluator"]


@pytest.fixture(scope="module")
def matrix_objects(module_personas, module_evaluators):
    batch = BatchFactory(indicator_system=shipped_system(2025), third_party_report_required=True)
    application = submitted(batch, module_personas["enterprise"])
    body = module_evaluators["body"]
    evaluation = evaluation_row(application, body)
    return {
        None: {},
        "application": {"code": application.code},
        "evaluation": {"code": evaluation.code},
        "body": {"code": body.code},
    }


READERS = {"anon": LOGIN, "city_officer": 200, "district_officer": 200, "evaluator": 200}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "reviews:evaluation_list": (
        "get",
        None,
        {**READERS, "other_district_officer": 200, "other_evaluator": 200},
        403,
    ),
    "reviews:evaluation_detail": ("get", "evaluation", READERS, 404),
    "reviews:evaluation_commission": (
        "get",
        "application",
        {
            "anon": LOGIN,
            "city_officer": 200,
            "district_officer": 403,
            "evaluator": 403,
            # The agency authorised by the enterprise reads the application, not this page.
            "enterprise_user": 403,
            "agency_user": 403,
        },
        404,
    ),
    "reviews:evaluation_decline": (
        "post",
        "evaluation",
        # Without a reason: told so, back to the page.
        {"anon": LOGIN, "evaluator": 302, "city_officer": 302, "district_officer": 302},
        404,
    ),
    "reviews:evaluation_withdraw": (
        "post",
        "evaluation",
        {"anon": LOGIN, "evaluator": 302, "city_officer": 302, "district_officer": 302},
        404,
    ),
    "reviews:evaluation_bodies": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "reviews:evaluation_body_suspend": ("post", "body", {"anon": LOGIN, "city_officer": 302}, 403),
    "reviews:evaluation_body_reinstate": (
        "post",
        "body",
        {"anon": LOGIN, "city_officer": 302},
        403,
    ),
}
# The application's own pages (their rows for the other roles are in tests/access): the body
# reads the one it is commissioned for, the other body nothing.
APPLICATION_ROWS = {
    "applications:application_detail": (
        "get",
        "application",
        {**READERS, "enterprise_user": 200, "agency_user": 200},
        404,
    ),
    "applications:self_evaluation": (
        "get",
        "application",
        {**READERS, "enterprise_user": 200, "agency_user": 200},
        404,
    ),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", EVALUATOR_PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)


@pytest.mark.access
@pytest.mark.parametrize("persona", ["evaluator", "other_evaluator"])
@pytest.mark.parametrize("name", sorted(APPLICATION_ROWS))
def test_the_body_reads_only_the_application_it_is_commissioned_for(
    request, client, matrix_objects, name, persona
):
    check_row(request, client, APPLICATION_ROWS, matrix_objects, name, persona)


def test_a_step_by_the_wrong_role_is_refused(client, matrix_objects, evaluator, city_officer):
    code = matrix_objects["evaluation"]["code"]
    client.force_login(city_officer)
    page = client.post(reverse("reviews:evaluation_decline", args=[code]), {"reason": "x"})
    assert page.status_code == 403
    client.force_login(evaluator)
    page = client.post(reverse("reviews:evaluation_withdraw", args=[code]), {"reason": "x"})
    assert page.status_code == 403
    assert ThirdPartyEvaluation.objects.get(code=code).state == EvaluationState.COMMISSIONED
