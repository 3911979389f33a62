"""Carbon inventories (decisions §73), on the shipped 2023 table and the national grid factor,
and their records written as rows."""

import datetime
from decimal import Decimal

import factory

from greenfactory.applications.enums import UnitKind, UnitUse
from greenfactory.applications.models import (
    CarbonInventory,
    ProcessEmission,
    ProductFootprint,
    Scope3Emission,
    UnitClaim,
)
from greenfactory.programme.models import CoefficientTable, GridFactor

from .accounts import EnterpriseFactory

TABLE_2023 = "GBT2589-2020+CO2-2023"


def table_2023() -> CoefficientTable:
    return CoefficientTable.objects.get(code=TABLE_2023)


def national_2023() -> GridFactor:
    return GridFactor.objects.get(table__code=TABLE_2023, key="national_2023")


class CarbonInventoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarbonInventory

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2025
    coefficient_table = factory.LazyFunction(table_2023)
    grid_factor = factory.LazyFunction(national_2023)
    energy = factory.LazyFunction(dict)


class ProcessEmissionFactory(factory.django.DjangoModelFactory):
    """A process line of scope 1: 10 t × 0.44 tCO₂/t."""

    class Meta:
        model = ProcessEmission

    inventory = factory.SubFactory(CarbonInventoryFactory)
    description = "石灰石分解"
    method = "emission_factor"
    activity = Decimal(10)
    activity_unit = "t"
    factor_t = Decimal("0.44")


class Scope3EmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scope3Emission

    inventory = factory.SubFactory(CarbonInventoryFactory)
    category = "4"
    description = "原料运输"
    method = "吨公里"
    tco2e = 5


class ProductFootprintFactory(factory.django.DjangoModelFactory):
    """A key product's footprint, of the year and enterprise of ``inventory`` when given."""

    class Meta:
        model = ProductFootprint

    class Params:
        inventory = None

    enterprise = factory.LazyAttribute(
        lambda o: o.inventory.enterprise if o.inventory else EnterpriseFactory()
    )
    year = factory.LazyAttribute(lambda o: o.inventory.year if o.inventory else 2025)
    product = "电机"
    functional_unit = "台"
    kgco2e_per_unit = Decimal("120.5")


class UnitClaimFactory(factory.django.DjangoModelFactory):
    """CCER-001 to CCER-005 retired as an offset, without a proof file."""

    class Meta:
        model = UnitClaim

    inventory = factory.SubFactory(CarbonInventoryFactory)
    use = UnitUse.OFFSET
    kind = UnitKind.CCER
    prefix = "CCER-"
    first = 1
    last = 5
    width = 3
    retired_on = datetime.date(2026, 3, 31)
