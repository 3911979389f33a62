"""Who may open the reward ledger's pages (rows for the global role × page matrix): the city
bureau acts, the district officers read their district's entries. The objects are made once for
the module; each cell's own writes are undone after it."""

import pytest
from django.utils import translation

from greenfactory.rewards.domain.ledger import approve_entry
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

from .helpers import city_user, default_rates, grant

pytestmark = pytest.mark.django_db

# Entries of an enterprise in 武进 (the district officer's); 新北's officer does not see them.
OFFICERS_READ = {
    "anon": LOGIN,
    "city_officer": 200,
    "district_officer": 200,
    "other_district_officer": 200,
}
ENTRY_READ = {**OFFICERS_READ, "other_district_officer": 404}
CITY_ACTS = {"anon": LOGIN, "district_officer": 403, "other_district_officer": 404}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "rewards:ledger": ("get", None, OFFICERS_READ, 403),
    "rewards:rates": ("get", None, OFFICERS_READ, 403),
    "rewards:entry": ("get", "due", ENTRY_READ, 403),
    "rewards:entry_approve": ("post", "due", {**CITY_ACTS, "city_officer": 302}, 403),
    "rewards:entry_recalculate": ("post", "due", {**CITY_ACTS, "city_officer": 302}, 403),
    # An empty form is shown again with its errors (400): the city officer got through.
    "rewards:entry_pay": ("post", "approved", {**CITY_ACTS, "city_officer": 400}, 403),
    "rewards:entry_cancel": ("post", "due", {**CITY_ACTS, "city_officer": 400}, 403),
    "rewards:export": ("post", None, {"anon": LOGIN, "city_officer": 302}, 403),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def rewards_objects(module_personas):
    default_rates()
    creator, approver = city_user("creator"), city_user("approver")
    enterprise = module_personas["enterprise"]
    due = grant(enterprise, "city", 2025, actor=creator)
    approved = grant(enterprise, "provincial", 2026, actor=creator)
    approve_entry(approved, actor=approver)
    return {"due": {"code": due.code}, "approved": {"code": approved.code}, None: {}}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_rewards_pages_per_role(request, client, rewards_objects, name, persona):
    check_row(request, client, ROWS, rewards_objects, name, persona)
