"""Carbon inventories (decisions §73), on the shipped 2023 table and the national grid factor."""

import factory

from greenfactory.applications.models import CarbonInventory
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
