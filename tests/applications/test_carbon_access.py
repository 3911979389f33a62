"""Who reaches which carbon page: one row per URL name, every persona (decisions §73)."""

import pytest
from django.utils import timezone

from greenfactory.filings.models import CarbonDisclosure
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.factories.carbon import CarbonInventoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix_objects(enterprise):
    inventory = CarbonInventoryFactory(enterprise=enterprise, energy={"raw_coal": "1000"})
    disclosure = CarbonDisclosure.objects.create(
        enterprise=enterprise,
        year=inventory.year,
        inventory=inventory,
        figures={"net_t": "1.900"},
        status="not_yet",
        published_at=timezone.now(),
    )
    return {
        "inventory": {"code": inventory.code},
        "disclosure": {"code": disclosure.code},
        None: {},
    }


READERS = {
    "anon": LOGIN,
    "enterprise_user": 200,
    "other_enterprise_user": 200,
    "district_officer": 200,
    "other_district_officer": 200,
    "city_officer": 200,
}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "applications:carbon_inventories": ("get", None, READERS, 403),
    "applications:carbon_inventory": (
        "get",
        "inventory",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "filings:enterprise_disclosures": (
        "get",
        None,
        {"anon": LOGIN, "enterprise_user": 200, "other_enterprise_user": 200},
        403,
    ),
    "filings:carbon_disclosures": ("get", None, {}, 200),
    "filings:carbon_disclosure": ("get", "disclosure", {}, 200),
    "filings:carbon_disclosures_open_data": ("get", None, {}, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)
