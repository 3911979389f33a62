"""A batch's ranking through the API: the rows, reasons and proposed changes of the page."""

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.recognition.domain.ranking import compute_ranking, propose_change
from greenfactory.recognition.models import PartyGroupDecision, ProposalChange, Ranking
from tests.recognition.ranked import reviewed_batch

from .conftest import officer_of_another_city

pytestmark = pytest.mark.django_db


def test_the_ranking_as_the_page_shows_it(client, bearer, city_officer):
    batch, applications = reviewed_batch([91, 85, 70, 65], quota=1)
    url = reverse("api:batch_ranking", kwargs={"code": batch.code})
    empty = client.get(url, **bearer(city_officer)).json()
    assert empty["number"] is None and empty["rows"] == []
    ranking = compute_ranking(batch, actor=city_officer)
    propose_change(
        ranking, applications[1], actor=city_officer, include=True, reason="党组会前补充推荐"
    )
    body = client.get(url, **bearer(city_officer)).json()
    assert body["number"] == 1 and body["quota"] == 1
    rows = {row["application"]: row for row in body["rows"]}
    first, second, at_threshold = (rows[a.code] for a in applications[:3])
    assert first["position"] == 1 and first["computed"] and first["proposed"]
    assert second["computed"] is False and second["proposed"] is True
    assert second["change_reason"] == "党组会前补充推荐"
    assert at_threshold["eligible"] is False
    assert any("70.00" in reason for reason in at_threshold["reasons"])


def post(client, name, batch, body, headers):
    url = reverse(name, kwargs={"code": batch.code})
    return client.post(url, body, content_type="application/json", **headers)


def test_computing_with_reviews_unfinished_lists_them(client, bearer, city_officer):
    batch, applications = reviewed_batch([91, 85])
    Application.objects.filter(pk=applications[1].pk).update(state="expert_review")
    response = post(client, "api:ranking_compute", batch, {}, bearer(city_officer))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "refused"
    assert body["detail"]["unfinished"] == [applications[1].code]
    assert not Ranking.objects.filter(batch=batch).exists()
    Application.objects.filter(pk=applications[1].pk).update(state="reviewed")
    computed = post(client, "api:ranking_compute", batch, {}, bearer(city_officer))
    assert computed.status_code == 200 and computed.json()["number"] == 1
    assert AuditEvent.objects.filter(action="recognition.ranking.computed").exists()


def test_a_change_needs_its_reason_and_is_refused_twice(client, bearer, city_officer):
    batch, applications = reviewed_batch([91, 85], quota=1)
    compute_ranking(batch, actor=city_officer)
    headers = bearer(city_officer)
    second = applications[1].code
    for body, field in (({"application": second}, "reason"), ({"reason": "x"}, "application")):
        refused = post(client, "api:ranking_changes", batch, body, headers)
        assert refused.status_code == 400 and list(refused.json()["detail"]) == [field]
    blank = post(
        client, "api:ranking_changes", batch, {"application": second, "reason": " "}, headers
    )
    assert blank.status_code == 400 and list(blank.json()["detail"]) == ["reason"]
    stranger = post(
        client, "api:ranking_changes", batch, {"application": "NOPE", "reason": "x"}, headers
    )
    assert stranger.status_code == 404
    assert not ProposalChange.objects.exists()
    done = post(
        client,
        "api:ranking_changes",
        batch,
        {"application": second, "reason": "党组会前补充推荐"},
        headers,
    )
    assert done.status_code == 201
    row = next(r for r in done.json()["rows"] if r["application"] == second)
    assert row["proposed"] is True and row["change_reason"] == "党组会前补充推荐"
    again = post(
        client, "api:ranking_changes", batch, {"application": second, "reason": "y"}, headers
    )
    assert again.status_code == 409
    withdraw = client.delete(
        reverse("api:ranking_change", kwargs={"code": batch.code, "application": second}),
        **headers,
    )
    assert withdraw.status_code == 200 and not ProposalChange.objects.exists()


def test_the_decision_through_the_pages_form(client, bearer, city_officer):
    batch, applications = reviewed_batch([91, 85], quota=1)
    compute_ranking(batch, actor=city_officer)
    headers = bearer(city_officer)
    meeting = {"meeting_on": "2026-01-05", "minutes_reference": "党组会议纪要〔2026〕1号"}
    future = post(
        client,
        "api:batch_decision",
        batch,
        {**meeting, "meeting_on": "2999-01-01"},
        headers,
    )
    assert future.status_code == 400 and list(future.json()["detail"]) == ["meeting_on"]
    second = applications[1].code
    no_reason = post(
        client,
        "api:batch_decision",
        batch,
        {**meeting, "decisions": [{"application": second, "include": True}]},
        headers,
    )
    assert no_reason.status_code == 400
    assert list(no_reason.json()["detail"]) == [f"decisions.{second}.reason"]
    unknown = post(
        client,
        "api:batch_decision",
        batch,
        {**meeting, "decisions": [{"application": second, "include": True, "colour": 1}]},
        headers,
    )
    assert unknown.json()["detail"] == {"fields": ["decisions.0.colour"]}
    outside = post(
        client,
        "api:batch_decision",
        batch,
        {**meeting, "decisions": [{"application": "NOPE", "include": True, "reason": "x"}]},
        headers,
    )
    assert outside.status_code == 409
    assert not PartyGroupDecision.objects.exists()
    decided = post(
        client,
        "api:batch_decision",
        batch,
        {
            **meeting,
            "decisions": [{"application": second, "include": True, "reason": "党组研究增补"}],
        },
        headers,
    )
    assert decided.status_code == 201, decided.content
    entries = decided.json()["entries"]
    assert [(e["application"], e["included"]) for e in entries] == [
        (applications[0].code, True),
        (second, True),
    ]
    assert entries[1]["reason"] == "党组研究增补"
    twice = post(client, "api:batch_decision", batch, meeting, headers)
    assert twice.status_code == 409
    with translation.override("zh-hans"):
        assert twice.json()["detail"]["problems"] == [
            translation.gettext("The party group has decided; the ranking is final.")
        ]


def test_other_regions_and_roles(client, bearer, district_officer):
    batch, _applications = reviewed_batch([91])
    headers = bearer(officer_of_another_city())
    for name in ("api:ranking_compute", "api:ranking_changes", "api:batch_decision"):
        assert post(client, name, batch, {}, headers).status_code == 404
        assert post(client, name, batch, {}, bearer(district_officer)).status_code == 403
    assert not Ranking.objects.exists()


def test_an_application_that_skipped_a_step_is_refused_with_409(client, bearer, city_officer):
    batch, apps = reviewed_batch([90, 85, None], quota=1)
    compute_ranking(batch, actor=city_officer)
    url = reverse("api:ranking_changes", kwargs={"code": batch.code})
    response = client.post(
        url,
        {"application": apps[2].code, "reason": "市领导关注"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(city_officer),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "refused"
    assert "its district did not recommend it" in str(response.json())
    assert not ProposalChange.objects.exists()


def test_a_decision_listing_an_application_that_skipped_a_step_is_refused_with_409(
    client, bearer, city_officer
):
    """A change stored before the rule (decisions §49) puts a district-rejected application in
    the proposal: the decision through the API is refused as on the page."""
    batch, apps = reviewed_batch([90, None], quota=1)
    ranking = compute_ranking(batch, actor=city_officer)
    ProposalChange.objects.create(
        ranking=ranking,
        application=apps[1],
        include=True,
        reason="旧数据",
        proposed_by=city_officer,
    )
    response = client.post(
        reverse("api:batch_decision", kwargs={"code": batch.code}),
        {"meeting_on": "2026-01-05", "minutes_reference": "党组会议纪要〔2026〕1号"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(city_officer),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "refused"
    assert f"{apps[1].enterprise.name} cannot be put on the list" in str(response.json())
    assert not PartyGroupDecision.objects.exists()
