from datetime import date
from decimal import Decimal as D

import pytest
import time_machine

from greenfactory.filings.domain.filings import open_filing, save_filing
from greenfactory.titles.enums import TitleLevel, TitleSource
from greenfactory.titles.models import Title
from tests.factories import BatchFactory, EnterpriseFactory, EnterpriseUserFactory, region

# The tests run in 2026: last year's data (2025) is due on 15 April 2026.
TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(date(2026, 3, 1), tick=False):
        yield


@pytest.fixture
def batch(db):
    """The 2023 designation batch on GB/T 36132-2025 (benchmarks: 300 kgce/t, 800 kgCO₂/t,
    0.6 tCO₂/10 000 yuan)."""
    return BatchFactory(year=2023, state="published")


def grant(enterprise, year=2023, *, batch=None, level=TitleLevel.CITY, status="valid"):
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source=TitleSource.DESIGNATED if batch else TitleSource.IMPORTED,
        batch=batch,
        status=status,
        issued_on=date(year, 12, 1),
    )


@pytest.fixture
def title(enterprise, batch):
    return grant(enterprise, batch=batch)


@pytest.fixture
def other_title(other_enterprise, batch):
    return grant(other_enterprise, batch=batch)


def good_data(**changes):
    """1 000 000 kWh (122.9 tce, about 570 t CO₂) for 1 000 t of product: within the
    benchmarks."""
    data = {
        "energy": {"electricity": "1000000"},
        "output_quantity": D(1000),
        "output_unit": "t",
        "output_value_10k_yuan": D(5000),
    }
    data.update(changes)
    return data


def filed(user, year=2025, data=None):
    """A filing of ``user``'s enterprise with good figures, still a draft."""
    filing = open_filing(year, actor=user)
    return save_filing(filing, actor=user, data=data or good_data(), revision=None)


@pytest.fixture
def filing(title, enterprise_user):
    return filed(enterprise_user)


@pytest.fixture
def other_filing(other_title, other_enterprise_user):
    return filed(other_enterprise_user)


def factory_with_title(district="320412", batch=None, username=None):
    enterprise = EnterpriseFactory(district=region(district))
    grant(enterprise, batch=batch)
    user = EnterpriseUserFactory(enterprise=enterprise, username=username) if username else None
    return enterprise, user
