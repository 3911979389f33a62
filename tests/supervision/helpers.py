"""Titles, rounds and drawn checks for the spot-check tests."""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from greenfactory.supervision.domain.rounds import create_round, draw_sample
from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.titles import valid_until
from greenfactory.titles.enums import TitleSource, TitleStatus
from greenfactory.titles.models import Title
from tests.factories import BatchFactory, EnterpriseFactory, region, shipped_system

_sequence = itertools.count(1)


def make_title(
    enterprise=None,
    *,
    year=2019,
    level="city",
    status=TitleStatus.VALID,
    issued_on=None,
    programme="green_factory",
):
    enterprise = enterprise or EnterpriseFactory()
    issued_on = issued_on or date(year, 12, 1)
    return Title.objects.create(
        enterprise=enterprise,
        programme=programme,
        level=level,
        year=year,
        source=TitleSource.DESIGNATED,
        status=status,
        certificate_number=format_number(
            "320400", year, level, next(_sequence), programme=programme
        ),
        issued_on=issued_on,
        valid_until=valid_until(issued_on),
    )


def make_round(city_officer, **fields):
    defaults = {
        "year": 2026,
        "title": f"2026年常州市绿色工厂抽检（{next(_sequence)}）",
        "cohort_years": 3,
        "levels": ["city"],
        "sample_count": 2,
        "sample_ratio": None,
        "stratified": False,
        "submission_deadline": timezone.now() + timedelta(days=30),
        "indicator_system": shipped_system(2025),
        "reference_batch": BatchFactory(year=2019, state="published"),
    }
    defaults.update(fields)
    return create_round(actor=city_officer, region=region("320400"), **defaults)


def drawn_round(city_officer, titles=3, n=2, seed=None, **fields):
    for index in range(titles):
        make_title(EnterpriseFactory(district=region(("320412", "320411", "320402")[index % 3])))
    round_ = make_round(city_officer, sample_count=n, **fields)
    return draw_sample(round_, actor=city_officer, seed=seed or f"seed{next(_sequence):04d}")
