"""Every correction of the carbon accounts goes through the one table of record kinds
(decisions §86): for each kind a change records each field before and after, a removal names
what it removed, and a locked inventory refuses both and keeps the row as it was."""

from decimal import Decimal

import pytest
from django.urls import reverse

from greenfactory.applications.domain.carbon.corrections import (
    RECORD_KINDS,
    InventoryLocked,
    change_record,
    remove_record,
)
from greenfactory.applications.models import ProductFootprint, VerificationStatement
from greenfactory.core.models import AuditEvent
from tests.factories.carbon import (
    CarbonInventoryFactory,
    ProcessEmissionFactory,
    ProductFootprintFactory,
    Scope3EmissionFactory,
    UnitClaimFactory,
)

pytestmark = pytest.mark.django_db


def unit_claim(inventory):
    return UnitClaimFactory(inventory=inventory)


MAKE = {
    "inventory": lambda inventory: inventory,
    "process": lambda inventory: ProcessEmissionFactory(inventory=inventory),
    "scope3": lambda inventory: Scope3EmissionFactory(inventory=inventory),
    "footprint": lambda inventory: ProductFootprintFactory(inventory=inventory),
    "units": unit_claim,
}

# kind: (field, new value, audit entry about: "inventory", "record" or "enterprise")
CHANGES = {
    "inventory": ("verifier", "江苏某核查机构", "inventory"),
    "process": ("activity", Decimal(12), "inventory"),
    "scope3": ("tco2e", Decimal(6), "inventory"),
    "footprint": ("kgco2e_per_unit", Decimal("99.5"), "record"),
}

# kind: (what the removal's audit entry names, about)
REMOVALS = {
    "process": ({"process_line": ["石灰石分解", None], "tco2e": ["4.40", None]}, "inventory"),
    "scope3": ({"scope3_line": ["原料运输", None], "tco2e": ["5", None]}, "inventory"),
    "footprint": (
        {"product": ["电机", None], "year": [2025, None], "kgco2e_per_unit": ["120.5", None]},
        "enterprise",
    ),
    "units": (
        {
            "range": ["CCER-001–CCER-005", None],
            "use": ["offset", None],
            "kind": ["ccer", None],
            "proof_sha256": ["", None],
        },
        "inventory",
    ),
}


@pytest.fixture
def inventory(enterprise):
    return CarbonInventoryFactory(enterprise=enterprise, energy={"raw_coal": "1000"})


def about(which, inventory, record):
    subject = {"inventory": inventory, "record": record, "enterprise": inventory.enterprise}[which]
    return subject._meta.label_lower, subject.code


def lock(inventory):
    VerificationStatement.objects.create(inventory=inventory)


def test_the_table_names_every_kind_the_pages_correct():
    assert set(RECORD_KINDS) == {"inventory", "process", "scope3", "footprint", "units"}
    assert set(CHANGES) == {k for k, entry in RECORD_KINDS.items() if entry.fields}
    assert set(REMOVALS) == {k for k, entry in RECORD_KINDS.items() if entry.removal_names}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_change_records_each_field_before_and_after(inventory, enterprise_user, kind):
    record = MAKE[kind](inventory)
    field, value, which = CHANGES[kind]
    before = getattr(record, field)
    change_record(kind, record, actor=enterprise_user, **{field: value})
    record.refresh_from_db()
    assert getattr(record, field) == value
    event = AuditEvent.objects.get(action=f"{RECORD_KINDS[kind].action}.changed")
    assert event.changes == {field: [str(before), str(value)]}
    assert (event.object_type, event.object_id) == about(which, inventory, record)
    assert event.actor_id == enterprise_user.pk


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_locked_inventory_refuses_a_change(inventory, enterprise_user, kind):
    record = MAKE[kind](inventory)
    field, value, _which = CHANGES[kind]
    before = getattr(record, field)
    lock(inventory)
    with pytest.raises(InventoryLocked):
        change_record(kind, record, actor=enterprise_user, **{field: value})
    record.refresh_from_db()
    assert getattr(record, field) == before
    assert not AuditEvent.objects.filter(action=f"{RECORD_KINDS[kind].action}.changed").exists()


@pytest.mark.parametrize("kind", sorted(REMOVALS))
def test_a_removal_names_what_it_removed(inventory, enterprise_user, kind):
    record = MAKE[kind](inventory)
    names, which = REMOVALS[kind]
    expected_about = about(which, inventory, record)
    remove_record(kind, record, actor=enterprise_user)
    assert not RECORD_KINDS[kind].model.objects.filter(pk=record.pk).exists()
    event = AuditEvent.objects.get(action=f"{RECORD_KINDS[kind].action}.removed")
    assert event.changes == names
    assert (event.object_type, event.object_id) == expected_about


@pytest.mark.parametrize("kind", sorted(REMOVALS))
def test_a_locked_inventory_refuses_a_removal(inventory, enterprise_user, kind):
    record = MAKE[kind](inventory)
    lock(inventory)
    with pytest.raises(InventoryLocked):
        remove_record(kind, record, actor=enterprise_user)
    assert RECORD_KINDS[kind].model.objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action=f"{RECORD_KINDS[kind].action}.removed").exists()


def test_a_footprint_without_an_inventory_of_its_year_follows_no_lock(inventory, enterprise_user):
    record = ProductFootprintFactory(enterprise=inventory.enterprise, year=2019)
    lock(inventory)
    change_record("footprint", record, actor=enterprise_user, product="电机（修正）")
    remove_record("footprint", record, actor=enterprise_user)
    assert not ProductFootprint.objects.exists()


def test_a_correction_sets_only_what_its_kind_allows(inventory, enterprise_user):
    with pytest.raises(TypeError, match="does not set year"):
        change_record("inventory", inventory, actor=enterprise_user, year=2024)
    with pytest.raises(TypeError, match="does not set last"):
        change_record("units", unit_claim(inventory), actor=enterprise_user, last=9)
    with pytest.raises(TypeError, match="not removed"):
        remove_record("inventory", inventory, actor=enterprise_user)
    inventory.refresh_from_db()
    assert inventory.year == 2025
    assert not AuditEvent.objects.filter(action__endswith=".changed").exists()


@pytest.mark.parametrize("kind", sorted(REMOVALS))
def test_each_kind_is_removed_from_its_page(client, inventory, enterprise_user, kind):
    record = MAKE[kind](inventory)
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:carbon_record_remove", args=[inventory.code, kind, record.code])
    )
    assert response.status_code == 302
    assert not RECORD_KINDS[kind].model.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action=f"{RECORD_KINDS[kind].action}.removed").count() == 1


@pytest.mark.parametrize("kind", ["inventory", "nothing"])
def test_a_kind_without_a_page_is_not_found(client, inventory, enterprise_user, kind):
    client.force_login(enterprise_user)
    url = reverse("applications:carbon_record_remove", args=[inventory.code, kind, inventory.code])
    assert client.post(url).status_code == 404
    assert not AuditEvent.objects.filter(action__endswith=".removed").exists()
