"""Who reaches which carbon page: one row per URL name, every persona (decisions §73)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greenfactory.applications.models import ProcessEmission, UnitClaim, VerificationStatement
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
    line = ProcessEmission.objects.create(
        inventory=inventory,
        description="石灰石分解",
        method="emission_factor",
        activity=Decimal(10),
        activity_unit="t",
        factor_t=Decimal("0.44"),
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    claim = UnitClaim.objects.create(
        inventory=inventory,
        use="offset",
        kind="ccer",
        prefix="CCER-",
        first=1,
        last=5,
        width=3,
        retired_on=datetime.date(2026, 3, 31),
        file=SimpleUploadedFile("注销证明.pdf", pdf),
        original_name="注销证明.pdf",
    )
    VerificationStatement.objects.create(
        inventory=inventory,
        file=SimpleUploadedFile("核查声明.pdf", pdf),
        original_name="核查声明.pdf",
    )
    return {
        "inventory": {"code": inventory.code},
        "line": {"code": inventory.code, "kind": "process", "record_code": line.code},
        "proof": {"code": inventory.code, "record_code": claim.code},
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
    # Decisions §79: the files to those who read the inventory (the assigned expert of a
    # zero-carbon application too, in test_carbon_corrections.py); corrections to its enterprise.
    "applications:carbon_statement_download": (
        "get",
        "inventory",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "applications:carbon_proof_download": (
        "get",
        "proof",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 200, "city_officer": 200},
        404,
    ),
    "applications:carbon_inventory_edit": (
        "get",
        "inventory",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 403, "city_officer": 403},
        404,
    ),
    "applications:carbon_record_edit": (
        "get",
        "line",
        {"anon": LOGIN, "enterprise_user": 200, "district_officer": 403, "city_officer": 403},
        404,
    ),
    "applications:carbon_record_remove": (
        "post",
        "line",
        {"anon": LOGIN, "enterprise_user": 302, "district_officer": 403, "city_officer": 403},
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
