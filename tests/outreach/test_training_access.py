"""Who may open the training pages and the agency directory (rows for the global role × page
matrix)."""

import pytest

from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

from .training_helpers import make_event

ENTERPRISES = {"anon": LOGIN, "enterprise_user": 302, "other_enterprise_user": 302}
CITY_ONLY = {"anon": LOGIN, "city_officer": 200}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "outreach:training_list": ("get", None, {}, 200),
    "outreach:training_detail": ("get", "event", {}, 200),
    # an empty form: the enterprise sees its errors; no other role may register
    "outreach:training_register": (
        "post",
        "event",
        {"anon": LOGIN, "enterprise_user": 400, "other_enterprise_user": 400},
        403,
    ),
    # without a registration the enterprise is sent back to the page with a message
    "outreach:training_cancel": ("post", "event", ENTERPRISES, 403),
    "outreach:city_training": ("get", None, CITY_ONLY, 403),
    "outreach:city_training_event": ("get", "event", CITY_ONLY, 403),
    "outreach:city_training_publish": (
        "post",
        "draft",
        {"anon": LOGIN, "city_officer": 302},
        403,
    ),
    "outreach:city_training_export": (
        "post",
        "event",
        {"anon": LOGIN, "city_officer": 302},
        403,
    ),
    "outreach:agencies": ("get", None, {}, 200),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def training_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    event = make_event()
    draft = make_event(published=False, title="草稿培训")
    return {"event": {"code": event.code}, "draft": {"code": draft.code}, None: {}}


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_training_pages_per_role(request, client, training_objects, name, persona):
    check_row(request, client, ROWS, training_objects, name, persona)


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_event_is_not_public(request, client, training_objects, persona):
    from django.urls import reverse

    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("outreach:training_detail", kwargs=training_objects["draft"]))
    assert response.status_code == 404
