"""The spot-check pages: who reaches which, one row per URL name, every persona. The
personas and objects are made once for the module (``tests.database.module_rows``)."""

import pytest

from greenfactory.supervision.domain.rounds import draw_sample, pick_title
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

from .helpers import make_round, make_title

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    city_officer = module_personas["city_officer"]
    make_title(module_personas["enterprise"])
    drawn = draw_sample(
        make_round(city_officer, sample_count=1), actor=city_officer, seed="matrix01"
    )
    draft = make_round(city_officer, sample_count=1)
    pick = pick_title(draft, make_title(), actor=city_officer, reason="年度动态管理表未填报")
    return {
        None: {},
        "drawn": {"code": drawn.code},
        "draft": {"code": draft.code},
        "pick": {"code": draft.code, "title_code": pick.title.code},
        "check": {"code": drawn.checks.get().code},
    }


OFFICERS = {"district_officer": 200, "other_district_officer": 200, "city_officer": 200}
ROWS = {
    "supervision:rounds": ("get", None, {"anon": LOGIN, **OFFICERS}, 403),
    "supervision:round_new": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "supervision:round": ("get", "drawn", {"anon": LOGIN, **OFFICERS}, 404),
    "supervision:round_pick": (
        "post",
        "draft",
        {
            "anon": LOGIN,
            "district_officer": 403,
            "other_district_officer": 403,
            "city_officer": 302,
        },
        404,
    ),
    "supervision:round_unpick": (
        "post",
        "pick",
        {
            "anon": LOGIN,
            "district_officer": 403,
            "other_district_officer": 403,
            "city_officer": 302,
        },
        404,
    ),
    "supervision:round_draw": (
        "post",
        "draft",
        {
            "anon": LOGIN,
            "district_officer": 403,
            "other_district_officer": 403,
            "city_officer": 302,
        },
        404,
    ),
    "supervision:round_publish": (
        "post",
        "drawn",
        {
            "anon": LOGIN,
            "district_officer": 403,
            "other_district_officer": 403,
            "city_officer": 302,
        },
        404,
    ),
    "supervision:checks": (
        "get",
        None,
        {"anon": LOGIN, "enterprise_user": 200, "other_enterprise_user": 200, **OFFICERS},
        403,
    ),
    "supervision:check": (
        "get",
        "check",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 200, "city_officer": 200},
        404,
    ),
    # An empty form is refused with its errors (400) for the one who may write it.
    "supervision:check_summary": (
        "post",
        "check",
        {"anon": LOGIN, "enterprise_user": 400, "district_officer": 403, "city_officer": 403},
        404,
    ),
    "supervision:check_decide": (
        "post",
        "check",
        {"anon": LOGIN, "enterprise_user": 403, "district_officer": 403, "city_officer": 400},
        404,
    ),
    # The city bureau commissions a third-party evaluation body (an empty form: 400).
    "supervision:check_commission": (
        "post",
        "check",
        {"anon": LOGIN, "enterprise_user": 403, "district_officer": 403, "city_officer": 400},
        404,
    ),
    "supervision:check_rectification": (
        "post",
        "check",
        {"anon": LOGIN, "enterprise_user": 400, "district_officer": 403, "city_officer": 403},
        404,
    ),
    "supervision:public_rounds": ("get", None, {}, 200),
    "supervision:public_round": ("get", "drawn", {}, 200),
    "supervision:public_cohort": ("get", "drawn", {}, 200),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)
