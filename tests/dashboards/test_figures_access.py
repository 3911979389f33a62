"""Who may open the programme dashboard and the targets page (rows for the global role × page
matrix)."""

import pytest

from greenfactory.programme.models import Target
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import region

OFFICERS = {
    "anon": LOGIN,
    "city_officer": 200,
    "district_officer": 200,
    "other_district_officer": 200,
}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "dashboards:figures": ("get", None, OFFICERS, 403),
    "dashboards:figures_export": (
        "post",
        None,
        {
            "anon": LOGIN,
            "city_officer": 302,
            "district_officer": 302,
            "other_district_officer": 302,
        },
        403,
    ),
    # The city's per-industry page; districts read the comparison per application (§67).
    "dashboards:peers": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "programme:target_list": ("get", None, OFFICERS, 403),
    # A target of 武进区: its district officer reads it but may not change it; it is invisible
    # to anyone else.
    "programme:target_edit": (
        "get",
        "target",
        {"anon": LOGIN, "city_officer": 200, "district_officer": 403},
        404,
    ),
    "programme:target_delete": (
        "post",
        "target",
        {"anon": LOGIN, "city_officer": 302, "district_officer": 403},
        404,
    ),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def figures_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    target = Target.objects.create(region=region("320412"), level="city", count=5, by_year=2026)
    return {"target": {"code": target.code}, None: {}}


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_dashboard_and_targets_per_role(request, client, figures_objects, name, persona):
    check_row(request, client, ROWS, figures_objects, name, persona)
