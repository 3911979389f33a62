"""The rewards pages: who may open each one (rows for the global role × page matrix), what the
ledger lists and totals, the forms of an entry, and what the pages cost in queries."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.core.models import ExportJob
from greenfactory.rewards.domain.ledger import approve_entry
from greenfactory.rewards.domain.ledger_export import LEDGER_EXPORT
from greenfactory.rewards.domain.queries import entries_visible_to
from greenfactory.rewards.models import RewardRate
from greenfactory.titles.enums import TitleStatus
from greenfactory.titles.models import Title
from tests.conftest import PERSONAS
from tests.factories import EnterpriseFactory, region

from .helpers import city_user, default_rates, grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.mark.access
@pytest.mark.parametrize("persona", ["district_officer", "other_district_officer"])
def test_district_officers_may_not_set_rates(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    data = {"level": "city", "year_from": "2030", "amount": "1", "source": "x"}
    assert client.post(reverse("rewards:rates"), data).status_code == 403
    assert not RewardRate.objects.exists()


def test_entries_visible_to_each_role(request, enterprise, other_enterprise):
    default_rates()
    mine = grant(enterprise, "city", 2025)
    theirs = grant(other_enterprise, "city", 2025)
    seen = {
        persona: set(entries_visible_to(request.getfixturevalue(persona))) for persona in PERSONAS
    }
    assert seen.pop("city_officer") == {mine, theirs}
    assert seen.pop("district_officer") == {mine}
    assert seen.pop("other_district_officer") == {theirs}
    assert all(entries == set() for entries in seen.values()), seen


# ---- the ledger -----------------------------------------------------------------------------


def test_the_ledger_shows_the_newest_year_with_totals_per_status(client, city_officer):
    default_rates()
    creator = city_user("creator")
    a = grant(EnterpriseFactory(name="常州甲有限公司"), "city", 2026, actor=creator)
    b = grant(EnterpriseFactory(name="常州乙有限公司", district=region("320411")), "city", 2026)
    grant(EnterpriseFactory(), "city", 2025)
    approve_entry(a, actor=city_officer)
    client.force_login(city_officer)
    page = client.get(reverse("rewards:ledger"))
    assert page.context["year"] == 2026
    assert [e.code for e in page.context["page"]] == [b.code, a.code]  # 新北 320411 < 武进 320412
    totals = {t.status: (t.count, t.amount) for t in page.context["totals"]}
    assert totals == {
        "due": (1, D("200000.00")),
        "approved": (1, D("200000.00")),
        "paid": (0, D("0.00")),
        "cancelled": (0, D("0.00")),
    }
    filtered = client.get(reverse("rewards:ledger"), {"year": "2026", "status": "approved"})
    assert [e.code for e in filtered.context["page"]] == [a.code]
    assert filtered.context["totals"] == page.context["totals"]  # totals ignore the status
    district = client.get(reverse("rewards:ledger"), {"district": "320411"})
    assert [e.code for e in district.context["page"]] == [b.code]
    older = client.get(reverse("rewards:ledger"), {"year": "2025"})
    assert len(older.context["page"]) == 1


def test_a_bad_filter_is_reported_and_ignored(client, city_officer, enterprise):
    default_rates()
    grant(enterprise, "city", 2026)
    client.force_login(city_officer)
    page = client.get(reverse("rewards:ledger"), {"year": "1999", "level": "gold"})
    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"year", "level"}
    assert len(page.context["page"]) == 1


def test_a_district_officer_reads_only_its_district_and_gets_no_forms(
    client, district_officer, enterprise, other_enterprise
):
    default_rates()
    mine = grant(enterprise, "city", 2026)
    grant(other_enterprise, "city", 2026)
    client.force_login(district_officer)
    page = client.get(reverse("rewards:ledger"))
    assert [e.code for e in page.context["page"]] == [mine.code]
    assert [c for c, _ in page.context["form"].fields["district"].choices] == ["", "320412"]
    assert page.context["can_export"] is False
    detail = client.get(reverse("rewards:entry", args=[mine.code]))
    ctx = detail.context
    assert (ctx["can_approve"], ctx["can_pay"], ctx["can_cancel"], ctx["can_recalculate"]) == (
        False,
        False,
        False,
        False,
    )
    assert "entry_approve" not in detail.content.decode()
    assert reverse("rewards:entry_approve", args=[mine.code]) not in detail.content.decode()


# ---- an entry's forms ------------------------------------------------------------------------


@time_machine.travel("2026-12-10 10:00 +08:00", tick=False)
def test_approve_and_pay_through_the_pages(client, city_officer, enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2026, actor=city_user("creator"))
    client.force_login(city_officer)
    url = reverse("rewards:entry", args=[entry.code])
    assert client.get(url).context["can_approve"] is True
    response = client.post(reverse("rewards:entry_approve", args=[entry.code]))
    assert response["Location"] == url
    again = client.post(reverse("rewards:entry_approve", args=[entry.code]), follow=True)
    assert "This entry was already approved by" in again.content.decode()
    page = client.get(url)
    assert (page.context["can_approve"], page.context["can_pay"]) == (False, True)
    bad = client.post(
        reverse("rewards:entry_pay", args=[entry.code]),
        {"reference": "GK-1", "paid_on": "2026-12-11"},
    )
    assert bad.status_code == 400
    assert bad.context["pay_form"].errors == {
        "paid_on": ["The payment day cannot be in the future."]
    }
    assert 'value="GK-1"' in bad.content.decode()  # nothing typed is lost
    mine = client.post(
        reverse("rewards:entry_pay", args=[entry.code]),
        {"reference": "GK-1", "paid_on": "2026-12-10"},
    )
    assert mine.status_code == 400
    assert mine.context["pay_form"].non_field_errors() == [
        "You approved this entry; another officer must register its payment."
    ]
    assert 'value="GK-1"' in mine.content.decode()
    client.force_login(city_user("finance"))
    paid = client.post(
        reverse("rewards:entry_pay", args=[entry.code]),
        {"reference": "GK-1", "paid_on": "2026-12-10"},
    )
    assert paid.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.payment_reference, entry.paid_on) == (
        "paid",
        "GK-1",
        date(2026, 12, 10),
    )


def test_the_creator_is_told_another_officer_must_approve(client, city_officer, enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2026, actor=city_officer)
    client.force_login(city_officer)
    response = client.post(reverse("rewards:entry_approve", args=[entry.code]), follow=True)
    assert "You created this entry; another officer must approve it." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "due"


def test_paying_a_due_entry_keeps_the_form_and_says_why(client, city_officer, enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2026)
    client.force_login(city_officer)
    response = client.post(
        reverse("rewards:entry_pay", args=[entry.code]),
        {"reference": "GK-2", "paid_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert response.context["pay_form"].non_field_errors() == [
        "The entry must be approved before it is paid."
    ]
    assert 'value="GK-2"' in response.content.decode()


def test_cancel_through_the_page_and_a_revoked_title_is_flagged(client, city_officer, enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2026)
    entry.title.status = "revoked"
    entry.title.save()
    client.force_login(city_officer)
    page = client.get(reverse("rewards:entry", args=[entry.code]))
    assert "The title has been revoked. This entry has not been paid" in page.content.decode()
    empty = client.post(reverse("rewards:entry_cancel", args=[entry.code]), {"reason": ""})
    assert empty.status_code == 400
    done = client.post(reverse("rewards:entry_cancel", args=[entry.code]), {"reason": "称号已撤销"})
    assert done.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.cancel_reason) == ("cancelled", "称号已撤销")


def test_an_entry_without_a_rate_says_so_and_offers_recalculation(client, city_officer, enterprise):
    entry = grant(enterprise, "national", 2026)
    client.force_login(city_officer)
    page = client.get(reverse("rewards:entry", args=[entry.code]))
    assert "No reward rate is set for this level and year." in page.content.decode()
    assert page.context["can_recalculate"] is True
    default_rates()
    client.post(reverse("rewards:entry_recalculate", args=[entry.code]))
    entry.refresh_from_db()
    assert entry.amount_due == D("500000.00")


def test_city_officers_set_rates_and_see_refusals(client, city_officer):
    default_rates()
    client.force_login(city_officer)
    page = client.get(reverse("rewards:rates"))
    assert len(page.context["rates"]) == 3
    ok = client.post(
        reverse("rewards:rates"),
        {"level": "city", "year_from": "2027", "amount": "250000", "source": "常工信〔2026〕9号"},
    )
    assert ok.status_code == 302
    refused = client.post(
        reverse("rewards:rates"),
        {"level": "city", "year_from": "2025", "amount": "1", "source": "x"},
    )
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == [
        "A rate from 2027 already follows; rates are added in year order."
    ]


# ---- the export ------------------------------------------------------------------------------


def test_export_is_queued_for_a_year_and_listed(client, city_officer, enterprise):
    default_rates()
    grant(enterprise, "city", 2026)
    client.force_login(city_officer)
    response = client.post(reverse("rewards:export"), {"year": "2026"})
    assert response["Location"] == reverse("rewards:ledger") + "?year=2026"
    job = ExportJob.objects.get(kind=LEDGER_EXPORT)
    assert (job.params, job.requested_by) == ({"year": 2026}, city_officer)
    page = client.get(reverse("rewards:ledger"))
    assert list(page.context["exports"]) == [job]
    assert reverse("core:export_status", args=[job.code]) in page.content.decode()
    wrong = client.post(reverse("rewards:export"), {"year": "1999"}, follow=True)
    assert "Choose a year that has ledger entries." in wrong.content.decode()
    assert ExportJob.objects.count() == 1


# ---- query counts ----------------------------------------------------------------------------


@pytest.mark.queries
def test_the_ledger_costs_the_same_for_1_and_many(client, city_officer):
    default_rates()
    creator = city_user("creator")
    grant(EnterpriseFactory(), "city", 2026, actor=creator)
    client.force_login(city_officer)
    url = reverse("rewards:ledger")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["page"]) == 1
    for n in range(4):
        entry = grant(EnterpriseFactory(district=region("320411")), "city", 2026, actor=creator)
        if n % 2:
            approve_entry(entry, actor=city_officer)
    ExportJob.objects.create(kind=LEDGER_EXPORT, requested_by=city_officer, params={"year": 2026})
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["page"]) == 5
    assert len(many) == len(one)


@pytest.mark.queries
def test_the_rates_page_costs_the_same_for_1_and_many(client, city_officer):
    client.force_login(city_officer)
    RewardRate.objects.create(
        region=city_officer.region, level="city", year_from=2019, amount=1, source="a"
    )
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("rewards:rates"))
    default_rates()
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("rewards:rates"))
    assert len(page.context["rates"]) == 3
    assert len(many) == len(one)


@time_machine.travel("2026-12-10 10:00 +08:00", tick=False)
def test_a_wrong_state_is_told_before_the_permission(client, district_officer, enterprise):
    """The workflow table first, then the permission: a district officer (who sees the entry
    but may not approve it) is told an approved entry is approved (302 with the message; 403
    before the engine), and still gets 403 on a due one."""
    default_rates()
    due = grant(enterprise, "city", 2026, actor=city_user("creator"))
    approved = grant(enterprise, "provincial", 2026, actor=city_user("creator2"))
    approve_entry(approved, actor=city_user("approver"))
    client.force_login(district_officer)
    assert client.post(reverse("rewards:entry_approve", args=[due.code])).status_code == 403
    with translation.override("en"):
        told = client.post(
            reverse("rewards:entry_approve", args=[approved.code]),
            follow=True,
            headers={"accept-language": "en"},
        )
    assert told.redirect_chain == [(reverse("rewards:entry", args=[approved.code]), 302)]
    assert "was already approved by" in told.content.decode()


@time_machine.travel("2026-12-10 10:00 +08:00", tick=False)
def test_the_approver_is_told_on_the_page_another_officer_registers_the_payment(
    client, city_officer, enterprise
):
    default_rates()
    entry = grant(enterprise, "city", 2026, actor=city_user("creator"))
    approve_entry(entry, actor=city_officer)
    client.force_login(city_officer)
    page = client.get(reverse("rewards:entry", args=[entry.code]))
    assert page.context["pay_problems"] == [
        "You approved this entry; another officer must register its payment."
    ]
    html = page.content.decode()
    assert "another officer must register its payment" in html
    assert reverse("rewards:entry_pay", args=[entry.code]) not in html
    client.force_login(city_user("finance"))
    other = client.get(reverse("rewards:entry", args=[entry.code]))
    assert other.context["pay_problems"] == []
    assert reverse("rewards:entry_pay", args=[entry.code]) in other.content.decode()


@time_machine.travel("2026-12-10 10:00 +08:00", tick=False)
def test_a_revoked_title_s_entry_is_refused_payment_at_the_form(client, city_officer, enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2026, actor=city_user("creator"))
    approve_entry(entry, actor=city_user("approver"))
    Title.objects.filter(pk=entry.title_id).update(status=TitleStatus.REVOKED)
    client.force_login(city_officer)
    answer = client.post(
        reverse("rewards:entry_pay", args=[entry.code]),
        {"reference": "GK-9", "paid_on": "2026-12-10"},
    )
    assert answer.status_code == 400
    [message] = answer.context["pay_form"].non_field_errors()
    assert message.startswith("The title has been revoked: its reward cannot be paid.")
    entry.refresh_from_db()
    assert entry.status == "approved"
