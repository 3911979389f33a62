"""What the shipped coefficient tables say of GB/T 2589-2020 (docs/decisions.md §70.2): natural
gas as the range the 2020 edition gives, the single 1.2143 named as the 2008 edition's value;
purchased steam and LNG without a standard coefficient the platform could not read in the
standard, counted from the measured enthalpy or heat content instead."""

from decimal import Decimal

import pytest

from greenfactory.programme.models import EnergyCarrier

pytestmark = pytest.mark.django_db

TABLES = ["GBT2589-2020+GRID2023", "GBT2589-2020+CO2-2022", "GBT2589-2020+CO2-2023"]


@pytest.mark.parametrize("table", TABLES)
def test_natural_gas_is_sourced_as_the_2020_range_with_the_2008_value(table):
    gas = EnergyCarrier.objects.get(table__code=table, key="natural_gas")
    assert gas.standard_coal == Decimal("1.2143")
    assert "1.1000–1.3300" in gas.source
    assert "GB/T 2589-2008" in gas.source
    assert "GB/T 2589-2020 参考折标系数" not in gas.source  # no longer claimed as the 2020 value


@pytest.mark.parametrize("table", TABLES[1:])
@pytest.mark.parametrize("key", ["steam", "lng"])
def test_steam_and_lng_have_no_standard_coefficient_but_a_measured_one(table, key):
    carrier = EnergyCarrier.objects.get(table__code=table, key=key)
    assert carrier.standard_coal is None
    assert carrier.co2 is None
    assert carrier.heat_content_measurable
    assert "0.03412" in carrier.source  # GB/T 2589-2020's heat coefficient per MJ
