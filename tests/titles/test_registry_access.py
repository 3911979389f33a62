"""Who may open the title registry's pages: a title with its history and status, and the import
of provincial and national lists and of removal lists (rows for the global role × page matrix)."""

import pytest
from django.urls import reverse

from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

from .test_titles_access import certified_title

CITY_ONLY = {"anon": LOGIN, "city_officer": 200}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "titles:title": (
        "get",
        "title",
        {
            "anon": LOGIN,
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 404,
        },
        403,
    ),
    # the matrix's title is a city title: the city revokes it itself (a removal decided above is
    # recorded on provincial and national titles, tests/titles/test_removal.py)
    "titles:title_removal": (
        "post",
        "title",
        {"anon": LOGIN, "other_district_officer": 404},
        403,
    ),
    "titles:title_import": ("get", None, CITY_ONLY, 403),
    # an empty confirmation (no preview) sends the officer back to the upload
    "titles:title_import_confirm": ("post", None, {"anon": LOGIN, "city_officer": 302}, 403),
    "titles:title_import_template": ("get", None, CITY_ONLY, 403),
    "titles:validity": ("get", None, CITY_ONLY, 403),
    # a removal list decided above (tests/titles/test_removal_list.py)
    "titles:removal_import": ("get", None, CITY_ONLY, 403),
    "titles:removal_import_confirm": ("post", None, {"anon": LOGIN, "city_officer": 302}, 403),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def registry_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    title = certified_title(module_personas["enterprise"])
    return {"title": {"code": title.code}, None: {}}


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_registry_pages_per_role(request, client, registry_objects, name, persona):
    check_row(request, client, ROWS, registry_objects, name, persona)


STATUS_CHANGE = {"anon": LOGIN, "city_officer": 302, "other_district_officer": 404}


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_city_changes_a_title_status(request, client, registry_objects, persona):
    """The title page's POST: visible to the district (403 there), invisible elsewhere."""
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    url = reverse("titles:title", kwargs=registry_objects["title"])
    response = client.post(url, {"status": "under_check", "reason": ""})
    want = STATUS_CHANGE.get(persona, 403)
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, persona
