from decimal import Decimal as D

import pytest

from greenfactory.cultivation.domain.candidates import add_candidate
from greenfactory.programme.models import Indicator, IndicatorSystem
from tests.factories import BatchFactory, EnterpriseFactory, region, shipped_system


@pytest.fixture
def batch(db):
    return BatchFactory(indicator_system=shipped_system(2025))


@pytest.fixture
def candidate(enterprise, district_officer):
    return add_candidate(enterprise, actor=district_officer, note="培育对象")


@pytest.fixture
def other_candidate(other_district_officer):
    enterprise = EnterpriseFactory(district=region("320411"))
    return add_candidate(enterprise, actor=other_district_officer)


@pytest.fixture
def small_system(db):
    """A hand-made system of 100 points: a gate, part A (Q1 required 10, Q2 20, N1 20 linear,
    lower is better, benchmark 100, leading 50) and part B (Q3 50)."""
    system = IndicatorSystem.objects.create(
        code="TRIAL", version=1, name="试评体系", scoring="points", unmet_required_points=0
    )

    def node(code, kind, parent=None, level=2, **fields):
        node.position += 1
        return Indicator.objects.create(
            system=system,
            parent=parent,
            code=code,
            name=f"指标{code}",
            level=level,
            position=node.position,
            kind=kind,
            **fields,
        )

    node.position = 0
    node("G1", "gate", level=1)
    part_a = node("A", "group", level=1)
    node("Q1", "qualitative", part_a, requirement="required", max_points=D(10))
    node("Q2", "qualitative", part_a, requirement="optional", max_points=D(20))
    node(
        "N1",
        "quantitative",
        part_a,
        requirement="optional",
        max_points=D(20),
        direction="lower",
        benchmark=D(100),
        leading=D(50),
    )
    part_b = node("B", "group", level=1)
    node("Q3", "qualitative", part_b, requirement="optional", max_points=D(50))
    return system


def answers_for(system, **given):
    """{Indicator: fields} from code=fields keyword arguments."""
    indicators = {i.code: i for i in system.indicators.all()}
    return {indicators[code]: fields for code, fields in given.items()}
