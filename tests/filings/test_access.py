"""Who reaches which filing page: one row per URL name, every persona."""

from datetime import date

import pytest
import time_machine

from greenfactory.filings.domain.assessments import call_site_assessment
from greenfactory.filings.domain.changes import report_major_change
from greenfactory.filings.domain.filings import submit_filing
from greenfactory.filings.enums import FilingState
from greenfactory.filings.models import AnnualFiling
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import BatchFactory

from .conftest import TODAY, filed, grant

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    """Made once for the module's cells, on the day the tests run (each cell's own writes are
    undone after it)."""
    enterprise_user = module_personas["enterprise_user"]
    with time_machine.travel(TODAY, tick=False):
        grant(module_personas["enterprise"], batch=BatchFactory(year=2023, state="published"))
        draft = filed(enterprise_user, year=2024)
        submitted = submit_filing(filed(enterprise_user, year=2025), actor=enterprise_user)
        accepted = filed(enterprise_user, year=2023)
        AnnualFiling.objects.filter(pk=accepted.pk).update(state=FilingState.ACCEPTED)
        assessment = call_site_assessment(
            submitted, actor=module_personas["district_officer"], reason="单位产品能耗上升"
        )
        change = report_major_change(
            actor=enterprise_user,
            kind="name",
            effective_on=date(2025, 1, 1),
            description="更名",
        )
    return {
        "draft": {"code": draft.code},
        "submitted": {"code": submitted.code},
        "accepted": {"code": accepted.code},
        "change": {"code": change.code},
        "assessment": {"code": assessment.code},
        "level": {"level": "provincial"},
        None: {},
    }


ENTERPRISES = {"anon": LOGIN, "enterprise_user": 200, "other_enterprise_user": 200}
OFFICERS_OF_THE_FACTORY = {
    "anon": LOGIN,
    "district_officer": 400,
    "city_officer": 400,
    "enterprise_user": 403,
}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "filings:enterprise_list": ("get", None, ENTERPRISES, 403),
    # An empty form is refused with its errors (400).
    "filings:open": (
        "post",
        None,
        {"anon": LOGIN, "enterprise_user": 400, "other_enterprise_user": 400},
        403,
    ),
    "filings:edit": (
        "get",
        "draft",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 403, "city_officer": 403},
        404,
    ),
    "filings:submit": (
        "post",
        "draft",
        {"anon": LOGIN, "enterprise_user": 302, "district_officer": 403, "city_officer": 403},
        404,
    ),
    "filings:district_list": (
        "get",
        None,
        {"anon": LOGIN, "district_officer": 200, "other_district_officer": 200},
        403,
    ),
    "filings:detail": (
        "get",
        "submitted",
        {"anon": LOGIN, "district_officer": 200, "city_officer": 200, "enterprise_user": 403},
        404,
    ),
    "filings:accept": (
        "post",
        "submitted",
        {"anon": LOGIN, "district_officer": 302, "city_officer": 403, "enterprise_user": 403},
        404,
    ),
    # Without a reason the form comes back with its error (400).
    "filings:return": (
        "post",
        "submitted",
        {"anon": LOGIN, "district_officer": 400, "city_officer": 403, "enterprise_user": 403},
        404,
    ),
    # The enterprise's own filing and the officers of its region (decisions §67).
    "filings:peers": (
        "get",
        "submitted",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "filings:city_list": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "filings:export": ("post", None, {"anon": LOGIN, "city_officer": 302}, 403),
    "filings:settings": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "filings:summary_export": ("post", None, {"anon": LOGIN, "city_officer": 302}, 403),
    "filings:level_policy": ("get", "level", {"anon": LOGIN, "city_officer": 200}, 403),
    # The city's review: an empty form comes back with its errors (400).
    "filings:city_review": (
        "post",
        "accepted",
        {"anon": LOGIN, "city_officer": 400, "district_officer": 403, "enterprise_user": 403},
        404,
    ),
    "filings:city_return": (
        "post",
        "accepted",
        {"anon": LOGIN, "city_officer": 400, "district_officer": 403, "enterprise_user": 403},
        404,
    ),
    "filings:enterprise_changes": ("get", None, ENTERPRISES, 403),
    "filings:changes": (
        "get",
        None,
        {
            "anon": LOGIN,
            "district_officer": 200,
            "other_district_officer": 200,
            "city_officer": 200,
        },
        403,
    ),
    "filings:change": (
        "get",
        "change",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "filings:change_acknowledge": (
        "post",
        "change",
        {"anon": LOGIN, "district_officer": 302, "city_officer": 403, "enterprise_user": 403},
        404,
    ),
    # Without a reason the form comes back with its error (400).
    "filings:change_return": (
        "post",
        "change",
        {"anon": LOGIN, "district_officer": 400, "city_officer": 403, "enterprise_user": 403},
        404,
    ),
    # 现场评估 (decisions §80): officers of the factory's district and the city; an empty form
    # comes back with its errors (400); the enterprise sees its filing but may not act (403).
    "filings:assessment_call": ("post", "submitted", OFFICERS_OF_THE_FACTORY, 404),
    "filings:assessment_record": ("post", "assessment", OFFICERS_OF_THE_FACTORY, 404),
    "filings:assessment_cancel": ("post", "assessment", OFFICERS_OF_THE_FACTORY, 404),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)
