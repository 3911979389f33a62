"""Who reaches which cultivation page: one row per URL name, every persona."""

from datetime import date
from decimal import Decimal as D

import pytest

from greenfactory.cultivation.domain.candidates import add_candidate, add_project
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    district_officer = module_personas["district_officer"]
    candidate = add_candidate(
        module_personas["enterprise"], actor=district_officer, note="培育对象"
    )
    project = add_project(
        candidate,
        actor=district_officer,
        data={
            "name": "光伏",
            "kind": "renewable",
            "investment": D(100),
            "energy_saving_tce": D(10),
            "co2_reduction_t": D(30),
            "status": "planned",
            "starts_on": date(2026, 1, 1),
            "ends_on": None,
        },
    )
    return {
        "candidate": {"code": candidate.code},
        "project": {"code": project.code},
        None: {},
    }


OFFICERS = {
    "anon": LOGIN,
    "district_officer": 200,
    "other_district_officer": 200,
    "city_officer": 200,
}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "cultivation:pipeline": ("get", None, OFFICERS, 403),
    # An empty form is refused with its errors (400); only district officers may add.
    "cultivation:add_candidate": (
        "post",
        None,
        {"anon": LOGIN, "district_officer": 400, "other_district_officer": 400},
        403,
    ),
    "cultivation:candidate": (
        "get",
        "candidate",
        {"anon": LOGIN, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "cultivation:candidate_status": (
        "post",
        "candidate",
        {"anon": LOGIN, "district_officer": 302, "city_officer": 403},
        404,
    ),
    "cultivation:project_add": (
        "post",
        "candidate",
        {"anon": LOGIN, "district_officer": 400, "city_officer": 403},
        404,
    ),
    "cultivation:trial": (
        "post",
        "candidate",
        {"anon": LOGIN, "district_officer": 302, "city_officer": 403},
        404,
    ),
    "cultivation:project_edit": (
        "get",
        "project",
        {"anon": LOGIN, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "cultivation:city_overview": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    # An empty form: the message and back to the overview (302), for the city bureau only.
    "cultivation:export_tables": ("post", None, {"anon": LOGIN, "city_officer": 302}, 403),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)


@pytest.mark.access
@pytest.mark.parametrize("persona", ["other_district_officer", "city_officer"])
def test_others_cannot_change_a_project(request, client, matrix_objects, persona):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("cultivation:project_edit", kwargs=matrix_objects["project"]), {"name": "x"}
    )
    assert response.status_code == {"other_district_officer": 404, "city_officer": 403}[persona]
