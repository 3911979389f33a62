"""Programme: the shipped indicator systems and coefficient tables, and batches in each state."""

from datetime import timedelta

import factory
from django.utils import timezone

from greenfactory.programme.enums import BatchState, Programme
from greenfactory.programme.models import Batch, CoefficientTable, IndicatorSystem
from greenfactory.programme.programmes import batch_defaults

from .accounts import region


def shipped_system(year: int = 2018) -> IndicatorSystem:
    return IndicatorSystem.objects.get(code=f"GBT36132-{year}", version=1)


def zero_carbon_system() -> IndicatorSystem:
    return IndicatorSystem.objects.get(code="ZERO-CARBON-2026", version=1)


def shipped_table() -> CoefficientTable:
    return CoefficientTable.objects.get(code="GBT2589-2020+GRID2023")


class BatchFactory(factory.django.DjangoModelFactory):
    """A batch open for applications now (``is_open_for_applications``)."""

    class Meta:
        model = Batch

    region = factory.LazyFunction(lambda: region("320400"))
    year = 2026
    title = factory.Sequence(lambda n: f"2026年常州市绿色工厂申报（第{n}批）")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    indicator_system = factory.LazyFunction(lambda: shipped_system(2025))
    coefficient_table = factory.LazyFunction(shipped_table)
    grid_factor = factory.LazyAttribute(
        lambda o: o.coefficient_table.grid_factors.get(key="east_china_2023")
    )
    notice_bureau_contact = "常州市工业和信息化局节能与综合利用处 0519-86001201"
    notice_discipline_contact = "驻市工信局纪检监察组 0519-86001202"
    state = BatchState.OPEN


class DraftBatchFactory(BatchFactory):
    """Being prepared by the city bureau: not yet open, its window still ahead."""

    state = BatchState.DRAFT
    opens_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=37))


class ClosedBatchFactory(BatchFactory):
    """Its window has passed and it no longer takes applications."""

    state = BatchState.CLOSED
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=60))
    closes_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class ZeroCarbonBatchFactory(BatchFactory):
    """An open batch of the zero-carbon programme, with the programme's default rules."""

    title = factory.Sequence(lambda n: f"2026年常州市零碳工厂申报（第{n}批）")
    programme = Programme.ZERO_CARBON
    indicator_system = factory.LazyFunction(zero_carbon_system)
    industry_sections = batch_defaults(Programme.ZERO_CARBON)["industry_sections"]
    industry_divisions = batch_defaults(Programme.ZERO_CARBON)["industry_divisions"]
