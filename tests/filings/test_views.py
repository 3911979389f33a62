"""The filing pages: the enterprise fills and submits, the district reviews, the city reads,
exports and sets the deadline; the lists cost the same number of queries for 1 or many rows."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from greenfactory.core.models import ExportJob
from greenfactory.filings.domain.export import FILINGS_EXPORT, HEADER
from greenfactory.filings.domain.filings import submit_filing
from greenfactory.filings.enums import FilingState
from greenfactory.filings.models import AnnualFiling, FilingSettings
from greenfactory.notifications.models import Notification
from tests.sheets import assert_print_ready, table, totals

from .conftest import factory_with_title, filed, good_data

pytestmark = pytest.mark.django_db


def form_data(filing, **changes):
    data = {
        "revision": str(filing.revision),
        "energy_electricity": "1000000",
        "output_quantity": "1000",
        "output_unit": "t",
        "output_value_10k_yuan": "5000",
    }
    data.update(changes)
    return data


def test_enterprise_opens_fills_and_submits(client, title, enterprise_user, district_officer):
    client.force_login(enterprise_user)
    page = client.get(reverse("filings:enterprise_list"))
    assert page.status_code == 200
    assert [row[0] for row in page.context["rows"]] == [2025, 2024, 2023]
    response = client.post(reverse("filings:open"), {"year": "2025"})
    filing = AnnualFiling.objects.get(year=2025)
    assert response["Location"] == reverse("filings:edit", args=[filing.code])
    response = client.post(reverse("filings:edit", args=[filing.code]), form_data(filing))
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.energy == {"electricity": "1000000"}
    response = client.post(reverse("filings:submit", args=[filing.code]))
    filing.refresh_from_db()
    assert filing.state == FilingState.SUBMITTED
    assert Notification.objects.filter(recipient=district_officer).exists()


def test_bad_figures_are_shown_and_kept(client, title, enterprise_user):
    client.force_login(enterprise_user)
    filing = filed(enterprise_user)
    response = client.post(
        reverse("filings:edit", args=[filing.code]),
        form_data(filing, output_quantity="-5", output_unit="吨产品"),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "output_quantity" in form.errors
    html = response.content.decode()
    assert 'value="-5"' in html
    assert 'value="吨产品"' in html
    filing.refresh_from_db()
    assert filing.output_unit == "t"


def test_a_stale_page_keeps_what_was_typed(client, title, enterprise_user):
    client.force_login(enterprise_user)
    filing = filed(enterprise_user)
    with translation.override("en"):
        response = client.post(
            reverse("filings:edit", args=[filing.code]),
            form_data(filing, revision="0", output_unit="件"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "saved this filing" in response.content.decode()
    assert 'value="件"' in response.content.decode()


def test_submit_lists_every_problem(client, title, enterprise_user):
    client.force_login(enterprise_user)
    client.post(reverse("filings:open"), {"year": "2025"})
    filing = AnnualFiling.objects.get()
    response = client.post(reverse("filings:submit", args=[filing.code]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 4
    filing.refresh_from_db()
    assert filing.state == FilingState.DRAFT


def test_an_unknown_year_is_refused_on_the_list(client, title, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("filings:open"), {"year": "2030"})
    assert response.status_code == 400
    assert "year" in response.context["open_form"].errors
    assert not AnnualFiling.objects.exists()


def test_district_returns_with_a_reason(client, filing, enterprise_user, district_officer):
    submit_filing(filing, actor=enterprise_user)
    client.force_login(district_officer)
    response = client.post(reverse("filings:return", args=[filing.code]), {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["return_form"].errors
    response = client.post(
        reverse("filings:return", args=[filing.code]), {"reason": "请按统计报表填写产量"}
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.state == FilingState.RETURNED
    client.force_login(enterprise_user)
    page = client.get(reverse("filings:edit", args=[filing.code]))
    assert "请按统计报表填写产量" in page.content.decode()


def test_flags_show_on_the_lists(client, title, enterprise_user, district_officer):
    submit_filing(
        filed(enterprise_user, data=good_data(output_quantity=300)), actor=enterprise_user
    )
    client.force_login(district_officer)
    page = client.get(reverse("filings:district_list"), {"year": "2025", "show": "flagged"})
    assert page.status_code == 200
    assert page.context["counts"] == {"due": 1, "filed": 1, "flagged": 1, "missing": 0}
    assert len(page.context["rows"]) == 1
    page = client.get(reverse("filings:district_list"), {"year": "2025", "show": "missing"})
    assert page.context["rows"] == []


def test_a_bad_filter_is_shown(client, district_officer):
    client.force_login(district_officer)
    response = client.get(reverse("filings:district_list"), {"year": "1999"})
    assert response.status_code == 400
    assert "year" in response.context["form"].errors


def _many(batch, count, start=0):
    for index in range(start, start + count):
        _enterprise, user = factory_with_title("320412", batch, username=f"f{index}")
        if index % 2 == 0:
            submit_filing(filed(user), actor=user)


@pytest.mark.parametrize(
    ("name", "persona"),
    [("filings:district_list", "district_officer"), ("filings:city_list", "city_officer")],
)
def test_list_queries_do_not_grow(request, client, batch, django_assert_num_queries, name, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    _many(batch, 1)
    client.get(reverse(name))  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name)).status_code == 200
    _many(batch, 6, start=1)
    with django_assert_num_queries(len(one)):
        response = client.get(reverse(name))
    assert response.context["counts"]["due"] == 7
    assert len(one) <= 16


def test_enterprise_list_queries_do_not_grow(
    client, title, enterprise_user, batch, django_assert_num_queries
):
    client.force_login(enterprise_user)
    filed(enterprise_user, year=2025)
    client.get(reverse("filings:enterprise_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("filings:enterprise_list"))
    filed(enterprise_user, year=2024)
    filed(enterprise_user, year=2023)
    with django_assert_num_queries(len(one)):
        page = client.get(reverse("filings:enterprise_list"))
    assert all(filing is not None for _year, _deadline, filing in page.context["rows"])


def test_city_settings_refuse_a_day_that_does_not_exist(client, city_officer):
    client.force_login(city_officer)
    response = client.post(
        reverse("filings:settings"),
        {"deadline_month": "2", "deadline_day": "30", "tolerance_percent": "15"},
    )
    assert response.status_code == 400
    assert "deadline_day" in response.context["form"].errors
    assert 'value="15"' in response.content.decode()
    assert not FilingSettings.objects.exists()
    response = client.post(
        reverse("filings:settings"),
        {"deadline_month": "5", "deadline_day": "31", "tolerance_percent": "15"},
    )
    assert response.status_code == 302
    assert FilingSettings.objects.get().deadline(2025) == date(2026, 5, 31)


def test_city_exports_the_year(
    client, city_officer, filing, enterprise_user, other_title, django_capture_on_commit_callbacks
):
    submit_filing(filing, actor=enterprise_user)
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("filings:export"), {"year": "2025"})
    assert response.status_code == 302
    job = ExportJob.objects.get(kind=FILINGS_EXPORT)
    assert job.status == "done", job.error
    download = client.get(reverse("core:export_download", args=[job.code]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.title == "动态管理表"
    assert_print_ready(
        sheet,
        title="2025年度绿色工厂动态管理表",
        issuer="常州市工业和信息化局",
        filters="2025年度；常州市范围内应填报的企业",
    )
    rows = table(sheet)
    assert list(rows[0]) == HEADER
    assert len(rows) == 3
    by_name = {row[2]: row for row in rows[1:]}
    mine = by_name[filing.enterprise.name]
    assert mine[5] == "已提交" or mine[5] == "Submitted"
    assert round(mine[7], 1) == 122.9
    assert by_name[other_title.enterprise.name][5] == "未填报"
    # energy and emissions add up; the figures per unit of product do not
    assert totals(sheet)[7:11] == ("=SUM(H4:H5)", "=SUM(I4:I5)", None, None)
    assert sheet["H4"].number_format == "#,##0.00"
    assert sheet["J4"].number_format == "#,##0.0000"
    assert sheet.page_setup.orientation == "landscape"


def test_reminders_before_and_after_the_deadline(title, enterprise_user, district_officer):
    with time_machine.travel(date(2026, 4, 1), tick=False):
        call_command("send_filing_reminders")
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    assert not Notification.objects.filter(recipient=district_officer).exists()
    with time_machine.travel(date(2026, 4, 2), tick=False):
        call_command("send_filing_reminders")
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    with time_machine.travel(date(2026, 4, 16), tick=False):
        call_command("send_filing_reminders")
    assert Notification.objects.filter(recipient=enterprise_user).count() == 2
    assert Notification.objects.filter(recipient=district_officer).count() == 1


def test_no_reminder_once_filed(filing, enterprise_user):
    submit_filing(filing, actor=enterprise_user)
    with time_machine.travel(date(2026, 4, 16), tick=False):
        call_command("send_filing_reminders")
    assert (
        not Notification.objects.filter(recipient=enterprise_user)
        .exclude(subject__contains="accepted")
        .exists()
    )


def test_district_sees_reported_figures_beside_computed(
    client, title, enterprise_user, district_officer
):
    """The enterprise types its own key figures; the district's review page shows them beside
    the computed ones, a copy of the shown (rounded) figure as the same, another as differing."""
    filing = filed(enterprise_user, data=good_data(energy={"electricity": "1000003"}))
    client.force_login(enterprise_user)
    page = client.get(reverse("filings:edit", args=[filing.code]))
    computed = page.context["figures"]["comprehensive_energy"].value
    shown = f"{computed:.4f}"
    assert computed != D(shown)  # the page shows it rounded
    response = client.post(
        reverse("filings:edit", args=[filing.code]),
        form_data(
            filing,
            energy_electricity="1000003",
            reported_comprehensive_energy=shown,
            reported_unit_product_energy="99",
        ),
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.reported == {"comprehensive_energy": shown, "unit_product_energy": "99"}
    submit_filing(filing, actor=enterprise_user)
    client.force_login(district_officer)
    page = client.get(reverse("filings:detail", args=[filing.code]))
    rows = {row.key: row for row in page.context["reported"]}
    assert rows["comprehensive_energy"].reported == D(shown)
    assert not rows["comprehensive_energy"].differs
    assert rows["unit_product_energy"].differs
    assert rows["carbon_emissions"].reported is None and not rows["carbon_emissions"].differs
    html = page.content.decode()
    assert 'id="reported-unit_product_energy" class="differs"' in html
    assert 'id="reported-comprehensive_energy">' in html
    assert page.context["late"] is None


def test_a_late_filing_is_flagged_on_its_detail_page(
    client, title, enterprise_user, district_officer
):
    filing = filed(enterprise_user)
    with time_machine.travel(date(2026, 4, 20), tick=False):
        submit_filing(filing, actor=enterprise_user)
        client.force_login(district_officer)
        page = client.get(reverse("filings:detail", args=[filing.code]))
    assert page.status_code == 200
    assert page.context["late"].code == "not_filed"
    assert 'id="late-flag"' in page.content.decode()
    with translation.override("en"):
        assert "after the deadline of 2026-04-15" in page.context["flags"][0].text
