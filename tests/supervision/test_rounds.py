"""Rounds: the cohort, the draw and what it starts, refusals, the published redraw."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from greenfactory.applications.enums import ApplicationState
from greenfactory.core.models import AuditEvent
from greenfactory.programme.enums import BatchPurpose, BatchState
from greenfactory.supervision import sampling
from greenfactory.supervision.domain.cohort import cohort_titles
from greenfactory.supervision.domain.rounds import (
    RoundRefused,
    draw_sample,
    pick_title,
    publish_results,
    unpick_title,
)
from greenfactory.supervision.enums import CheckState, RoundState, SampleKind
from greenfactory.supervision.models import CohortEntry, SpotCheck, SpotCheckRound
from greenfactory.titles.enums import TitleStatus
from tests.factories import (
    EnterpriseFactory,
    ZeroCarbonBatchFactory,
    region,
    zero_carbon_system,
)

from .helpers import drawn_round, make_round, make_title

pytestmark = pytest.mark.django_db


def test_cohort_holds_valid_titles_not_granted_or_checked_for_three_years(city_officer):
    today = timezone.localdate()
    old = make_title(year=2019)
    recent = make_title(issued_on=today - timedelta(days=365))
    make_title(year=2019, status=TitleStatus.REVOKED)
    make_title(year=2019, level="provincial")
    elsewhere = make_title(EnterpriseFactory(district=region("320411")), year=2018)
    round_ = make_round(city_officer)
    cohort = cohort_titles(round_, today)
    assert old in cohort and elsewhere in cohort
    assert recent not in cohort
    assert len(cohort) == 2


def test_a_round_checks_the_titles_of_its_systems_programme(city_officer):
    """A round with the zero-carbon system draws zero-carbon titles only, against a zero-carbon
    reference batch, and opens a zero-carbon spot-check batch (decisions §72)."""
    green = make_title(year=2019)
    zero = make_title(year=2019, programme="zero_carbon")
    assert cohort_titles(make_round(city_officer), timezone.localdate()) == [green]
    # A round previewed before its system is chosen counts the green factory's titles.
    preview = SpotCheckRound(region=region("320400"), cohort_years=3, levels=["city"])
    assert cohort_titles(preview, timezone.localdate()) == [green]
    with pytest.raises(RoundRefused):
        make_round(city_officer, indicator_system=zero_carbon_system())
    round_ = make_round(
        city_officer,
        sample_count=1,
        indicator_system=zero_carbon_system(),
        reference_batch=ZeroCarbonBatchFactory(year=2019, state="published"),
    )
    assert cohort_titles(round_, timezone.localdate()) == [zero]
    round_ = draw_sample(round_, actor=city_officer, seed="zero0001")
    assert round_.batch.programme == "zero_carbon"
    assert [c.title for c in SpotCheck.objects.filter(round=round_)] == [zero]


def test_a_title_checked_recently_is_not_in_the_cohort(city_officer):
    first = drawn_round(city_officer, titles=1, n=1)
    check = first.checks.get()
    SpotCheck.objects.filter(pk=check.pk).update(state=CheckState.PASSED)
    check.title.status = TitleStatus.VALID
    check.title.save()
    later = make_round(city_officer)
    assert check.title not in cohort_titles(later, timezone.localdate())
    # Three years after that check it is in again.
    assert check.title in cohort_titles(later, timezone.localdate() + timedelta(days=3 * 366))


def test_draw_opens_the_batch_applications_and_checks(city_officer):
    round_ = drawn_round(city_officer, titles=5, n=3, seed="lottery-2026-118")
    assert round_.state == RoundState.DRAWN
    assert round_.seed == "lottery-2026-118"
    batch = round_.batch
    assert batch.purpose == BatchPurpose.SPOT_CHECK and batch.state == BatchState.OPEN
    assert batch.closes_at == round_.submission_deadline
    checks = list(round_.checks.select_related("title", "application"))
    assert len(checks) == 3
    for check in checks:
        assert check.kind == SampleKind.RANDOM
        assert check.title.status == TitleStatus.UNDER_CHECK
        assert check.application.batch == batch
        assert check.application.state == ApplicationState.DRAFT
        assert check.application.enterprise == check.title.enterprise
    assert CohortEntry.objects.filter(round=round_).count() == 5
    assert CohortEntry.objects.filter(round=round_, drawn=True).count() == 3
    event = AuditEvent.objects.filter(action="supervision.round.drawn").get()
    assert event.changes["seed"] == "lottery-2026-118"
    assert event.changes["cohort"] == 5


def test_published_cohort_redraws_the_same_sample(city_officer):
    round_ = drawn_round(city_officer, titles=9, n=4)
    entries = list(CohortEntry.objects.filter(round=round_))
    for entry in entries:
        assert entry.digest == sampling.digest(round_.seed, entry.ticket)
    redrawn = sampling.draw(
        [sampling.Ticket(e.ticket, e.stratum) for e in entries],
        seed=round_.seed,
        n=4,
        stratified=round_.stratified,
    )
    assert {t.key for t in redrawn} == {e.ticket for e in entries if e.drawn}
    checked = {c.title.certificate_number for c in round_.checks.select_related("title")}
    assert checked == {t.key for t in redrawn}


def test_stratified_round_draws_by_district(city_officer):
    round_ = drawn_round(city_officer, titles=6, n=3, stratified=True)
    strata = set(
        CohortEntry.objects.filter(round=round_, drawn=True).values_list("stratum", flat=True)
    )
    assert strata == {"320402", "320411", "320412"}


def test_sample_larger_than_the_cohort_is_refused_and_nothing_changes(city_officer):
    make_title()
    round_ = make_round(city_officer, sample_count=2)
    with pytest.raises(RoundRefused, match=r"[（(]2[)）].*[（(]1"):
        draw_sample(round_, actor=city_officer, seed="abcd1234")
    round_.refresh_from_db()
    assert round_.state == RoundState.DRAFT and round_.seed is None
    assert not SpotCheck.objects.exists() and not CohortEntry.objects.exists()


def test_a_seed_used_by_another_round_is_refused(city_officer):
    drawn_round(city_officer, titles=2, n=1, seed="same-seed")
    make_title()
    second = make_round(city_officer, sample_count=1)
    with pytest.raises(RoundRefused, match="same-seed"):
        draw_sample(second, actor=city_officer, seed="same-seed")
    second.refresh_from_db()
    assert second.state == RoundState.DRAFT


def test_a_round_is_drawn_once(city_officer):
    round_ = drawn_round(city_officer, titles=2, n=1)
    with pytest.raises(RoundRefused):
        draw_sample(round_, actor=city_officer, seed="another1")


@pytest.mark.parametrize("seed", ["abc", "has space", "x" * 65, "种子种子"])
def test_malformed_seed_is_refused(city_officer, seed):
    make_title()
    round_ = make_round(city_officer, sample_count=1)
    with pytest.raises(RoundRefused):
        draw_sample(round_, actor=city_officer, seed=seed)


def test_empty_seed_draws_a_random_one(city_officer):
    make_title()
    round_ = make_round(city_officer, sample_count=1)
    round_ = draw_sample(round_, actor=city_officer, seed="")
    assert len(round_.seed) == 16


def test_targeted_title_is_checked_beside_the_sample(city_officer):
    young = make_title(issued_on=timezone.localdate() - timedelta(days=200))
    make_title()
    make_title()
    round_ = make_round(city_officer, sample_count=1)
    pick_title(round_, young, actor=city_officer, reason="2025年度动态管理表未按期填报")
    round_ = draw_sample(round_, actor=city_officer, seed="target01")
    kinds = dict(round_.checks.values_list("title_id", "kind"))
    assert kinds[young.pk] == SampleKind.TARGETED
    assert sorted(kinds.values()) == [SampleKind.RANDOM, SampleKind.TARGETED]
    assert not CohortEntry.objects.filter(round=round_, title=young).exists()


def test_targeted_pick_needs_a_reason_a_valid_title_and_a_draft_round(city_officer):
    title = make_title()
    revoked = make_title(status=TitleStatus.REVOKED)
    round_ = make_round(city_officer, sample_count=1)
    with pytest.raises(RoundRefused):
        pick_title(round_, title, actor=city_officer, reason="  ")
    with pytest.raises(RoundRefused):
        pick_title(round_, revoked, actor=city_officer, reason="理由")
    pick = pick_title(round_, title, actor=city_officer, reason="理由")
    with pytest.raises(RoundRefused):
        pick_title(round_, title, actor=city_officer, reason="理由")
    unpick_title(pick, actor=city_officer)
    assert not round_.picks.exists()


def test_two_titles_of_one_enterprise_share_one_application(city_officer):
    enterprise = EnterpriseFactory()
    make_title(enterprise, level="city")
    make_title(enterprise, level="provincial", year=2020)
    round_ = make_round(city_officer, sample_count=2, levels=["city", "provincial"])
    round_ = draw_sample(round_, actor=city_officer, seed="shared01")
    applications = set(round_.checks.values_list("application_id", flat=True))
    assert len(applications) == 1


def test_only_city_officers_of_the_region_run_rounds(city_officer, district_officer):
    make_title()
    round_ = make_round(city_officer, sample_count=1)
    with pytest.raises(PermissionDenied):
        draw_sample(round_, actor=district_officer, seed="abcd1234")
    with pytest.raises(PermissionDenied):
        make_round(district_officer)


def test_publish_refused_while_a_check_has_no_outcome(city_officer):
    round_ = drawn_round(city_officer, titles=2, n=1)
    with pytest.raises(RoundRefused):
        publish_results(round_, actor=city_officer)
    round_.checks.update(state=CheckState.PASSED)
    round_ = publish_results(round_, actor=city_officer)
    assert round_.state == RoundState.PUBLISHED


def test_round_settings_are_checked(city_officer):
    with pytest.raises(RoundRefused):
        make_round(city_officer, sample_count=2, sample_ratio=0.5)
    with pytest.raises(RoundRefused):
        make_round(city_officer, submission_deadline=timezone.now() - timedelta(days=1))


def test_a_step_out_of_order_is_told_as_such_even_to_who_may_not_run_the_round(
    city_officer, district_officer
):
    """The engine's order: the round's table before the permission."""
    round_ = drawn_round(city_officer, titles=2, n=1)
    with translation.override("en"), pytest.raises(RoundRefused) as drawn:
        draw_sample(round_, actor=district_officer, seed="another1")
    assert str(drawn.value) == "The sample of this round has already been drawn."
    make_title()
    draft = make_round(city_officer, sample_count=1)
    with translation.override("en"), pytest.raises(RoundRefused) as early:
        publish_results(draft, actor=district_officer)
    assert str(early.value) == "Only a drawn round whose checks are decided can be published."
    with pytest.raises(PermissionDenied):
        publish_results(round_, actor=district_officer)
