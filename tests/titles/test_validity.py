"""Whether a title is in force on a day (``titles.domain.validity``): a title stands until
revoked unless its level sets a re-evaluation period; a passed spot check renews it; a revoked
title is out of force from its revocation date; the filter and the answer for one title agree."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.supervision.domain.checks import move_check
from greenfactory.supervision.domain.cohort import cohort_titles
from greenfactory.supervision.domain.rounds import RoundRefused, pick_title
from greenfactory.titles.domain.title_status import change_title_status, revoke_title
from greenfactory.titles.domain.titles import valid_until
from greenfactory.titles.domain.validity import (
    Standing,
    ValidityPolicyRefused,
    in_force_q,
    renewal_due_by,
    set_validity_policy,
    term_for,
    title_standing,
)
from greenfactory.titles.enums import TitleLevel, TitleStatus
from greenfactory.titles.models import Title, ValidityPolicy
from tests.factories import RevokedTitleFactory, TitleFactory, title_moved
from tests.supervision.helpers import drawn_round, make_round

pytestmark = pytest.mark.django_db


def agrees(title: Title, day: date) -> bool:
    """The answer for one title and the filter say the same; returns whether it is in force."""
    standing = title_standing(title, day)
    listed = Title.objects.filter(in_force_q(day), pk=title.pk).exists()
    assert standing.in_force == listed, (title, day, standing)
    return standing.in_force


def set_period(level: str, years: int | None) -> None:
    ValidityPolicy.objects.update_or_create(level=level, defaults={"reevaluation_years": years})


def test_every_level_stands_until_revoked_by_default():
    assert {p.level: p.reevaluation_years for p in ValidityPolicy.objects.all()} == {
        TitleLevel.CITY: None,
        TitleLevel.PROVINCIAL: None,
        TitleLevel.NATIONAL: None,
    }
    assert all(p.source for p in ValidityPolicy.objects.all())
    assert valid_until(date(2019, 12, 1)) is None


def test_a_title_of_a_level_without_period_is_in_force_until_revoked():
    title = TitleFactory(year=2019, issued_on=date(2019, 12, 1))
    assert title.valid_until is None
    assert not agrees(title, date(2019, 11, 30))
    for day in (date(2019, 12, 1), date(2022, 12, 1), date(2026, 12, 6), date(2045, 1, 1)):
        assert agrees(title, day)
    with translation.override("en"):
        standing = title_standing(title, date(2026, 12, 6))
        assert (standing.code, standing.label, standing.due_by) == (
            Standing.IN_FORCE,
            "In force",
            None,
        )
    assert standing.reason == "In force: under dynamic management until revoked (no fixed expiry)."


def test_under_check_and_rectifying_are_in_force_and_say_so():
    title = TitleFactory(year=2019)
    title_moved(title, TitleStatus.UNDER_CHECK)
    assert agrees(title, date(2026, 12, 6))
    with translation.override("en"):
        assert title_standing(title).reason.endswith("A spot check is under way.")
    title_moved(title, TitleStatus.RECTIFYING)
    assert agrees(title, date(2026, 12, 6))


def test_a_level_with_a_period_lapses_after_it(time_machine):
    set_period(TitleLevel.CITY, 3)
    assert term_for(TitleLevel.CITY).due_by(date(2026, 12, 1)) == date(2029, 11, 30)
    assert term_for(TitleLevel.CITY).due_by(date(2028, 2, 29)) == date(2031, 2, 28)
    assert term_for(TitleLevel.NATIONAL).due_by(date(2026, 12, 1)) is None
    title = TitleFactory(
        year=2026, issued_on=date(2026, 12, 1), valid_until=valid_until(date(2026, 12, 1))
    )
    assert title.valid_until == date(2029, 11, 30)
    assert agrees(title, date(2029, 11, 30))
    assert not agrees(title, date(2029, 12, 1))
    with translation.override("en"):
        lapsed = title_standing(title, date(2029, 12, 1))
        assert (lapsed.code, lapsed.label, lapsed.due_by) == (
            Standing.LAPSED,
            "Lapsed",
            date(2029, 11, 30),
        )
    assert "2029-11-30" in lapsed.reason


def test_a_passed_spot_check_renews_a_title_of_a_level_with_a_period(time_machine, city_officer):
    set_period(TitleLevel.CITY, 3)
    title = TitleFactory(year=2026, issued_on=date(2026, 12, 1), valid_until=date(2029, 11, 30))
    time_machine.move_to("2029-06-10 10:00 +08:00")
    change_title_status(title, TitleStatus.UNDER_CHECK, actor=city_officer)
    change_title_status(title, TitleStatus.VALID, actor=city_officer, reason="抽检合格")
    assert title.valid_until == date(2032, 6, 9)
    title.refresh_from_db()
    assert title.valid_until == date(2032, 6, 9)
    assert agrees(title, date(2031, 1, 1))
    assert not agrees(title, date(2032, 6, 10))
    entry = title.status_changes.last()
    assert entry.to_status == TitleStatus.VALID


def test_a_passed_check_without_a_period_leaves_the_title_standing(time_machine, city_officer):
    title = TitleFactory(year=2019)
    time_machine.move_to("2026-06-10 10:00 +08:00")
    change_title_status(title, TitleStatus.UNDER_CHECK, actor=city_officer)
    change_title_status(title, TitleStatus.VALID, actor=city_officer)
    title.refresh_from_db()
    assert title.valid_until is None
    assert agrees(title, date(2040, 1, 1))


def test_a_renewal_never_shortens_the_term():
    set_period(TitleLevel.CITY, 1)
    title = TitleFactory(valid_until=date(2030, 1, 1))
    assert renewal_due_by(title, date(2026, 12, 6)) == date(2030, 1, 1)
    assert renewal_due_by(title, date(2029, 12, 6)) == date(2030, 12, 5)


def test_a_revoked_title_is_not_in_force_from_its_revocation_date(time_machine, city_officer):
    title = TitleFactory(year=2019, issued_on=date(2019, 12, 1))
    time_machine.move_to("2025-03-10 10:00 +08:00")
    revoke_title(title, actor=city_officer, reason="抽检不合格")
    assert title.revoked_on == date(2025, 3, 10)
    title.refresh_from_db()
    assert title.revoked_on == date(2025, 3, 10)
    assert agrees(title, date(2025, 3, 9))
    assert not agrees(title, date(2025, 3, 10))
    assert not agrees(title, date(2026, 12, 6))
    with translation.override("en"):
        standing = title_standing(title, date(2026, 12, 6))
        assert (standing.code, standing.label, standing.reason) == (
            Standing.REVOKED,
            "Revoked",
            "Revoked on 2025-03-10.",
        )


def test_a_revoked_title_without_a_recorded_date_is_never_in_force():
    title = TitleFactory(year=2019)
    Title.objects.filter(pk=title.pk).update(status=TitleStatus.REVOKED)
    title.refresh_from_db()
    assert not agrees(title, date(2020, 1, 1))


def test_the_factory_revokes_today_unless_told():
    assert not agrees(RevokedTitleFactory(year=2019), timezone.localdate())
    earlier = RevokedTitleFactory(year=2019, revoked_on=date(2021, 5, 1))
    assert agrees(earlier, date(2021, 4, 30))
    assert not agrees(earlier, date(2021, 5, 1))


def test_the_database_keeps_the_dates_sensible():
    title = TitleFactory(year=2019, issued_on=date(2019, 12, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Title.objects.filter(pk=title.pk).update(valid_until=date(2019, 11, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Title.objects.filter(pk=title.pk).update(revoked_on=date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ValidityPolicy.objects.filter(level=TitleLevel.CITY).update(reevaluation_years=0)


# ---- the page of the policies -------------------------------------------------------------


def test_a_city_officer_sets_a_period_with_its_source_and_it_is_audited(client, city_officer):
    client.force_login(city_officer)
    url = reverse("titles:validity")
    page = client.get(url)
    assert [policy.level for policy, _form in page.context["rows"]] == [
        TitleLevel.CITY,
        TitleLevel.PROVINCIAL,
        TitleLevel.NATIONAL,
    ]
    response = client.post(
        url,
        {"level": "city", "city-reevaluation_years": "3", "city-source": "市工信局通知"},
    )
    assert response.status_code == 302
    policy = ValidityPolicy.objects.get(level=TitleLevel.CITY)
    assert (policy.reevaluation_years, policy.source, policy.updated_by) == (
        3,
        "市工信局通知",
        city_officer,
    )
    event = AuditEvent.objects.get(action="titles.validity_policy.changed")
    assert (event.actor, event.changes["reevaluation_years"]) == (city_officer, [None, 3])
    assert valid_until(date(2026, 12, 1)) == date(2029, 11, 30)
    client.post(url, {"level": "city", "city-reevaluation_years": "", "city-source": "撤销前有效"})
    assert ValidityPolicy.objects.get(level=TitleLevel.CITY).reevaluation_years is None


@pytest.mark.parametrize(
    ("years", "source", "field"),
    [
        ("0", "通知", "reevaluation_years"),
        ("11", "通知", "reevaluation_years"),
        ("3", "", "source"),
    ],
)
def test_a_bad_period_or_a_missing_source_is_refused_and_what_was_typed_kept(
    client, city_officer, years, source, field
):
    client.force_login(city_officer)
    response = client.post(
        reverse("titles:validity"),
        {"level": "national", "national-reevaluation_years": years, "national-source": source},
    )
    assert response.status_code == 400
    form = dict((p.level, f) for p, f in response.context["rows"])["national"]
    assert field in form.errors
    assert form["reevaluation_years"].value() == years
    assert ValidityPolicy.objects.get(level=TitleLevel.NATIONAL).reevaluation_years is None


def test_the_domain_refuses_anyone_but_a_city_officer_and_a_bad_period(
    city_officer, district_officer
):
    with pytest.raises(PermissionDenied):
        set_validity_policy("city", actor=district_officer, reevaluation_years=3, source="x")
    with translation.override("en"), pytest.raises(ValidityPolicyRefused) as caught:
        set_validity_policy("city", actor=city_officer, reevaluation_years=20, source="x")
    assert str(caught.value) == "A re-evaluation period is 1 to 10 years, or empty."
    assert not AuditEvent.objects.filter(action="titles.validity_policy.changed").exists()


@pytest.mark.parametrize("persona", ["district_officer", "enterprise_user", "assigned_expert"])
def test_only_city_officers_change_the_policy(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("titles:validity"),
        {"level": "city", "city-reevaluation_years": "3", "city-source": "x"},
    )
    assert response.status_code == 403
    assert ValidityPolicy.objects.get(level=TitleLevel.CITY).reevaluation_years is None


def test_the_page_reads_the_same_queries_however_often_it_was_changed(client, city_officer):
    client.force_login(city_officer)
    url = reverse("titles:validity")
    client.get(url)
    with CaptureQueriesContext(connection) as once:
        client.get(url)
    for level in ("city", "provincial", "national"):
        set_validity_policy(level, actor=city_officer, reevaluation_years=3, source="通知")
    with CaptureQueriesContext(connection) as changed:
        client.get(url)
    assert len(changed) == len(once)


# ---- through the spot check ---------------------------------------------------------------


def test_a_spot_check_decided_passed_renews_the_title_of_a_level_with_a_period(city_officer):
    """The decision of the spot check (``supervision.move_check``) moves the title under check →
    valid, and that move renews it."""
    round_ = drawn_round(city_officer, titles=1, n=1)
    check = round_.checks.select_related("title").get()
    today = timezone.localdate()
    Title.objects.filter(pk=check.title_id).update(valid_until=today + timedelta(days=30))
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.AUDITED)
    set_period(TitleLevel.CITY, 3)
    check.refresh_from_db()
    move_check(check, "passed", actor=city_officer, reason="现场复核合格，三年总结随后补交。")
    title = Title.objects.get(pk=check.title_id)
    assert title.status == TitleStatus.VALID
    assert title.valid_until == term_for(TitleLevel.CITY).due_by(today)
    assert agrees(title, today + timedelta(days=365 * 2))


def test_a_lapsed_title_is_neither_drawn_nor_picked_for_a_spot_check(city_officer):
    standing = TitleFactory(year=2019)
    lapsed = TitleFactory(year=2019, valid_until=date(2022, 11, 30))
    round_ = make_round(city_officer)
    assert set(cohort_titles(round_, timezone.localdate())) == {standing}
    with pytest.raises(RoundRefused):
        pick_title(round_, lapsed, actor=city_officer, reason="举报")
