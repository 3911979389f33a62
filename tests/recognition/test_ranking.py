import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.recognition.domain.ranking import (
    RecognitionRefused,
    ReviewsUnfinished,
    compute_ranking,
    propose_change,
    record_decision,
    withdraw_change,
)
from greenfactory.recognition.domain.ranking_queries import RowDecision, proposal
from greenfactory.recognition.models import DecisionEntry, PartyGroupDecision
from tests.factories import EnterpriseFactory
from tests.recognition.ranked import reviewed_batch

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_batch_with_applications_in_review_is_refused_with_the_list(city_officer):
    batch, _apps = reviewed_batch([80, 75])
    waiting = Application.objects.create(
        batch=batch,
        enterprise=EnterpriseFactory(name="常州尚在评审有限公司"),
        state="expert_review",
    )
    with pytest.raises(ReviewsUnfinished) as refused:
        compute_ranking(batch, actor=city_officer)
    assert refused.value.applications == [waiting]
    assert batch.rankings.count() == 0


def test_an_open_batch_cannot_be_ranked(city_officer):
    batch, _apps = reviewed_batch([80], state="open")
    with pytest.raises(RecognitionRefused, match="评审开始后方可排名"):
        compute_ranking(batch, actor=city_officer)


def test_only_the_city_officer_of_the_region_ranks(district_officer):
    batch, _apps = reviewed_batch([80])
    with pytest.raises(PermissionDenied):
        compute_ranking(batch, actor=district_officer)


def test_computing_stores_entries_moves_the_batch_and_is_audited(city_officer):
    batch, apps = reviewed_batch([80, 70, 90, None], quota=1)
    ranking = compute_ranking(batch, actor=city_officer)
    batch.refresh_from_db()
    assert batch.state == "ranked"
    assert (ranking.number, ranking.candidates, ranking.eligible_count) == (1, 4, 2)
    entries = {e.application_id: e for e in ranking.entries.all()}
    assert entries[apps[2].pk].position == 1 and entries[apps[2].pk].proposed
    assert entries[apps[0].pk].position == 2 and not entries[apps[0].pk].proposed
    assert entries[apps[1].pk].reasons == [
        {"code": "at_or_below_threshold", "score": "70.00", "threshold": "70.00"}
    ]
    assert entries[apps[3].pk].reasons == [{"code": "not_reviewed", "state": "district_rejected"}]
    event = AuditEvent.objects.filter(action="recognition.ranking.computed").get()
    assert event.changes["eligible"] == 2 and event.changes["proposed"] == 1


def test_a_proposed_change_needs_a_reason_and_survives_a_recomputation(city_officer):
    batch, apps = reviewed_batch([90, 80], quota=1)
    first = compute_ranking(batch, actor=city_officer)
    with pytest.raises(RecognitionRefused, match="书面理由"):
        propose_change(first, apps[1], actor=city_officer, include=True, reason="  ")
    with pytest.raises(RecognitionRefused, match="已将该申报列入"):
        propose_change(first, apps[0], actor=city_officer, include=True, reason="x")
    propose_change(first, apps[1], actor=city_officer, include=True, reason="市重点培育企业")
    rows = {row.entry.application_id: row for row in proposal(first)}
    assert rows[apps[1].pk].proposed and not rows[apps[1].pk].entry.proposed
    second = compute_ranking(batch, actor=city_officer)
    assert second.number == 2
    change = second.changes.get()
    assert (change.application_id, change.reason) == (apps[1].pk, "市重点培育企业")
    with pytest.raises(RecognitionRefused, match="已重新计算"):
        propose_change(first, apps[0], actor=city_officer, include=False, reason="x")
    withdraw_change(change, actor=city_officer)
    assert not second.changes.exists()


def decide(batch, actor, decided=None, **fields):
    return record_decision(
        batch,
        actor=actor,
        meeting_on=fields.get("meeting_on", datetime.date(2019, 11, 20)),
        minutes_reference=fields.get("minutes_reference", "党组会议纪要〔2019〕12号"),
        decided=decided or {},
        minutes=fields.get("minutes"),
    )


def test_the_decision_follows_the_proposal_and_differences_need_reasons(city_officer):
    batch, apps = reviewed_batch([90, 85, 80], quota=2)
    compute_ranking(batch, actor=city_officer)
    with pytest.raises(RecognitionRefused, match="逐一说明理由"):
        decide(batch, city_officer, {apps[1].code: RowDecision(False, "")})
    assert not PartyGroupDecision.objects.exists()
    minutes = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    decision = decide(
        batch, city_officer, {apps[1].code: RowDecision(False, "存在未整改问题")}, minutes=minutes
    )
    entries = list(decision.entries.values_list("application_id", "proposed", "included", "reason"))
    assert entries == [
        (apps[0].pk, True, True, ""),
        (apps[1].pk, True, False, "存在未整改问题"),
    ]
    assert decision.minutes_name == "纪要.pdf"
    with decision.minutes.open("rb") as stored:
        assert stored.read() == PDF
    with pytest.raises(RecognitionRefused, match="排名不再变更"):
        compute_ranking(batch, actor=city_officer)
    with pytest.raises(RecognitionRefused, match="排名不再变更"):
        decide(batch, city_officer)


def test_a_decision_needs_a_ranked_batch_and_a_reference(city_officer):
    batch, _apps = reviewed_batch([90])
    with pytest.raises(RecognitionRefused, match="须先完成排名"):
        decide(batch, city_officer)
    compute_ranking(batch, actor=city_officer)
    with pytest.raises(RecognitionRefused, match="会议纪要文号"):
        decide(batch, city_officer, minutes_reference=" ")


def test_the_database_refuses_a_difference_without_reason(city_officer):
    from django.db import IntegrityError, transaction

    batch, apps = reviewed_batch([90])
    compute_ranking(batch, actor=city_officer)
    decision = decide(batch, city_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionEntry.objects.create(
            decision=decision, application=apps[0], proposed=False, included=True, position=9
        )


# ---- pages ---------------------------------------------------------------------------------


def test_the_ranking_page_explains_each_row(client, city_officer):
    batch, _apps = reviewed_batch([80, 69.5, 90], quota=1)
    compute_ranking(batch, actor=city_officer)
    client.force_login(city_officer)
    page = client.get(reverse("recognition:ranking", args=[batch.code]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "69.50 ≤ 70.00: not above the pass threshold" in text
    assert "Rank 1 of 2 eligible, within the quota of 1" in text
    assert "Rank 2 of 2 eligible, outside the quota of 1" in text


def test_the_refusal_page_lists_what_is_missing(client, city_officer):
    batch, _apps = reviewed_batch([80])
    Application.objects.create(
        batch=batch, enterprise=EnterpriseFactory(name="常州尚在评审有限公司"), state="site_audit"
    )
    client.force_login(city_officer)
    response = client.post(reverse("recognition:ranking_compute", args=[batch.code]))
    assert response.status_code == 409
    assert "常州尚在评审有限公司" in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_ranking_page_has_constant_queries(
    client, city_officer, count, django_assert_num_queries
):
    batch, _apps = reviewed_batch([75 + i for i in range(count)], quota=5)
    ranking = compute_ranking(batch, actor=city_officer)
    last = ranking.entries.last()
    propose_change(
        ranking, last.application, actor=city_officer, include=not last.proposed, reason="x"
    )
    client.force_login(city_officer)
    url = reverse("recognition:ranking", args=[batch.code])
    client.get(url)
    with django_assert_num_queries(QUERIES_RANKING):
        assert client.get(url).status_code == 200


# The page's queries (the session read with its user: one); the session is not written (saved
# less than a minute ago).
QUERIES_RANKING = 8


def test_the_decision_form_records_differences_with_reasons(client, city_officer):
    batch, apps = reviewed_batch([90, 85], quota=1)
    compute_ranking(batch, actor=city_officer)
    client.force_login(city_officer)
    url = reverse("recognition:decision", args=[batch.code])
    data = {
        "meeting_on": "2019-11-20",
        "minutes_reference": "党组会议纪要〔2019〕12号",
        f"include_{apps[0].code}": "on",
        f"include_{apps[1].code}": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Give the reason for this difference." in response.content.decode() or (
        "请说明" in response.content.decode()
    )
    data[f"reason_{apps[1].code}"] = "党组会议决定增补"
    response = client.post(url, data)
    assert response.status_code == 302
    decision = PartyGroupDecision.objects.get(batch=batch)
    assert list(decision.entries.values_list("included", flat=True)) == [True, True]
    assert client.get(url).status_code == 200


def test_one_applications_row_of_the_proposal_is_read_alone(city_officer):
    from greenfactory.recognition.domain.ranking import propose_change
    from greenfactory.recognition.domain.ranking_queries import (
        current_ranking,
        proposal,
        proposal_row,
    )

    batch, apps = reviewed_batch([90, 85], quota=1)
    ranking = compute_ranking(batch, actor=city_officer)
    propose_change(ranking, apps[1], actor=city_officer, include=True, reason="并列第一")
    ranking = current_ranking(batch)
    whole = {row.entry.application.code: row for row in proposal(ranking)}
    for app in apps:
        row = proposal_row(ranking, app.code)
        assert row.entry == whole[app.code].entry
        assert row.change == whole[app.code].change and row.proposed is True
    assert proposal_row(ranking, "NOSUCHCODE") is None
    assert proposal_row(None, apps[0].code) is None
