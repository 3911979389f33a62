"""The city dashboard's figure of the yearly filings: hand-checked numbers, the scope, the
export, and a cost that does not grow with the filings."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from greenfactory.core.models import ExportJob
from greenfactory.dashboards.figures import scope_for
from greenfactory.dashboards.filings import filings_by_year
from greenfactory.filings.domain.filings import submit_filing
from tests.sheets import table

from .conftest import factory_with_title, filed, good_data

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:figures")


def _figure(response):
    return {table.key: table for table in response.context["tables"]}["filings"]


def test_hand_checked(client, city_officer, filing, enterprise_user, other_title):
    # Due from 2023 (their titles): 武进区 filed 2025 (1 000 000 kWh: 122.9 tce, 550 t CO₂ at
    # 0.55 kg/kWh); 新北区 did not file. Nobody filed 2023 or 2024, whose deadlines have passed.
    submit_filing(filing, actor=enterprise_user)
    client.force_login(city_officer)
    table = _figure(client.get(URL))
    assert table.rows == [
        [2023, 2, 0, 2, D("0.00"), D("0.00")],
        [2024, 2, 0, 2, D("0.00"), D("0.00")],
        [2025, 2, 1, 0, D("122.90"), D("550.00")],
    ]
    # After the deadline of 2025 (15 April 2026) the missing factory is flagged too.
    with time_machine.travel(date(2026, 4, 16), tick=False):
        table = filings_by_year(scope_for(city_officer))
    assert [row[3] for row in table.rows] == [2, 2, 1]


def test_a_district_sees_its_own(district_officer, filing, enterprise_user, other_title):
    submit_filing(filing, actor=enterprise_user)
    table = filings_by_year(scope_for(district_officer))
    assert table.rows[-1][:4] == [2025, 1, 1, 0]


def test_a_flagged_filing_counts(city_officer, title, enterprise_user):
    submit_filing(
        filed(enterprise_user, data=good_data(output_quantity=300)), actor=enterprise_user
    )
    table = filings_by_year(scope_for(city_officer))
    assert table.rows[-1][:4] == [2025, 1, 1, 1]


def test_export(client, city_officer, filing, enterprise_user, django_capture_on_commit_callbacks):
    submit_filing(filing, actor=enterprise_user)
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:figures_export"), {"chart": "filings"})
    assert response.status_code == 302
    job = ExportJob.objects.latest("created_at")
    assert job.status == "done", job.error
    with job.file.open("rb") as stored:
        rows = table(load_workbook(io.BytesIO(stored.read())).active)
    assert len(rows) == 4
    assert list(rows[-1][:4]) == [2025, 1, 1, 0]
    assert rows[-1][4] == pytest.approx(122.9)


@pytest.mark.queries
def test_the_figure_costs_the_same_for_1_and_many(client, city_officer, batch):
    client.force_login(city_officer)
    _enterprise, user = factory_with_title("320412", batch, username="one")
    submit_filing(filed(user), actor=user)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        first = _figure(client.get(URL))
    assert first.rows[-1][:3] == [2025, 1, 1]
    for index, district in enumerate(("320402", "320411", "320412", "320413")):
        _enterprise, user = factory_with_title(district, batch, username=f"m{index}")
        submit_filing(filed(user, year=2024), actor=user)
        submit_filing(filed(user), actor=user)
    with CaptureQueriesContext(connection) as many:
        second = _figure(client.get(URL))
    assert second.rows[-1][:3] == [2025, 5, 5]
    assert len(many) == len(one)
