"""Who may open the recommendation to the province in its own forms (decisions §64): the city
officers the candidates and a candidate's procedure, the candidate's own enterprise its
confirmation; everyone else is refused (403 where the page is the city's, 404 where the
candidacy is not theirs to see)."""

from datetime import date

import pytest

from greenfactory.titles.models import ProvincialCandidate, Title
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

pytestmark = pytest.mark.django_db

ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "titles:province_candidates": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "titles:province_candidate": ("get", "candidate", {"anon": LOGIN, "city_officer": 200}, 403),
    "titles:province_candidacies": (
        "get",
        None,
        {"anon": LOGIN, "enterprise_user": 200, "other_enterprise_user": 200},
        403,
    ),
    "titles:province_confirmation": (
        "get",
        "candidate",
        {"anon": LOGIN, "enterprise_user": 200},
        404,
    ),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    title = Title.objects.create(
        enterprise=module_personas["enterprise"],
        level="city",
        source="imported",
        status="valid",
        year=2024,
        issued_on=date(2024, 12, 30),
    )
    candidate = ProvincialCandidate.objects.create(title=title, year=2026)
    return {None: {}, "candidate": {"code": candidate.code}}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)
