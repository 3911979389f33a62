"""现场评估 as a step of its own in the dynamic management (decisions §80): called by an officer
of the factory's district or city, then held (day, assessors, findings, outcome) or cancelled;
the city's 动态调整意见 waits for it; the yearly summary says it."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.core.domain.workflow import move
from greenfactory.core.models import AuditEvent
from greenfactory.filings.domain.assessments import (
    ASSESSMENT_MOVES,
    SiteAssessmentRefused,
    call_site_assessment,
    cancel_site_assessment,
    record_site_assessment,
)
from greenfactory.filings.domain.filings import (
    FilingRefused,
    accept_filing,
    city_review_filing,
    submit_filing,
)
from greenfactory.filings.domain.summary import HEADER, summary_rows
from greenfactory.filings.enums import (
    Adjustment,
    FilingState,
    SiteAssessmentOutcome,
    SiteAssessmentState,
)
from greenfactory.filings.models import SiteAssessment
from greenfactory.notifications.models import Notification
from greenfactory.titles.enums import TitleLevel
from tests.factories import region

from .conftest import filed, good_data, grant

pytestmark = pytest.mark.django_db

PLAN = {"year_summary": "光伏二期投运。", "next_year_plan": "余热回收改造。"}
HELD = {
    "held_on": date(2026, 3, 1),
    "assessors": "市工信局节能处、武进区工信局、常州市节能监察中心",
    "findings": "产量下降致单位产品能耗上升，设备运行正常。",
    "outcome": SiteAssessmentOutcome.RECTIFY,
}


@pytest.fixture
def worsened(enterprise, batch, enterprise_user, district_officer):
    """A provincial title's filing of 2025, 25 % worse per unit of product than 2024's,
    accepted by the district."""
    grant(enterprise, 2022, level=TitleLevel.PROVINCIAL)
    submit_filing(filed(enterprise_user, 2024, data={**good_data(), **PLAN}), actor=enterprise_user)
    worse = filed(enterprise_user, 2025, data={**good_data(output_quantity=D(800)), **PLAN})
    submitted = submit_filing(worse, actor=enterprise_user)
    assert submitted.site_assessment_suggested
    return accept_filing(submitted, actor=district_officer)


def test_an_assessment_is_called_held_and_then_the_city_gives_its_opinion(
    worsened, enterprise_user, district_officer, city_officer
):
    told = Notification.objects.order_by("pk")
    before = told.count()
    called = call_site_assessment(
        worsened, actor=district_officer, reason="单位产品能耗较上年上升25%", planned_on=None
    )
    assert called.state == SiteAssessmentState.CALLED
    assert called.called_by == district_officer
    # Told: the enterprise (its filing's page) and the city (the district called it).
    assert [(n.recipient, n.url, n.body) for n in told[before:]] == [
        (enterprise_user, reverse("filings:edit", args=[worsened.code]), called.reason),
        (city_officer, reverse("filings:detail", args=[worsened.code]), called.reason),
    ]

    with pytest.raises(FilingRefused) as waits, translation.override("en"):
        city_review_filing(worsened, actor=city_officer, adjustment=Adjustment.KEEP)
    assert "record it or cancel it" in str(waits.value)

    held = record_site_assessment(called, actor=city_officer, **HELD)
    assert (held.state, held.held_on, held.outcome, held.recorded_by) == (
        SiteAssessmentState.HELD,
        date(2026, 3, 1),
        SiteAssessmentOutcome.RECTIFY,
        city_officer,
    )
    assert [(c.from_state, c.to_state) for c in held.status_changes.all()] == [
        ("", "called"),
        ("called", "held"),
    ]
    events = AuditEvent.objects.filter(action__startswith="filings.site_assessment.")
    assert [e.action for e in events.order_by("pk")] == [
        "filings.site_assessment.called",
        "filings.site_assessment.held",
    ]
    assert events.order_by("pk").last().changes == {
        "state": ["called", "held"],
        "filing": worsened.code,
        "enterprise": worsened.enterprise.uscc,
        "year": 2025,
        "held_on": "2026-03-01",
        "assessors": HELD["assessors"],
        "outcome": "rectify",
    }
    # The enterprise is told of the city's record, and the district.
    assert [(n.recipient, n.body) for n in told[before + 2 :]] == [
        (enterprise_user, "2026-03-01 · " + str(held.get_outcome_display())),
        (district_officer, "2026-03-01 · " + str(held.get_outcome_display())),
    ]

    reviewed = city_review_filing(
        worsened, actor=city_officer, adjustment=Adjustment.RECTIFY, reason="限期整改"
    )
    assert reviewed.state == FilingState.CITY_REVIEWED
    assert AuditEvent.objects.get(action="filings.filing.city_reviewed").changes[
        "site_assessments_held"
    ] == [[held.code, "rectify"]]


def test_a_cancelled_assessment_lets_the_review_go_on_and_another_be_called(
    worsened, district_officer, city_officer
):
    called = call_site_assessment(worsened, actor=city_officer, reason="能耗上升")
    with pytest.raises(SiteAssessmentRefused) as refused, translation.override("en"):
        call_site_assessment(worsened, actor=district_officer, reason="again")
    assert str(refused.value) == (
        "An assessment of this filing is already called: record or cancel it."
    )
    with pytest.raises(SiteAssessmentRefused):  # a reason is required
        cancel_site_assessment(called, actor=district_officer, reason=" ")
    cancelled = cancel_site_assessment(called, actor=district_officer, reason="企业已提交说明")
    assert cancelled.state == SiteAssessmentState.CANCELLED
    assert cancelled.status_changes.last().reason == "企业已提交说明"
    with pytest.raises(SiteAssessmentRefused):  # closed
        record_site_assessment(cancelled, actor=district_officer, **HELD)
    assert city_review_filing(worsened, actor=city_officer, adjustment=Adjustment.KEEP)
    again = call_site_assessment(worsened, actor=district_officer, reason="复核")
    assert again.state == SiteAssessmentState.CALLED


def test_recording_refuses_every_problem_at_once(worsened, district_officer):
    called = call_site_assessment(worsened, actor=district_officer, reason="能耗上升")
    with pytest.raises(SiteAssessmentRefused) as refused, translation.override("en"):
        record_site_assessment(
            called,
            actor=district_officer,
            held_on=date(2026, 3, 2),
            assessors=" ",
            findings="",
            outcome="maybe",
        )
    assert refused.value.problems == [
        "The day it was held cannot be in the future.",
        "Say who assessed (names or team), in at most 300 characters.",
        "Write the findings, in at most 2000 characters.",
        "Choose the outcome.",
    ]
    with pytest.raises(SiteAssessmentRefused), translation.override("en"):
        record_site_assessment(
            called, actor=district_officer, **{**HELD, "held_on": date(2026, 2, 1)}
        )
    called.refresh_from_db()
    assert called.state == SiteAssessmentState.CALLED


def test_calling_refuses_a_draft_a_past_plan_and_no_reason(
    enterprise, batch, enterprise_user, district_officer
):
    grant(enterprise, 2022, level=TitleLevel.PROVINCIAL)
    draft = filed(enterprise_user, 2025, data={**good_data(), **PLAN})
    with pytest.raises(SiteAssessmentRefused) as refused, translation.override("en"):
        call_site_assessment(draft, actor=district_officer, reason="能耗上升")
    assert "it is not filed" in str(refused.value)
    submitted = submit_filing(draft, actor=enterprise_user)
    with pytest.raises(SiteAssessmentRefused):
        call_site_assessment(submitted, actor=district_officer, reason="")
    with pytest.raises(SiteAssessmentRefused):
        call_site_assessment(
            submitted, actor=district_officer, reason="x", planned_on=date(2026, 2, 1)
        )
    assert not SiteAssessment.objects.exists()
    planned = call_site_assessment(
        submitted, actor=district_officer, reason="抽查", planned_on=date(2026, 3, 10)
    )
    assert planned.planned_on == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("district_officer", True),
        ("city_officer", True),
        ("other_district_officer", False),
        ("enterprise_user", False),
        ("other_enterprise_user", False),
        ("agency_user", False),
        ("assigned_expert", False),
        ("system_admin", False),
        ("security_admin", False),
        ("audit_admin", False),
    ],
)
def test_who_calls_records_and_cancels(request, worsened, district_officer, persona, may):
    actor = request.getfixturevalue(persona)
    if may:
        called = call_site_assessment(worsened, actor=actor, reason="能耗上升")
        assert record_site_assessment(called, actor=actor, **HELD).state == "held"
        again = call_site_assessment(worsened, actor=actor, reason="复核")
        assert cancel_site_assessment(again, actor=actor, reason="无需").state == "cancelled"
        return
    with pytest.raises(PermissionDenied):
        call_site_assessment(worsened, actor=actor, reason="能耗上升")
    called = call_site_assessment(worsened, actor=district_officer, reason="能耗上升")
    with pytest.raises(PermissionDenied):
        record_site_assessment(called, actor=actor, **HELD)
    with pytest.raises(PermissionDenied):
        cancel_site_assessment(called, actor=actor, reason="无需")


@pytest.mark.parametrize("before", SiteAssessmentState.values)
@pytest.mark.parametrize("to", SiteAssessmentState.values)
def test_the_table_is_exhaustive(worsened, city_officer, before, to):
    assessment = SiteAssessment.objects.create(
        filing=worsened,
        reason="x",
        state=before,
        **(
            {"held_on": date(2026, 2, 1), "findings": "x", "outcome": "meets"}
            if before == SiteAssessmentState.HELD
            else {}
        ),
    )
    if (before, to) in ASSESSMENT_MOVES:
        step = {
            SiteAssessmentState.HELD: lambda: record_site_assessment(
                assessment, actor=city_officer, **HELD
            ),
            SiteAssessmentState.CANCELLED: lambda: cancel_site_assessment(
                assessment, actor=city_officer, reason="因故"
            ),
        }[to]
        assert step().state == to
    else:
        with pytest.raises(SiteAssessmentRefused):
            move(assessment, to, actor=city_officer, reason="因故")
    assert set(ASSESSMENT_MOVES) == {("called", "held"), ("called", "cancelled")}


def test_the_yearly_summary_says_the_assessment(worsened, district_officer, city_officer):
    called = call_site_assessment(worsened, actor=district_officer, reason="能耗上升")
    with translation.override("zh-hans"):
        (row,) = summary_rows(region("320400"), 2025)
    assert dict(zip(HEADER, row, strict=True))["现场评估情况"] == "已安排，待评估"
    record_site_assessment(called, actor=city_officer, **HELD)
    with translation.override("zh-hans"):
        (row,) = summary_rows(region("320400"), 2025)
    text = dict(zip(HEADER, row, strict=True))["现场评估情况"]
    assert text.startswith("2026-03-01 市工信局节能处、武进区工信局、常州市节能监察中心：")
    assert text.endswith("（产量下降致单位产品能耗上升，设备运行正常。）")


def test_the_filing_page_calls_and_records_keeping_what_was_typed(
    client, worsened, district_officer, city_officer
):
    client.force_login(district_officer)
    page = reverse("filings:detail", args=[worsened.code])
    response = client.get(page)
    assert response.context["can_call_assessment"] is True
    assert response.context["can_record_assessment"] is False
    response = client.post(
        reverse("filings:assessment_call", args=[worsened.code]),
        {"reason": "能耗上升", "planned_on": "2026-02-01"},
    )
    assert response.status_code == 400
    assert response.context["call_form"]["reason"].value() == "能耗上升"
    response = client.post(
        reverse("filings:assessment_call", args=[worsened.code]), {"reason": "能耗上升"}
    )
    assert response.status_code == 302
    called = SiteAssessment.objects.get()
    response = client.get(page)
    assert response.context["can_call_assessment"] is False
    assert response.context["can_record_assessment"] is True
    assert f'id="assessment-{called.code}"' in response.content.decode()

    client.force_login(city_officer)
    record = reverse("filings:assessment_record", args=[called.code])
    typed = {**HELD, "held_on": "2026-03-05"}
    response = client.post(record, typed)
    assert response.status_code == 400
    assert response.context["record_form"]["findings"].value() == HELD["findings"]
    response = client.post(record, {**HELD, "held_on": "2026-03-01"})
    assert response.status_code == 302
    called.refresh_from_db()
    assert called.state == SiteAssessmentState.HELD
    # A second record of the same assessment is told its state, on the filing's page.
    response = client.post(record, {**HELD, "held_on": "2026-03-01"}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert [str(m) for m in response.context["messages"]]


def test_the_enterprise_reads_the_assessment_on_its_filing(
    client, worsened, enterprise_user, district_officer
):
    called = call_site_assessment(
        worsened, actor=district_officer, reason="能耗上升", planned_on=date(2026, 3, 10)
    )
    record_site_assessment(called, actor=district_officer, **HELD)
    client.force_login(enterprise_user)
    response = client.get(reverse("filings:edit", args=[worsened.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="site-assessments"' in html
    assert HELD["findings"] in html and HELD["assessors"] in html


def test_the_filing_page_costs_the_same_with_more_assessments(
    client, worsened, district_officer, city_officer
):
    client.force_login(city_officer)
    page = reverse("filings:detail", args=[worsened.code])
    cancel_site_assessment(
        call_site_assessment(worsened, actor=district_officer, reason="一"),
        actor=district_officer,
        reason="无需",
    )
    client.get(page)
    with CaptureQueriesContext(connection) as one:
        assert client.get(page).status_code == 200
    for reason in ("二", "三"):
        record_site_assessment(
            call_site_assessment(worsened, actor=district_officer, reason=reason),
            actor=city_officer,
            **HELD,
        )
    with CaptureQueriesContext(connection) as three:
        assert client.get(page).status_code == 200
    assert len(three) == len(one)
