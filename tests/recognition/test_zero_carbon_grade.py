"""A zero-carbon round end to end on the one engine, and the grade its titles carry (decisions
§78): the enterprise keeps its carbon accounts, applies, is recommended by its district,
audited on site, reviewed by experts, ranked, decided, put on the notice and designated; the
carbon status rule grades it 零碳 or 近零碳 at the party group's decision, and the grade is in the
title's name everywhere. A factory of neither grade is not proposed and cannot be decided."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.domain.carbon.units import claim_units
from greenfactory.applications.domain.submission import submit_application
from greenfactory.applications.enums import UnitKind, UnitUse
from greenfactory.programme.domain.batches import move_batch
from greenfactory.programme.enums import BatchState, Programme, TitleGrade
from greenfactory.programme.programmes import terms
from greenfactory.recognition.domain.designation import DesignationRefused, designate_batch
from greenfactory.recognition.domain.notice import close_notice, publish_notice
from greenfactory.recognition.domain.ranking import (
    CarbonStatusUnmet,
    compute_ranking,
    propose_change,
    record_decision,
)
from greenfactory.recognition.domain.ranking_queries import reason_text
from greenfactory.recognition.forms.notice import notice_defaults
from greenfactory.recognition.models import PartyGroupDecision
from greenfactory.reviews.domain.audit import complete_site_audit, schedule_site_audit
from greenfactory.reviews.domain.district import recommend_application, save_district_review
from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.domain.expert_scores import complete_expert_review, submit_expert_scores
from greenfactory.titles.domain.certificate_pdf import title_heading
from greenfactory.titles.models import Title
from tests.factories import (
    CLEAN_CHECKLIST,
    DraftApplicationFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    ExpertFactory,
    ReviewedApplicationFactory,
    TitleFactory,
    ZeroCarbonBatchFactory,
    industry,
    region,
    scores_rows,
)
from tests.factories.carbon import CarbonInventoryFactory
from tests.recognition.designation_helpers import notice_for

pytestmark = pytest.mark.django_db
RETIRED = datetime.date(2026, 3, 31)


def near_zero_accounts(enterprise):
    """Baseline 2020: raw coal 500 000 kg × 1.9003 = 950.150 t. Year 2025: 100 000 kg × 1.9003
    = 190.030 t; reduction (950.150 − 190.030) ÷ 950.150 = 80.00 % ≥ 20 %; net 190.030 t =
    20.00 % of the baseline ≤ 50 %; no offsets: near-zero."""
    CarbonInventoryFactory(
        enterprise=enterprise, year=2020, is_baseline=True, energy={"raw_coal": "500000"}
    )
    return CarbonInventoryFactory(enterprise=enterprise, year=2025, energy={"raw_coal": "100000"})


def zero_accounts(user):
    """As ``near_zero_accounts``, and 191 CCER retired (191 t ≥ 190.030 t): net ≤ 0, offsets
    cover 100 % of the year's emissions: zero."""
    inventory = near_zero_accounts(user.enterprise)
    claim_units(
        inventory,
        actor=user,
        use=UnitUse.OFFSET,
        kind=UnitKind.CCER,
        first_serial="CCER-2025-00001",
        last_serial="CCER-2025-00191",
        retired_on=RETIRED,
    )
    return inventory


def not_yet_accounts(enterprise):
    """Baseline 2020: raw coal 500 000 kg; 2025: 450 000 kg, 10 % below: not yet near-zero."""
    CarbonInventoryFactory(
        enterprise=enterprise, year=2020, is_baseline=True, energy={"raw_coal": "500000"}
    )
    CarbonInventoryFactory(enterprise=enterprise, year=2025, energy={"raw_coal": "450000"})


# ---- end to end ---------------------------------------------------------------------------


def test_a_zero_carbon_round_from_submission_to_a_graded_title(
    client, city_officer, district_officer
):
    machinery = EnterpriseFactory(
        name="常州恒泰精密机械有限公司", industry=industry("34"), district=region("320412")
    )
    user = EnterpriseUserFactory(enterprise=machinery)
    near_zero_accounts(machinery)
    green = TitleFactory(enterprise=machinery, year=2024)
    green_before = Title.objects.filter(pk=green.pk).values().get()
    batch = ZeroCarbonBatchFactory(experts_per_application=3)

    # The enterprise applies; its district pre-reviews and recommends it.
    application = DraftApplicationFactory(batch=batch, enterprise=machinery, filled=True)
    application = submit_application(application, actor=user)
    assert application.state == "submitted"
    move_batch(batch, BatchState.CLOSED, actor=city_officer)
    save_district_review(application, actor=district_officer, data=CLEAN_CHECKLIST, comments={})
    application = recommend_application(application, actor=district_officer)
    move_batch(batch, BatchState.IN_REVIEW, actor=city_officer)

    # The joint on-site audit, then three experts' review.
    audit = schedule_site_audit(
        application,
        actor=city_officer,
        when=timezone.now() + datetime.timedelta(days=3),
        location="企业生产厂区",
        members=[city_officer, district_officer],
        lead=city_officer,
    )
    complete_site_audit(audit, actor=city_officer, conclusion="现场核查情况与申报材料一致。")
    experts = [ExpertFactory() for _ in range(3)]
    for assignment in assign_experts(application, experts, actor=city_officer):
        scores_rows(assignment, submitted=False)
        submit_expert_scores(assignment, actor=assignment.expert)
    complete_expert_review(application, actor=city_officer)

    # Ranking: the carbon status rule grades it near-zero, so it is proposed.
    ranking = compute_ranking(batch, actor=city_officer)
    [entry] = ranking.entries.all()
    assert (entry.eligible, entry.proposed) == (True, True)

    # The party group decides; the grade is fixed at the decision and published.
    decision = record_decision(
        batch,
        actor=city_officer,
        meeting_on=timezone.localdate(),
        minutes_reference="市工信局党组会议纪要〔2026〕第15期",
        decided={},
    )
    assert [(e.included, e.grade) for e in decision.entries.all()] == [(True, TitleGrade.NEAR_ZERO)]
    texts = notice_defaults(batch)
    assert "零碳（近零碳）工厂" in texts["body"]
    notice = publish_notice(
        batch,
        actor=city_officer,
        title=texts["title"],
        body=texts["body"],
        how_to_object=texts["how_to_object"],
        starts_on=timezone.localdate(),
    )
    [published] = notice.entries.all()
    assert (published.grade, published.grade_name) == (TitleGrade.NEAR_ZERO, "近零碳工厂")
    page = client.get(reverse("recognition:notice", args=[notice.code]))
    assert page.status_code == 200 and "近零碳工厂" in page.text

    # After the notice period: closed, designated; read on the day of designation.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
        close_notice(notice, actor=city_officer)
        [title] = designate_batch(batch, actor=city_officer)
        check_the_graded_title(client, title, green, green_before)


def check_the_graded_title(client, title, green, green_before):
    """The title's grade and name on the registry's reads, the API and the open data."""
    assert (title.programme, title.grade) == (Programme.ZERO_CARBON, TitleGrade.NEAR_ZERO)
    assert title.certificate_number.startswith("LT320400-2026-C0001-")
    assert title_heading(title) == title.proper_name == "常州市近零碳工厂"
    with translation.override("en"):
        assert title.title_name == "City-level near-zero-carbon factory"
    # The green factory's title of the same factory is untouched.
    assert Title.objects.filter(pk=green.pk).values().get() == green_before
    assert green.certificate_number.startswith("GF")

    # The public API and the open data carry the grade and the name.
    rows = client.get(reverse("api:title_list"), {"programme": Programme.ZERO_CARBON}).json()
    assert [(r["grade"], r["name"]) for r in rows["results"]] == [
        (TitleGrade.NEAR_ZERO, "常州市近零碳工厂")
    ]
    data = client.get(reverse("titles:open_data", args=["json"]))
    opened = {r["certificate_number"]: r for r in json.loads(b"".join(data.streaming_content))}
    graded, plain = opened[title.certificate_number], opened[green.certificate_number]
    assert (graded["grade"], graded["title_name"]) == ("near_zero", "常州市近零碳工厂")
    assert (plain["grade"], plain["title_name"]) == ("", "绿色工厂")
    # The verification page names the grade.
    with translation.override("en"):
        page = client.get(
            reverse("titles:verify_number", args=[title.certificate_number]),
            headers={"accept-language": "en"},
        )
    assert "City-level near-zero-carbon factory" in page.text


# ---- the grade at the ranking, the decision and the designation ------------------------------


def reviewed_zero_carbon(batch, enterprise):
    return ReviewedApplicationFactory(batch=batch, enterprise=enterprise)


def test_a_factory_of_neither_grade_is_not_proposed_and_cannot_be_decided(city_officer):
    batch = ZeroCarbonBatchFactory(state=BatchState.IN_REVIEW)
    graded = EnterpriseFactory(name="江苏天宁电子科技有限公司", industry=industry("39"))
    near_zero_accounts(graded)
    short = EnterpriseFactory(name="常州武进精工机械有限公司", industry=industry("34"))
    not_yet_accounts(short)
    without = EnterpriseFactory(name="常州新北光电有限公司", industry=industry("38"))
    apps = {e.name: reviewed_zero_carbon(batch, e) for e in (graded, short, without)}

    ranking = compute_ranking(batch, actor=city_officer)
    entries = {e.application_id: e for e in ranking.entries.all()}
    assert entries[apps[graded.name].pk].proposed
    with translation.override("en"):
        for name, status in (
            (short.name, "Not yet near-zero"),
            (without.name, "Not yet near-zero"),
        ):
            entry = entries[apps[name].pk]
            assert (entry.eligible, entry.proposed) == (False, False)
            assert (
                f"Carbon status “{status}”: only a zero-carbon or near-zero-carbon factory can "
                "be designated"
            ) in [reason_text(r) for r in entry.reasons]

    # An officer cannot propose it, nor the party group add it, even with a reason.
    with pytest.raises(CarbonStatusUnmet):
        propose_change(
            ranking, apps[short.name], actor=city_officer, include=True, reason="减排潜力大"
        )
    with translation.override("en"), pytest.raises(CarbonStatusUnmet) as caught:
        record_decision(
            batch,
            actor=city_officer,
            meeting_on=timezone.localdate(),
            minutes_reference="纪要〔2026〕第16期",
            decided={apps[short.name].code: (True, "党组认为该企业减排潜力大")},
        )
    assert str(caught.value) == (
        "常州武进精工机械有限公司 cannot be put on the list: its carbon status is "
        "“Not yet near-zero”; only a zero-carbon or near-zero-carbon factory can be designated."
    )
    assert not PartyGroupDecision.objects.filter(batch=batch).exists()


def test_a_factory_whose_offsets_cover_its_emissions_is_graded_zero(city_officer):
    batch = ZeroCarbonBatchFactory(state=BatchState.IN_REVIEW)
    user = EnterpriseUserFactory(
        enterprise=EnterpriseFactory(name="常州零碳电机有限公司", industry=industry("34"))
    )
    zero_accounts(user)
    reviewed_zero_carbon(batch, user.enterprise)
    compute_ranking(batch, actor=city_officer)
    decision = record_decision(
        batch,
        actor=city_officer,
        meeting_on=timezone.localdate(),
        minutes_reference="纪要〔2026〕第17期",
        decided={},
    )
    assert [e.grade for e in decision.entries.all()] == [TitleGrade.ZERO]


def test_designation_grants_the_grade_the_notice_published(city_officer):
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    zero, near = (
        EnterpriseFactory(name=name, industry=industry("34"))
        for name in ("常州甲零碳机械有限公司", "常州乙近零碳机械有限公司")
    )
    notice = notice_for(batch, [zero, near], grade=TitleGrade.ZERO)
    notice.entries.filter(position=2).update(grade=TitleGrade.NEAR_ZERO)
    titles = designate_batch(batch, actor=city_officer)
    assert [(t.enterprise, t.grade, title_heading(t)) for t in titles] == [
        (zero, TitleGrade.ZERO, "常州市零碳工厂"),
        (near, TitleGrade.NEAR_ZERO, "常州市近零碳工厂"),
    ]
    with translation.override("en"):
        assert [t.title_name for t in titles] == [
            "City-level zero-carbon factory",
            "City-level near-zero-carbon factory",
        ]


def test_a_notice_published_without_grades_is_graded_at_designation_or_refused(city_officer):
    """A zero-carbon notice published before grades were decided: designation grades each
    factory by the status rule then, and refuses one of neither grade."""
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    graded = EnterpriseFactory(name="常州丙机械有限公司", industry=industry("34"))
    near_zero_accounts(graded)
    short = EnterpriseFactory(name="常州丁机械有限公司", industry=industry("34"))
    not_yet_accounts(short)
    notice = notice_for(batch, [graded, short])
    with translation.override("en"), pytest.raises(DesignationRefused) as caught:
        designate_batch(batch, actor=city_officer)
    assert "常州丁机械有限公司 cannot be put on the list" in str(caught.value)
    assert not Title.objects.filter(batch=batch).exists()
    notice.entries.filter(application__enterprise=short).update(
        removed=True, removed_reason="异议成立"
    )
    [title] = designate_batch(batch, actor=city_officer)
    assert (title.enterprise, title.grade) == (graded, TitleGrade.NEAR_ZERO)


def test_the_programmes_names_by_grade():
    zero_carbon = terms(Programme.ZERO_CARBON)
    assert zero_carbon.title_name("city", "常州市", TitleGrade.NEAR_ZERO) == "常州市近零碳工厂"
    assert zero_carbon.title_name("provincial", grade=TitleGrade.ZERO) == "省级零碳工厂"
    # A title recorded before grades existed keeps the programme's name.
    assert zero_carbon.title_name("city", "常州市") == "常州市零碳工厂"
    green = terms(Programme.GREEN_FACTORY)
    assert green.grades == () and green.title_name("city", "常州市") == "常州市绿色工厂"
    with translation.override("en"):
        assert zero_carbon.title_label("national", TitleGrade.NEAR_ZERO) == (
            "National-level near-zero-carbon factory"
        )
        assert green.title_label("city") == "City-level green factory"
