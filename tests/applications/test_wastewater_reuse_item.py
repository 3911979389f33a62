"""2018 item 6.4.3 废水处理回用率: treated wastewater reused ÷ wastewater treated, not the
industrial water reuse rate (docs/decisions.md §53)."""

from decimal import Decimal

import pytest

from greenfactory.applications.domain.figures import refresh_computed_values
from greenfactory.applications.models import PerformanceYear

from ..factories.applications import DraftApplicationFactory
from ..factories.programme import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db


def test_item_6_4_3_is_computed_from_the_wastewater_treated_and_reused():
    batch = BatchFactory(indicator_system=shipped_system(2018), year=2026)
    application = DraftApplicationFactory(batch=batch)
    PerformanceYear.objects.create(
        application=application,
        year=2025,
        water_intake_m3=Decimal(90_000),
        water_reused_m3=Decimal(810_000),  # industrial water reuse 90 %
        wastewater_treated_m3=Decimal(50_000),
        wastewater_reused_m3=Decimal(20_000),  # treated wastewater reuse 40 %
    )
    refresh_computed_values(application)
    answer = application.self_evaluations.get(indicator__code="6.4.3")
    assert answer.value_is_computed
    assert answer.value == Decimal(40)
