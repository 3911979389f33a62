"""The filing's steps, its table of moves, its flags and who must file."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from greenfactory.applications.domain.figures import record_figures
from greenfactory.core.models import AuditEvent
from greenfactory.filings.domain.filings import (
    MOVES,
    FilingProblems,
    FilingRefused,
    StaleEdit,
    accept_filing,
    open_filing,
    return_filing,
    save_filing,
    set_filing_settings,
    submit_filing,
    transition,
)
from greenfactory.filings.domain.queries import due_rows, flagged_titles, rules_for
from greenfactory.filings.enums import FilingState, FlagCode
from greenfactory.filings.models import AnnualFiling
from greenfactory.notifications.models import Notification
from tests.factories import region

from .conftest import filed, good_data, grant

pytestmark = pytest.mark.django_db


def test_open_save_submit_accept(filing, enterprise_user, district_officer):
    assert filing.state == FilingState.DRAFT
    assert filing.revision == 1
    submitted = submit_filing(filing, actor=enterprise_user)
    assert submitted.state == FilingState.SUBMITTED
    assert submitted.flags == []
    assert submitted.submitted_by == enterprise_user
    assert Notification.objects.filter(recipient=district_officer).count() == 1
    accepted = accept_filing(submitted, actor=district_officer)
    assert accepted.state == FilingState.ACCEPTED
    assert accepted.reviewed_by == district_officer
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="filings.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "filings.filing.opened",
        "filings.filing.saved",
        "filings.filing.submitted",
        "filings.filing.accepted",
    ]
    assert [c.to_state for c in accepted.status_changes.all()] == ["submitted", "accepted"]


def test_the_figures_are_the_applications(filing, batch):
    figures = record_figures(filing, batch)
    assert figures["comprehensive_energy"].value.quantize(D("0.1")) == D("122.9")
    assert figures["unit_product_energy"].value.quantize(D("0.1")) == D("122.9")


def test_opening_twice_returns_the_same_filing(filing, enterprise_user):
    assert open_filing(2025, actor=enterprise_user) == filing
    assert AnnualFiling.objects.count() == 1


def test_only_factories_holding_a_title_then_file(enterprise_user, batch, enterprise):
    grant(enterprise, year=2025, batch=batch)
    with pytest.raises(FilingRefused, match="2024"):
        open_filing(2024, actor=enterprise_user)
    with pytest.raises(FilingRefused, match="2026"):
        open_filing(2026, actor=enterprise_user)
    assert open_filing(2025, actor=enterprise_user).year == 2025


def test_a_revoked_title_files_nothing(enterprise_user, batch, enterprise):
    grant(enterprise, batch=batch, status="revoked")
    with pytest.raises(FilingRefused):
        open_filing(2025, actor=enterprise_user)


def test_officers_may_not_open_or_save(filing, district_officer, other_enterprise_user):
    with pytest.raises(PermissionDenied):
        open_filing(2025, actor=district_officer)
    with pytest.raises(PermissionDenied):
        save_filing(filing, actor=other_enterprise_user, data=good_data(), revision=None)


def test_a_stale_page_is_refused(filing, enterprise_user):
    with translation.override("en"), pytest.raises(StaleEdit, match="saved this filing"):
        save_filing(filing, actor=enterprise_user, data=good_data(), revision=0)


def test_every_problem_is_listed(title, enterprise_user):
    filing = open_filing(2025, actor=enterprise_user)
    with pytest.raises(FilingProblems) as refusal:
        submit_filing(filing, actor=enterprise_user)
    assert len(refusal.value.problems) == 4
    filing.refresh_from_db()
    assert filing.state == FilingState.DRAFT


def test_a_submitted_filing_cannot_be_changed(filing, enterprise_user):
    submit_filing(filing, actor=enterprise_user)
    with translation.override("en"), pytest.raises(FilingRefused, match="no longer be changed"):
        save_filing(filing, actor=enterprise_user, data=good_data(), revision=None)


def test_return_needs_a_reason_and_reopens(filing, enterprise_user, district_officer):
    submit_filing(filing, actor=enterprise_user)
    with pytest.raises(FilingRefused):
        return_filing(filing, actor=district_officer, reason="  ")
    returned = return_filing(filing, actor=district_officer, reason="产量口径有误")
    assert returned.state == FilingState.RETURNED
    assert returned.return_reason == "产量口径有误"
    saved = save_filing(returned, actor=enterprise_user, data=good_data(), revision=None)
    again = submit_filing(saved, actor=enterprise_user)
    assert again.state == FilingState.SUBMITTED
    assert again.return_reason == ""


def test_only_the_district_of_the_factory_reviews(
    filing, enterprise_user, other_district_officer, city_officer
):
    submit_filing(filing, actor=enterprise_user)
    for officer in (other_district_officer, city_officer):
        with pytest.raises(PermissionDenied):
            accept_filing(filing, actor=officer)


ACTORS = {
    "submit": "enterprise_user",
    "review": "district_officer",
}


@pytest.mark.parametrize("start", list(FilingState))
@pytest.mark.parametrize("to", list(FilingState))
def test_only_the_tables_moves_pass(request, filing, start, to):
    AnnualFiling.objects.filter(pk=filing.pk).update(
        state=start, return_reason="x", adjustment="keep"
    )
    filing.refresh_from_db()
    move = MOVES.get((start, to))
    who = "enterprise_user" if to == FilingState.SUBMITTED else "district_officer"
    if move is not None and move.permission == "filings.city_review_filing":
        who = "city_officer"
    actor = request.getfixturevalue(who)
    if move is None:
        with pytest.raises(FilingRefused):
            transition(filing, to, actor=actor, reason="理由")
        return
    moved = transition(filing, to, actor=actor, reason="理由")
    assert moved.state == to


def test_flags_worse_than_benchmark_and_designation(title, enterprise_user, batch):
    # 300 t instead of 1 000 t: 409.7 kgce/t (benchmark 300) and about 1 900 kgCO₂/t (800).
    filing = filed(enterprise_user, data=good_data(output_quantity=D(300)))
    submitted = submit_filing(filing, actor=enterprise_user)
    codes = [(f["code"], f["params"].get("indicator")) for f in submitted.flags]
    assert codes == [
        (FlagCode.WORSE_THAN_BENCHMARK, "1.1.1"),
        (FlagCode.WORSE_THAN_BENCHMARK, "1.3.1"),
    ]
    flags = flagged_titles(region("320400"), 2025)
    assert list(flags) == [title.pk]
    with translation.override("en"):
        assert flags[title.pk][0].text == (
            "Energy per unit of product is 409.6667 kgce/t, worse than the benchmark value 300 "
            "of indicator 1.1.1."
        )


def test_worse_than_at_designation_by_more_than_the_tolerance(
    enterprise, enterprise_user, batch, city_officer
):
    from greenfactory.applications.models import Application, PerformanceYear

    application = Application.objects.create(batch=batch, enterprise=enterprise, state="approved")
    PerformanceYear.objects.create(
        application=application,
        year=2022,
        output_quantity=D(1000),
        output_unit="t",
        energy={"electricity": "900000"},
    )
    grant(enterprise, batch=batch).__class__.objects.filter(enterprise=enterprise).update(
        application=application
    )
    # 1 000 000 kWh against 900 000 kWh for the same output: 11.1 % more.
    submitted = submit_filing(filed(enterprise_user), actor=enterprise_user)
    assert [(f["code"], f["params"]["formula"]) for f in submitted.flags] == [
        (FlagCode.WORSE_THAN_DESIGNATION, "unit_product_energy"),
        (FlagCode.WORSE_THAN_DESIGNATION, "unit_product_carbon"),
    ]
    assert submitted.flags[0]["params"]["increase"] == "11.1111"
    # With a tolerance of 12 % the same figures pass.
    set_filing_settings(
        actor=city_officer,
        data={"deadline_month": 4, "deadline_day": 15, "tolerance_percent": D(12)},
    )
    AnnualFiling.objects.filter(pk=submitted.pk).update(state=FilingState.DRAFT)
    assert submit_filing(submitted, actor=enterprise_user).flags == []


def test_not_filed_by_the_deadline(title, other_filing, other_enterprise_user, other_title):
    assert flagged_titles(region("320400"), 2025) == {}
    with time_machine.travel(date(2026, 4, 16), tick=False):
        flags = flagged_titles(region("320400"), 2025)
        assert set(flags) == {title.pk, other_title.pk}
        assert flags[title.pk][0].params == {"deadline": "2026-04-15", "submitted": ""}
        submit_filing(other_filing, actor=other_enterprise_user)
        late = flagged_titles(region("320400"), 2025)[other_title.pk][0]
        assert late.code == FlagCode.NOT_FILED
        assert late.params["submitted"] == "2026-04-16"


def test_filed_in_time_is_not_flagged(filing, enterprise_user, title):
    submit_filing(filing, actor=enterprise_user)
    with time_machine.travel(date(2026, 5, 1), tick=False):
        assert flagged_titles(region("320400"), 2025) == {}


def test_the_deadline_is_data(city_officer, district_officer):
    assert rules_for(region("320412")).deadline(2025) == date(2026, 4, 15)
    set_filing_settings(
        actor=city_officer,
        data={"deadline_month": 5, "deadline_day": 31, "tolerance_percent": D(10)},
    )
    assert rules_for(region("320412")).deadline(2025) == date(2026, 5, 31)
    with pytest.raises(PermissionDenied):
        set_filing_settings(
            actor=district_officer,
            data={"deadline_month": 5, "deadline_day": 31, "tolerance_percent": D(10)},
        )
    assert AuditEvent.objects.filter(action="filings.settings.changed").count() == 1


def test_who_must_file(batch):
    from .conftest import factory_with_title

    factory_with_title("320412", batch)
    factory_with_title("320411", batch)
    later, _user = factory_with_title("320412", batch)
    later.titles.update(year=2026)
    rows = due_rows(region("320412"), 2025)
    assert len(rows) == 1
    assert len(due_rows(region("320400"), 2025)) == 2
