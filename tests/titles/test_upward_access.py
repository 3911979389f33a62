"""Who may open the recommendation to the province (向省级推荐)."""

import pytest
from django.urls import reverse

from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)

ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "titles:upward": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
}


@pytest.fixture
def matrix_objects():
    return {None: {}}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)


@pytest.mark.access
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("anon", "city_officer")])
def test_only_city_officers_may_post(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("titles:upward"), {"year": "2026"}).status_code == 403
