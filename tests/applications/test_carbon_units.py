"""No serial number counted twice across the platform (decisions §73)."""

import datetime

import pytest
from django.utils import translation

from greenfactory.applications.domain.carbon.units import UnitsRefused, claim_units, parse_range
from greenfactory.applications.enums import UnitKind, UnitUse
from greenfactory.applications.models import UnitClaim
from greenfactory.core.models import AuditEvent
from tests.concurrency.helpers import at_once, winner_and_loser
from tests.factories.accounts import EnterpriseUserFactory
from tests.factories.carbon import CarbonInventoryFactory

RETIRED = datetime.date(2026, 3, 31)


def claim(inventory, user, first, last, *, use=UnitUse.OFFSET, kind=UnitKind.CCER):
    return claim_units(
        inventory,
        actor=user,
        use=use,
        kind=kind,
        first_serial=first,
        last_serial=last,
        retired_on=RETIRED,
    )


def two_factories():
    users = [EnterpriseUserFactory(), EnterpriseUserFactory()]
    inventories = [
        CarbonInventoryFactory(enterprise=users[0].enterprise, year=2024),
        CarbonInventoryFactory(enterprise=users[1].enterprise, year=2025),
    ]
    return users, inventories


@pytest.mark.parametrize(
    ("first", "last", "parsed"),
    [
        ("CCER-2024-00001", "CCER-2024-00100", ("CCER-2024-", 1, 100, 5)),
        (" GEC123 ", "", ("GEC", 123, 123, 3)),
        ("000000000000000000123", "000000000000000000125", ("000", 123, 125, 18)),
    ],
)
def test_serial_ranges(first, last, parsed):
    assert parse_range(first, last) == parsed


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        ("CCER-", "CCER-1", "first_serial", "A serial number ends in its number"),
        ("A001", "B002", "last_serial", "same prefix and length"),
        ("A001", "A0002", "last_serial", "same prefix and length"),
        ("A009", "A001", "last_serial", "comes before the first"),
    ],
)
def test_malformed_ranges_are_refused_at_their_field(first, last, field, message):
    with translation.override("en"), pytest.raises(UnitsRefused) as refusal:
        parse_range(first, last)
    assert refusal.value.field == field
    with translation.override("en"):
        assert message in str(refusal.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("CCER-2024-00050", "CCER-2024-00150"),  # overlaps the end
        ("CCER-2024-00001", "CCER-2024-00001"),  # one unit inside
        ("CCER-2024-00000", "CCER-2024-00200"),  # covers it
    ],
)
def test_an_overlapping_range_of_another_enterprise_is_refused_naming_the_year_only(first, last):
    users, inventories = two_factories()
    claim(inventories[0], users[0], "CCER-2024-00001", "CCER-2024-00100")
    with translation.override("en"), pytest.raises(UnitsRefused) as refusal:
        claim(inventories[1], users[1], first, last)
    message = str(refusal.value)
    assert "already claimed, in a 2024 inventory" in message
    assert inventories[0].enterprise.name not in message
    assert refusal.value.field == "first_serial"
    assert UnitClaim.objects.count() == 1


@pytest.mark.django_db
def test_the_same_enterprise_cannot_count_a_certificate_in_scope_2_and_as_an_offset():
    users, inventories = two_factories()
    inventories[0].energy = {"electricity": "1000000"}
    inventories[0].save()
    claim(inventories[0], users[0], "LZ001", "LZ100", use=UnitUse.SCOPE2, kind="gec")
    with translation.override("en"), pytest.raises(UnitsRefused, match="already claimed"):
        claim(inventories[0], users[0], "LZ100", "LZ120", kind="gec")


@pytest.mark.django_db
def test_adjacent_ranges_other_prefixes_and_other_kinds_pass():
    users, inventories = two_factories()
    claim(inventories[0], users[0], "CCER-2024-00001", "CCER-2024-00100")
    claim(inventories[1], users[1], "CCER-2024-00101", "CCER-2024-00200")
    claim(inventories[1], users[1], "CCER-2025-00001", "CCER-2025-00100")
    claim(inventories[1], users[1], "CCER-2024-00001", "CCER-2024-00100", kind=UnitKind.OTHER)
    assert UnitClaim.objects.count() == 4
    assert AuditEvent.objects.filter(action="applications.unit_claim.created").count() == 4


@pytest.mark.django_db
def test_certificates_in_scope_2_cannot_cover_more_than_the_grid_electricity():
    users, inventories = two_factories()
    inventories[0].energy = {"electricity": "100000"}  # 100 certificates at most
    inventories[0].save()
    claim(inventories[0], users[0], "LZ001", "LZ060", use=UnitUse.SCOPE2, kind="gec")
    with translation.override("en"), pytest.raises(UnitsRefused) as refusal:
        claim(inventories[0], users[0], "LZ061", "LZ101", use=UnitUse.SCOPE2, kind="gec")
    assert "101000 kWh, more than the 100000 kWh" in str(refusal.value)
    claim(inventories[0], users[0], "LZ061", "LZ101", kind="gec")  # the rest as an offset


@pytest.mark.django_db
def test_only_green_certificates_count_in_scope_2():
    users, inventories = two_factories()
    with translation.override("en"), pytest.raises(UnitsRefused) as refusal:
        claim(inventories[0], users[0], "C1", "C2", use=UnitUse.SCOPE2, kind=UnitKind.CCER)
    assert refusal.value.field == "kind"


@pytest.mark.django_db(transaction=True)
def test_two_enterprises_claiming_overlapping_ranges_at_once_count_them_once():
    users, inventories = two_factories()
    outcomes = at_once(
        lambda: claim(inventories[0], users[0], "CCER-2024-00001", "CCER-2024-00100"),
        lambda: claim(inventories[1], users[1], "CCER-2024-00090", "CCER-2024-00120"),
    )
    won, lost = winner_and_loser(outcomes, UnitsRefused)
    assert "already claimed" in str(lost)
    assert list(UnitClaim.objects.values_list("pk", flat=True)) == [won.pk]
