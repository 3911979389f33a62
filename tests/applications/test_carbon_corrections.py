"""Correcting the carbon accounts and downloading their files (decisions §79)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.domain.carbon.corrections import (
    InventoryLocked,
    change_process_line,
    remove_unit_claim,
)
from greenfactory.applications.domain.carbon.units import UnitsRefused, claim_units
from greenfactory.applications.domain.carbon.writes import (
    add_process_line,
    attach_verification_statement,
)
from greenfactory.applications.enums import ApplicationState, UnitKind, UnitUse
from greenfactory.applications.models import (
    Application,
    ProcessEmission,
    ProductFootprint,
    Scope3Emission,
    UnitClaim,
)
from greenfactory.core.models import AuditEvent
from greenfactory.filings.models import CarbonDisclosure
from greenfactory.reviews.models import ExpertAssignment
from tests.concurrency.helpers import at_once, winner_and_loser
from tests.factories.accounts import EnterpriseUserFactory
from tests.factories.carbon import CarbonInventoryFactory
from tests.factories.programme import ZeroCarbonBatchFactory

pytestmark = pytest.mark.django_db

RETIRED = datetime.date(2026, 3, 31)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def pdf(name="核查声明.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def claim(inventory, user, first, last, *, proof=None):
    return claim_units(
        inventory,
        actor=user,
        use=UnitUse.OFFSET,
        kind=UnitKind.CCER,
        first_serial=first,
        last_serial=last,
        retired_on=RETIRED,
        proof=proof,
    )


@pytest.fixture
def inventory(enterprise):
    return CarbonInventoryFactory(enterprise=enterprise, energy={"raw_coal": "1000"})


@pytest.fixture
def line(inventory, enterprise_user):
    return add_process_line(
        inventory,
        actor=enterprise_user,
        description="石灰石分解",
        method="emission_factor",
        activity=Decimal(10),
        activity_unit="t",
        factor_t=Decimal("0.44"),
    )


def in_review(enterprise, expert=None, city_officer=None):
    """A zero-carbon application of 2026 in expert review, written as rows."""
    application = Application.objects.create(
        batch=ZeroCarbonBatchFactory(),
        enterprise=enterprise,
        district=enterprise.district,
        state=ApplicationState.EXPERT_REVIEW,
        submitted_at=timezone.now(),
    )
    if expert is not None:
        ExpertAssignment.objects.create(
            application=application, expert=expert, assigned_by=city_officer
        )
    return application


# ---- the domain: corrections, locks, released ranges --------------------------------------


def test_a_line_is_changed_with_its_history(inventory, line, enterprise_user):
    change_process_line(line, actor=enterprise_user, activity=Decimal(12), factor_t=line.factor_t)
    line.refresh_from_db()
    assert line.activity == Decimal(12)
    event = AuditEvent.objects.filter(action="applications.process_emission.changed").get()
    assert event.changes == {"activity": ["10", "12"]}


def test_a_removed_claim_releases_its_range_to_be_claimed_again(
    inventory, enterprise_user, other_enterprise_user
):
    first = claim(inventory, enterprise_user, "CCER-001", "CCER-100", proof=pdf("注销证明.pdf"))
    stored = first.file.name
    storage = first.file.storage
    other = CarbonInventoryFactory(enterprise=other_enterprise_user.enterprise, year=2024)
    with translation.override("en"), pytest.raises(UnitsRefused):
        claim(other, other_enterprise_user, "CCER-050", "CCER-060")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
        remove_unit_claim(first, actor=enterprise_user)
    assert not storage.exists(stored)
    again = claim(other, other_enterprise_user, "CCER-050", "CCER-060")
    assert list(UnitClaim.objects.values_list("pk", flat=True)) == [again.pk]
    event = AuditEvent.objects.filter(action="applications.unit_claim.removed").get()
    assert event.changes["range"] == ["CCER-001–CCER-100", None]


@pytest.mark.django_db(transaction=True)
def test_claims_at_once_still_count_a_released_range_once():
    users = [EnterpriseUserFactory(), EnterpriseUserFactory()]
    inventories = [
        CarbonInventoryFactory(enterprise=users[0].enterprise, year=2024),
        CarbonInventoryFactory(enterprise=users[1].enterprise, year=2025),
    ]
    released = claim(inventories[0], users[0], "CCER-2024-00001", "CCER-2024-00100")
    remove_unit_claim(released, actor=users[0])
    outcomes = at_once(
        lambda: claim(inventories[0], users[0], "CCER-2024-00001", "CCER-2024-00100"),
        lambda: claim(inventories[1], users[1], "CCER-2024-00090", "CCER-2024-00120"),
    )
    won, lost = winner_and_loser(outcomes, UnitsRefused)
    assert "already claimed" in str(lost)
    assert list(UnitClaim.objects.values_list("pk", flat=True)) == [won.pk]


def test_a_verification_statement_locks_the_inventory(inventory, line, enterprise_user):
    attach_verification_statement(inventory, actor=enterprise_user, upload=pdf())
    with translation.override("en"):
        with pytest.raises(InventoryLocked) as refusal:
            change_process_line(line, actor=enterprise_user, activity=Decimal(1))
        assert "verification statement is attached" in str(refusal.value)
        with pytest.raises(InventoryLocked):
            claim(inventory, enterprise_user, "CCER-1", "CCER-2")
        with pytest.raises(InventoryLocked):
            remove_unit_claim(UnitClaim(inventory=inventory, kind="ccer"), actor=enterprise_user)
    # The statement itself may still be replaced while nothing else relies on the inventory.
    attach_verification_statement(inventory, actor=enterprise_user, upload=pdf("新声明.pdf"))
    line.refresh_from_db()
    assert line.activity == Decimal(10)


def test_an_application_in_review_locks_the_inventory(inventory, line, enterprise, enterprise_user):
    in_review(enterprise)
    with translation.override("en"), pytest.raises(InventoryLocked) as refusal:
        change_process_line(line, actor=enterprise_user, activity=Decimal(1))
    assert "zero-carbon programme" in str(refusal.value)
    with translation.override("en"), pytest.raises(InventoryLocked):
        attach_verification_statement(inventory, actor=enterprise_user, upload=pdf())


def test_a_published_disclosure_locks_the_inventory(inventory, line, enterprise, enterprise_user):
    CarbonDisclosure.objects.create(
        enterprise=enterprise,
        year=inventory.year,
        inventory=inventory,
        figures={},
        status="near_zero",
        published_at=timezone.now(),
    )
    with translation.override("en"), pytest.raises(InventoryLocked) as refusal:
        change_process_line(line, actor=enterprise_user, activity=Decimal(1))
    assert "A carbon disclosure of 2025 was published" in str(refusal.value)


# ---- the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anon", 302),
        ("enterprise_user", 302),
        ("other_enterprise_user", 404),
        ("district_officer", 403),
        ("other_district_officer", 404),
        ("city_officer", 403),
        ("assigned_expert", 404),
    ],
)
def test_who_removes_a_line(as_persona, inventory, line, persona, status):
    response = as_persona(persona).post(
        reverse("applications:carbon_record_remove", args=[inventory.code, "process", line.code])
    )
    assert response.status_code == status
    assert ProcessEmission.objects.filter(pk=line.pk).exists() == (
        status != 302 or persona == "anon"
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("enterprise_user", 200),
        ("other_enterprise_user", 404),
        ("district_officer", 403),
        ("city_officer", 403),
    ],
)
def test_who_opens_the_edit_page(as_persona, inventory, line, persona, status):
    url = reverse("applications:carbon_record_edit", args=[inventory.code, "process", line.code])
    assert as_persona(persona).get(url).status_code == status


def test_an_edit_refused_by_the_lock_keeps_what_was_typed(
    client, enterprise_user, enterprise, inventory, line
):
    in_review(enterprise)
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:carbon_record_edit", args=[inventory.code, "process", line.code]),
        {
            "description": "石灰石分解（修正）",
            "method": "emission_factor",
            "activity": "12.5",
            "activity_unit": "t",
            "factor_t": "0.44",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "石灰石分解（修正）" in response.text and 'value="12.5"' in response.text
    assert "can no longer be changed" in response.text
    line.refresh_from_db()
    assert line.activity == Decimal(10)


def test_editing_scope3_and_footprints_and_removing_them(client, enterprise_user, inventory):
    scope3 = Scope3Emission.objects.create(
        inventory=inventory, category="4", description="原料运输", method="吨公里", tco2e=5
    )
    footprint = ProductFootprint.objects.create(
        enterprise=inventory.enterprise,
        year=inventory.year,
        product="电机",
        functional_unit="台",
        kgco2e_per_unit=Decimal("120.5"),
    )
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:carbon_inventory", args=[inventory.code]))
    assert page.text.count("data-confirm=") >= 3  # each removal asks first
    response = client.post(
        reverse("applications:carbon_record_edit", args=[inventory.code, "scope3", scope3.code]),
        {"category": "4", "description": "原料运输", "method": "吨公里", "tco2e": "6"},
    )
    assert response.status_code == 302
    scope3.refresh_from_db()
    assert scope3.tco2e == 6
    client.post(
        reverse(
            "applications:carbon_record_remove", args=[inventory.code, "footprint", footprint.code]
        )
    )
    assert not ProductFootprint.objects.exists()
    assert AuditEvent.objects.filter(action="applications.product_footprint.removed").exists()


# ---- downloads -----------------------------------------------------------------------------


@pytest.fixture
def files(inventory, enterprise, enterprise_user, assigned_expert, city_officer):
    attach_verification_statement(inventory, actor=enterprise_user, upload=pdf())
    # Claimed before the statement locked nothing: written as a row with its proof.
    proof = UnitClaim.objects.create(
        inventory=inventory,
        use=UnitUse.OFFSET,
        kind=UnitKind.CCER,
        prefix="CCER-",
        first=1,
        last=5,
        width=3,
        retired_on=RETIRED,
        file=pdf("注销证明.pdf"),
        original_name="注销证明.pdf",
        content_type="application/pdf",
    )
    in_review(enterprise, assigned_expert, city_officer)
    return {
        "statement": reverse("applications:carbon_statement_download", args=[inventory.code]),
        "proof": reverse("applications:carbon_proof_download", args=[inventory.code, proof.code]),
    }


@pytest.mark.parametrize("which", ["statement", "proof"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anon", 302),
        ("enterprise_user", 200),
        ("other_enterprise_user", 404),
        ("agency_user", 404),
        ("district_officer", 200),
        ("other_district_officer", 404),
        ("city_officer", 200),
        ("assigned_expert", 200),
        ("unassigned_expert", 404),
        ("system_admin", 404),
    ],
)
def test_who_downloads_the_carbon_files(as_persona, files, which, persona, status):
    response = as_persona(persona).get(files[which])
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        action = {
            "statement": "applications.verification_statement.downloaded",
            "proof": "applications.unit_claim.proof_downloaded",
        }[which]
        assert AuditEvent.objects.filter(action=action).count() == 1


def test_the_inventory_page_links_its_files(client, enterprise_user, inventory, files):
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:carbon_inventory", args=[inventory.code]))
    assert files["statement"] in page.text and files["proof"] in page.text


def test_the_assigned_expert_finds_the_statement_on_the_application(
    client, enterprise, inventory, files, assigned_expert
):
    application = Application.objects.get(enterprise=enterprise)
    client.force_login(assigned_expert)
    page = client.get(reverse("applications:application_detail", args=[application.code]))
    assert page.status_code == 200
    assert files["statement"] in page.text


def test_an_application_whose_batch_is_decided_no_longer_locks(
    inventory, line, enterprise, enterprise_user
):
    application = in_review(enterprise)
    application.batch.state = "published"
    application.batch.save()
    change_process_line(line, actor=enterprise_user, activity=Decimal(11), factor_t=line.factor_t)
    line.refresh_from_db()
    assert line.activity == Decimal(11)


def test_the_inventory_page_costs_the_same_for_one_and_many_records(
    client, enterprise_user, inventory, line
):
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory", args=[inventory.code])
    claim(inventory, enterprise_user, "CCER-001", "CCER-001")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 6):
        claim(inventory, enterprise_user, f"CCER-{n:03d}0", f"CCER-{n:03d}9")
        Scope3Emission.objects.create(
            inventory=inventory, category="4", description=f"运输{n}", method="吨公里", tco2e=n
        )
        ProductFootprint.objects.create(
            enterprise=inventory.enterprise,
            year=inventory.year,
            product=f"产品{n}",
            functional_unit="台",
            kgco2e_per_unit=n,
        )
        add_process_line(
            inventory,
            actor=enterprise_user,
            description=f"工序{n}",
            method="emission_factor",
            activity=Decimal(n),
            activity_unit="t",
            factor_t=Decimal("0.1"),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    # the header, process lines, scope 3 lines, footprints
    assert page.text.count("/edit/") == 1 + 5 + 4 + 4
    assert len(many) == len(one)


def test_the_edit_page_costs_a_fixed_number_of_queries(
    client, enterprise_user, inventory, line, django_assert_num_queries
):
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_record_edit", args=[inventory.code, "process", line.code])
    with django_assert_num_queries(4):  # the session read with its user: one
        assert client.get(url).status_code == 200


def test_correcting_the_energy_use_recomputes_the_inventory(client, enterprise_user, inventory):
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_inventory_edit", args=[inventory.code])
    page = client.get(url)
    assert page.status_code == 200 and 'value="1000"' in page.text  # what was recorded
    response = client.post(
        url,
        {
            "standard": inventory.standard,
            "coefficient_table": inventory.coefficient_table.pk,
            "grid_factor": inventory.grid_factor.pk,
            "energy_raw_coal": "2000",
            "verifier": "江苏某核查机构",
        },
    )
    assert response.status_code == 302
    inventory.refresh_from_db()
    assert inventory.energy == {"raw_coal": "2000"} and inventory.year == 2025
    event = AuditEvent.objects.filter(action="applications.carbon_inventory.changed").get()
    assert event.changes["energy"] == ["{'raw_coal': '1000'}", "{'raw_coal': '2000'}"]
    assert event.changes["verifier"] == ["", "江苏某核查机构"]


def test_the_grid_electricity_cannot_fall_below_the_certificates_counted(
    client, enterprise_user, enterprise
):
    inventory = CarbonInventoryFactory(enterprise=enterprise, energy={"electricity": "5000"})
    claim_units(
        inventory,
        actor=enterprise_user,
        use=UnitUse.SCOPE2,
        kind=UnitKind.GREEN_CERTIFICATE,
        first_serial="GEC001",
        last_serial="GEC004",
        retired_on=RETIRED,
    )
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:carbon_inventory_edit", args=[inventory.code]),
        {
            "standard": inventory.standard,
            "coefficient_table": inventory.coefficient_table.pk,
            "grid_factor": inventory.grid_factor.pk,
            "energy_electricity": "3000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "cover 4000 kWh, more than the 3000 kWh" in response.text
    assert 'value="3000"' in response.text
    inventory.refresh_from_db()
    assert inventory.energy == {"electricity": "5000"}
