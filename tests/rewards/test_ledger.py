"""The rewards ledger: entries made when titles are granted, the rule across levels and
back-dated imports (amounts computed by hand from DOMAIN §9's defaults: city 200 000,
provincial 300 000, national 500 000), and the steps due → approved → paid / cancelled."""

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from greenfactory.core.models import AuditEvent
from greenfactory.rewards.domain.ledger import (
    MOVES,
    LedgerRefused,
    PaymentRefused,
    approve_entry,
    cancel_entry,
    create_entry,
    pay_entry,
    recalculate_entry,
)
from greenfactory.rewards.domain.rates import (
    DEFAULT_SOURCE,
    RateRefused,
    load_default_rates,
    rate_for,
    set_rate,
)
from greenfactory.rewards.enums import LedgerStatus
from greenfactory.rewards.models import LedgerEntry, RewardRate
from greenfactory.titles.enums import TitleSource, TitleStatus
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, region
from tests.recognition.designation_helpers import designated_batch

from .helpers import changzhou, city_user, default_rates, grant

pytestmark = pytest.mark.django_db

NOW = "2026-12-10 10:00 +08:00"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def figures(entry):
    return (entry.rate_amount, entry.deducted, entry.amount_due)


def actions():
    return list(
        AuditEvent.objects.filter(action__startswith="rewards.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# ---- the rule ------------------------------------------------------------------------------


def test_default_rates_are_marked_as_demo_defaults():
    made = default_rates()
    assert [(r.level, r.year_from, r.year_to, r.amount) for r in made] == [
        ("city", 2019, None, D("200000.00")),
        ("provincial", 2019, None, D("300000.00")),
        ("national", 2019, None, D("500000.00")),
    ]
    assert all(rate.source == DEFAULT_SOURCE and "演示默认值" in rate.source for rate in made)
    assert load_default_rates(changzhou()) == []  # once only
    assert actions() == ["rewards.rate.defaults_loaded"]


def test_city_then_provincial_then_national_pays_each_difference(enterprise):
    default_rates()
    city = grant(enterprise, "city", 2019)
    provincial = grant(enterprise, "provincial", 2021)
    national = grant(enterprise, "national", 2024)
    assert figures(city) == (D("200000.00"), D("0.00"), D("200000.00"))
    assert figures(provincial) == (D("300000.00"), D("200000.00"), D("100000.00"))
    assert figures(national) == (D("500000.00"), D("300000.00"), D("200000.00"))
    assert [d["entry"] for d in national.deductions] == [city.code, provincial.code]
    assert national.deductions[1] == {
        "entry": provincial.code,
        "level": "provincial",
        "year": 2021,
        "amount": "100000.00",
    }
    assert (national.level, national.year, national.status) == ("national", 2024, "due")
    assert national.rate == RewardRate.objects.get(level="national")


def test_a_zero_carbon_title_has_no_rate_yet_and_is_apart_from_the_green_ladder(enterprise):
    """The rates are the green factory's; a zero-carbon title's entry waits for a rate and is
    neither deducted from nor deducts the green factory's titles (decisions §72)."""
    default_rates()
    city = grant(enterprise, "city", 2019)
    zero = grant(enterprise, "city", 2026, programme="zero_carbon")
    assert zero.rate is None and zero.deductions == []
    assert zero.status == "due"
    provincial = grant(enterprise, "provincial", 2027)
    assert [d["entry"] for d in provincial.deductions] == [city.code]
    assert figures(provincial) == (D("300000.00"), D("200000.00"), D("100000.00"))


def test_back_dated_national_title_imported_after_a_later_city_title(enterprise):
    """The city title of 2024 is paid in full; the national title of 2022, imported later,
    pays the difference: 500 000 − 200 000."""
    default_rates()
    city = grant(enterprise, "city", 2024, source=TitleSource.DESIGNATED)
    national = grant(enterprise, "national", 2022)
    assert figures(city) == (D("200000.00"), D("0.00"), D("200000.00"))
    assert figures(national) == (D("500000.00"), D("200000.00"), D("300000.00"))


def test_a_lower_title_after_a_higher_one_is_due_nothing(enterprise):
    """National imported first (500 000): a city title designated afterwards adds nothing, so
    the enterprise receives 500 000 whichever title came first."""
    default_rates()
    national = grant(enterprise, "national", 2021)
    city = grant(enterprise, "city", 2024, source=TitleSource.DESIGNATED)
    assert figures(national) == (D("500000.00"), D("0.00"), D("500000.00"))
    assert figures(city) == (D("200000.00"), D("500000.00"), D("0.00"))
    assert city.amount_due + national.amount_due == D("500000.00")


def test_provincial_first_then_city_then_national(enterprise):
    default_rates()
    provincial = grant(enterprise, "provincial", 2022)
    city = grant(enterprise, "city", 2023)
    national = grant(enterprise, "national", 2025)
    assert [e.amount_due for e in (provincial, city, national)] == [
        D("300000.00"),
        D("0.00"),
        D("200000.00"),
    ]
    assert [d["entry"] for d in national.deductions] == [provincial.code]  # 0 is not listed


def test_a_second_title_of_the_same_level_is_not_paid_twice(enterprise):
    default_rates()
    first = grant(enterprise, "city", 2019)
    again = grant(enterprise, "city", 2023)
    assert (first.amount_due, again.amount_due) == (D("200000.00"), D("0.00"))


def test_other_enterprises_are_not_deducted(enterprise, other_enterprise):
    default_rates()
    grant(other_enterprise, "city", 2019)
    assert grant(enterprise, "provincial", 2021).amount_due == D("300000.00")


def test_each_title_uses_the_rate_of_its_own_year(enterprise):
    default_rates()
    officer = city_user("rates")
    set_rate(
        actor=officer,
        level="national",
        year_from=2025,
        amount=D("600000"),
        source="常工信〔2025〕1号",
    )
    city = grant(enterprise, "city", 2020)
    old_national = grant(EnterpriseFactory(), "national", 2024)
    national = grant(enterprise, "national", 2025)
    assert old_national.rate_amount == D("500000.00")
    assert figures(national) == (D("600000.00"), D("200000.00"), D("400000.00"))
    assert city.amount_due == D("200000.00")


def test_a_rate_lower_than_what_was_received_pays_nothing(enterprise):
    officer = city_user("rates")
    set_rate(actor=officer, level="city", year_from=2019, amount=D("200000"), source="A")
    set_rate(actor=officer, level="national", year_from=2019, amount=D("150000"), source="B")
    grant(enterprise, "city", 2019)
    assert figures(grant(enterprise, "national", 2020)) == (
        D("150000.00"),
        D("200000.00"),
        D("0.00"),
    )


def test_cancelled_entries_are_not_deducted(enterprise):
    default_rates()
    city = grant(enterprise, "city", 2019)
    cancel_entry(city, actor=city_user("c1"), reason="称号已撤销")
    assert grant(enterprise, "provincial", 2021).amount_due == D("300000.00")


def test_the_most_specific_region_rate_applies(enterprise, other_enterprise):
    default_rates()
    wujin = region("320412")
    RewardRate.objects.create(
        region=wujin, level="city", year_from=2019, amount=D("250000"), source="武进区配套"
    )
    assert rate_for(enterprise.district, "city", 2020).region == wujin
    assert rate_for(other_enterprise.district, "city", 2020).region == changzhou()
    assert rate_for(enterprise.district, "city", 2018) is None
    assert grant(enterprise, "city", 2020).amount_due == D("250000.00")


def test_a_level_without_a_rate_makes_an_entry_of_0_to_recalculate(enterprise):
    officer, creator = city_user("c1"), city_user("c2")
    entry = grant(enterprise, "city", 2019, actor=creator)
    assert (entry.rate, *figures(entry)) == (None, None, D("0.00"), D("0.00"))
    with pytest.raises(LedgerRefused, match="No reward rate applies to this title yet"):
        approve_entry(entry, actor=officer)
    default_rates()
    entry = recalculate_entry(entry, actor=officer)
    assert figures(entry) == (D("200000.00"), D("0.00"), D("200000.00"))
    assert entry.recalculated_at is not None
    event = AuditEvent.objects.get(action="rewards.entry.recalculated")
    assert event.changes["amount_due"] == ["0.00", "200000.00"]
    assert approve_entry(entry, actor=officer).status == "approved"


def test_recalculation_does_not_deduct_the_entry_itself_and_keeps_the_total(enterprise):
    officer = city_user("c1")
    set_rate(actor=officer, level="provincial", year_from=2019, amount=D("300000"), source="A")
    city = grant(enterprise, "city", 2019)  # no city rate yet: 0
    provincial = grant(enterprise, "provincial", 2021)
    assert (city.amount_due, provincial.amount_due) == (D("0.00"), D("300000.00"))
    set_rate(actor=officer, level="city", year_from=2019, amount=D("200000"), source="B")
    city = recalculate_entry(city, actor=officer)
    assert figures(city) == (D("200000.00"), D("300000.00"), D("0.00"))
    provincial = recalculate_entry(provincial, actor=officer)
    assert provincial.amount_due == D("300000.00")


def test_recalculation_only_of_due_entries(enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2019)
    approve_entry(entry, actor=city_user("c1"))
    with pytest.raises(LedgerRefused, match="Only a due entry can be recalculated"):
        recalculate_entry(entry, actor=city_user("c2"))


# ---- entries made by the grant -------------------------------------------------------------


@time_machine.travel("2026-12-01 10:00 +08:00", tick=False)
def test_designation_creates_one_due_entry_per_title_in_its_transaction(city_officer):
    default_rates()
    first, second = EnterpriseFactory(), EnterpriseFactory()
    _batch, titles = designated_batch(city_officer, [first, second])
    entries = {e.title_id: e for e in LedgerEntry.objects.all()}
    assert sorted(entries) == sorted(t.pk for t in titles)
    for title in titles:
        entry = entries[title.pk]
        assert (entry.enterprise, entry.level, entry.year, entry.status) == (
            title.enterprise,
            "city",
            2026,
            "due",
        )
        assert figures(entry) == (D("200000.00"), D("0.00"), D("200000.00"))
        assert entry.created_by == city_officer
    created = AuditEvent.objects.filter(action="rewards.entry.created").order_by("seq")
    assert [e.changes["title"] for e in created] == [t.code for t in titles]
    assert created[0].changes["amount_due"] == "200000.00"
    designated = AuditEvent.objects.get(
        action="recognition.title.designated", object_id=titles[0].code
    )
    assert designated.seq + 1 == created[0].seq  # written in the granting transaction


def test_an_imported_list_makes_entries_with_the_importer_as_creator(city_officer):
    """A national title of 2023 imported after the enterprise's city title of 2025 was
    designated: 500 000 − 200 000 (back-dated import)."""
    from greenfactory.titles.domain.title_import import import_titles, preview_title_import
    from tests.titles.test_title_import import xlsx

    default_rates()
    wujin = EnterpriseFactory(district=region("320412"))
    city = grant(wujin, "city", 2025, actor=city_user("designator"))
    report = preview_title_import(
        xlsx([wujin.uscc, wujin.name, "国家级", 2023, "工信部2023", "第五批"]), actor=city_officer
    )
    [title] = import_titles(report.token, actor=city_officer)
    entry = title.ledger_entry
    assert figures(entry) == (D("500000.00"), D("200000.00"), D("300000.00"))
    assert [d["entry"] for d in entry.deductions] == [city.code]
    assert entry.created_by == city_officer


def test_a_failing_entry_undoes_the_grant(enterprise):
    """The receiver runs inside the grant: a title that cannot get its entry is not kept."""
    default_rates()
    entry = grant(enterprise, "city", 2019)
    with pytest.raises(LedgerRefused, match="already has a ledger entry"), transaction.atomic():
        Title.objects.create(
            enterprise=enterprise,
            level="provincial",
            year=2020,
            source=TitleSource.IMPORTED,
            issued_on=date(2020, 1, 1),
        )
        create_entry(entry.title, actor=None)
    assert not Title.objects.filter(level="provincial").exists()
    assert LedgerEntry.objects.count() == 1


def test_a_second_entry_for_the_same_title_is_impossible(enterprise):
    default_rates()
    entry = grant(enterprise, "city", 2019)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            title=entry.title,
            enterprise=enterprise,
            level="city",
            year=2019,
            amount_due=D("200000"),
        )
    assert LedgerEntry.objects.filter(title=entry.title).count() == 1


# ---- the steps ----------------------------------------------------------------------------


@pytest.fixture
def entry(enterprise):
    default_rates()
    return grant(enterprise, "city", 2026, actor=city_user("creator"))


@time_machine.travel(NOW, tick=False)
def test_approve_then_pay(entry, city_officer):
    payer = city_user("finance")
    approved = approve_entry(entry, actor=city_officer)
    assert (approved.status, approved.approved_by, approved.approved_at) == (
        "approved",
        city_officer,
        timezone.now(),
    )
    paid = pay_entry(entry, actor=payer, reference=" GK20261210-001 ", paid_on=date(2026, 12, 10))
    assert (paid.status, paid.paid_by, paid.paid_on, paid.payment_reference) == (
        "paid",
        payer,
        date(2026, 12, 10),
        "GK20261210-001",
    )
    assert actions()[-3:] == [
        "rewards.entry.created",
        "rewards.entry.approved",
        "rewards.entry.paid",
    ]
    event = AuditEvent.objects.get(action="rewards.entry.paid")
    assert event.changes == {
        "status": ["approved", "paid"],
        "amount_due": "200000.00",
        "reference": "GK20261210-001",
        "paid_on": "2026-12-10",
    }
    assert event.actor_username == "finance"


@time_machine.travel(NOW, tick=False)
def test_a_second_approval_is_refused_naming_the_first(entry, city_officer):
    approve_entry(entry, actor=city_officer)
    with pytest.raises(LedgerRefused) as refusal:
        approve_entry(entry, actor=city_user("other"))
    assert str(refusal.value) == (
        f"This entry was already approved by {city_officer} on Dec. 10, 2026."
    )
    entry.refresh_from_db()
    assert entry.approved_by == city_officer
    assert actions().count("rewards.entry.approved") == 1


def test_the_creator_may_not_approve(entry):
    with pytest.raises(LedgerRefused, match="You created this entry; another officer must"):
        approve_entry(entry, actor=entry.created_by)
    entry.refresh_from_db()
    assert entry.status == "due"


def test_the_database_refuses_an_approver_who_created_the_entry(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(
            status="approved", approved_by=entry.created_by, approved_at=timezone.now()
        )


def test_the_database_refuses_a_negative_amount(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_due=D("-1"))


def test_paying_before_approval_is_refused(entry, city_officer):
    with pytest.raises(LedgerRefused, match="must be approved before it is paid"):
        pay_entry(entry, actor=city_officer, reference="X1", paid_on=date(2026, 1, 1))
    entry.refresh_from_db()
    assert (entry.status, entry.paid_at) == ("due", None)


@time_machine.travel(NOW, tick=False)
def test_payment_checks(entry, city_officer):
    approve_entry(entry, actor=city_officer)
    payer = city_user("finance")
    with pytest.raises(LedgerRefused, match="Please give the payment reference"):
        pay_entry(entry, actor=payer, reference="  ", paid_on=date(2026, 12, 10))
    with pytest.raises(LedgerRefused, match="cannot be in the future"):
        pay_entry(entry, actor=payer, reference="X", paid_on=date(2026, 12, 11))
    with pytest.raises(LedgerRefused, match="cannot be before the approval"):
        pay_entry(entry, actor=payer, reference="X", paid_on=date(2026, 12, 9))
    pay_entry(entry, actor=payer, reference="X", paid_on=date(2026, 12, 10))
    with pytest.raises(LedgerRefused) as refusal:
        pay_entry(entry, actor=payer, reference="Y", paid_on=date(2026, 12, 10))
    assert str(refusal.value) == "This entry was already paid on Dec. 10, 2026 (reference X)."


def test_an_entry_of_0_is_approved_but_not_paid(enterprise, city_officer):
    default_rates()
    grant(enterprise, "national", 2021)
    zero = grant(enterprise, "city", 2024)
    approve_entry(zero, actor=city_officer)
    with pytest.raises(LedgerRefused, match=r"Nothing to pay: the amount due is 0\."):
        pay_entry(zero, actor=city_user("finance"), reference="X", paid_on=timezone.localdate())


def test_district_officers_and_other_regions_may_not_act(entry, district_officer):
    from greenfactory.accounts.enums import Role
    from greenfactory.accounts.models import Region
    from tests.factories import UserFactory

    suzhou = Region.objects.create(
        code="320500", name="苏州市", level="city", parent=region("320000")
    )
    outsider = UserFactory(username="suzhou", role=Role.CITY_OFFICER, region=suzhou)
    for actor in (district_officer, outsider):
        with pytest.raises(PermissionDenied):
            approve_entry(entry, actor=actor)
        with pytest.raises(PermissionDenied):
            cancel_entry(entry, actor=actor, reason="x")
        with pytest.raises(PermissionDenied):
            recalculate_entry(entry, actor=actor)
    entry.refresh_from_db()
    assert entry.status == "due"


def test_cancel_needs_a_reason_and_then_blocks_every_step(entry, city_officer):
    with pytest.raises(LedgerRefused, match="Please give the reason"):
        cancel_entry(entry, actor=city_officer, reason=" ")
    cancel_entry(entry, actor=city_officer, reason="认定有误")
    entry.refresh_from_db()
    assert (entry.status, entry.cancelled_by, entry.cancel_reason) == (
        "cancelled",
        city_officer,
        "认定有误",
    )
    with pytest.raises(LedgerRefused, match="This entry was cancelled: 认定有误"):
        approve_entry(entry, actor=city_officer)


@time_machine.travel(NOW, tick=False)
def test_a_revoked_title_cancels_an_unpaid_entry_and_keeps_a_paid_one(enterprise, city_officer):
    default_rates()
    unpaid = grant(enterprise, "city", 2019, actor=city_user("c1"))
    paid = grant(EnterpriseFactory(), "city", 2019, actor=city_user("c2"))
    approve_entry(unpaid, actor=city_officer)
    approve_entry(paid, actor=city_officer)
    pay_entry(paid, actor=city_user("finance"), reference="P1", paid_on=date(2026, 12, 10))
    Title.objects.filter(pk__in=[unpaid.title_id, paid.title_id]).update(status=TitleStatus.REVOKED)
    cancel_entry(unpaid, actor=city_officer, reason="抽检不合格，称号已撤销")
    with pytest.raises(LedgerRefused, match="A paid entry cannot be cancelled"):
        cancel_entry(paid, actor=city_officer, reason="抽检不合格，称号已撤销")
    paid.refresh_from_db()
    assert paid.status == "paid"


@time_machine.travel(NOW, tick=False)
def test_a_revoked_title_s_approved_entry_cannot_be_paid_but_can_be_cancelled(entry, city_officer):
    approve_entry(entry, actor=city_user("approver"))
    Title.objects.filter(pk=entry.title_id).update(status=TitleStatus.REVOKED)
    with pytest.raises(PaymentRefused) as refusal:
        pay_entry(entry, actor=city_officer, reference="GK-1", paid_on=date(2026, 12, 10))
    assert isinstance(refusal.value, LedgerRefused)
    assert str(refusal.value) == (
        "The title has been revoked: its reward cannot be paid. Cancel the entry, giving the "
        "revocation as the reason."
    )
    entry.refresh_from_db()
    assert (entry.status, entry.paid_by) == ("approved", None)
    cancel_entry(entry, actor=city_officer, reason="抽检不合格，称号已撤销")
    entry.refresh_from_db()
    assert entry.status == "cancelled"


@time_machine.travel(NOW, tick=False)
def test_the_approver_may_not_register_the_payment(entry, city_officer):
    approve_entry(entry, actor=city_officer)
    with pytest.raises(PaymentRefused) as refusal:
        pay_entry(entry, actor=city_officer, reference="GK-1", paid_on=date(2026, 12, 10))
    assert str(refusal.value) == (
        "You approved this entry; another officer must register its payment."
    )
    assert "rewards.entry.paid" not in actions()
    paid = pay_entry(
        entry, actor=city_user("finance"), reference="GK-1", paid_on=date(2026, 12, 10)
    )
    assert paid.status == "paid" and paid.paid_by.username == "finance"


STEPS = {
    LedgerStatus.APPROVED: lambda e, actor: approve_entry(e, actor=actor),
    LedgerStatus.PAID: lambda e, actor: pay_entry(
        e, actor=actor, reference="R", paid_on=timezone.localdate()
    ),
    LedgerStatus.CANCELLED: lambda e, actor: cancel_entry(e, actor=actor, reason="r"),
}


def put_in(entry, status, approver):
    fields = {"status": status}
    if status in (LedgerStatus.APPROVED, LedgerStatus.PAID):
        fields |= {"approved_by": approver, "approved_at": timezone.now() - timezone.timedelta(1)}
    if status == LedgerStatus.PAID:
        fields |= {
            "paid_at": timezone.now(),
            "paid_on": timezone.localdate(),
            "payment_reference": "P",
        }
    if status == LedgerStatus.CANCELLED:
        fields |= {"cancel_reason": "r", "cancelled_at": timezone.now()}
    LedgerEntry.objects.filter(pk=entry.pk).update(**fields)


@pytest.mark.parametrize(
    ("start", "to"), list(itertools.product(LedgerStatus.values, sorted(STEPS)))
)
def test_only_the_moves_of_the_table_pass(entry, city_officer, start, to):
    put_in(entry, start, city_user("approver"))
    if (start, to) in MOVES:
        assert STEPS[to](entry, city_officer).status == to
    else:
        with pytest.raises(LedgerRefused):
            STEPS[to](entry, city_officer)
        entry.refresh_from_db()
        assert entry.status == start


def test_the_table_is_the_documented_one():
    assert sorted(MOVES) == sorted(
        [
            ("due", "approved"),
            ("approved", "paid"),
            ("due", "cancelled"),
            ("approved", "cancelled"),
        ]
    )


# ---- rates --------------------------------------------------------------------------------


def test_a_new_rate_closes_the_running_one(city_officer):
    default_rates()
    rate = set_rate(
        actor=city_officer, level="city", year_from=2024, amount=D("250000"), source="新政策"
    )
    rows = list(
        RewardRate.objects.filter(level="city").values_list("year_from", "year_to", "amount")
    )
    assert rows == [(2019, 2023, D("200000.00")), (2024, None, D("250000.00"))]
    event = AuditEvent.objects.get(action="rewards.rate.set")
    assert event.changes["closed"] == [RewardRate.objects.get(year_from=2019, level="city").code]
    assert rate.created_by == city_officer


def test_rates_are_added_in_year_order_and_used_ones_are_kept(enterprise, city_officer):
    default_rates()
    set_rate(actor=city_officer, level="city", year_from=2024, amount=D("250000"), source="A")
    with pytest.raises(RateRefused, match="A rate from 2024 already follows"):
        set_rate(actor=city_officer, level="city", year_from=2022, amount=D("1"), source="B")
    replaced = set_rate(
        actor=city_officer, level="city", year_from=2024, amount=D("260000"), source="C"
    )
    assert (replaced.amount, replaced.source) == (D("260000.00"), "C")
    grant(enterprise, "city", 2024)
    with pytest.raises(RateRefused, match="Ledger entries already use the rate from 2024"):
        set_rate(actor=city_officer, level="city", year_from=2024, amount=D("1"), source="D")


def test_only_city_officers_set_rates(district_officer):
    with pytest.raises(PermissionDenied):
        set_rate(actor=district_officer, level="city", year_from=2024, amount=D("1"), source="x")
    assert not RewardRate.objects.exists()
