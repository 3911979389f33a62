"""The list cannot skip a step (decisions §49): an application its district did not recommend,
or without a completed on-site audit and expert review, cannot be proposed onto the list nor
decided onto it — on the page (a form error), in the domain and through the API (409)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from greenfactory.recognition.domain.ranking import (
    RecognitionRefused,
    StepsSkipped,
    compute_ranking,
    propose_change,
    record_decision,
)
from greenfactory.recognition.domain.ranking_queries import RowDecision, proposal
from greenfactory.recognition.models import PartyGroupDecision, ProposalChange
from greenfactory.reviews.models import SiteAudit
from tests.recognition.ranked import reviewed_batch

pytestmark = pytest.mark.django_db

NOT_RECOMMENDED = "its district did not recommend it"
NO_AUDIT = "no on-site audit was completed"
NO_REVIEW = "its expert review is not completed"


def ranked(city_officer):
    """A batch of quota 1: a top application, a reviewed one outside the quota, one the
    district did not recommend."""
    batch, apps = reviewed_batch([90, 85, None], quota=1)
    return batch, apps, compute_ranking(batch, actor=city_officer)


def test_an_application_the_district_did_not_recommend_cannot_be_proposed(city_officer):
    _batch, apps, ranking = ranked(city_officer)
    with override("en"), pytest.raises(StepsSkipped) as refused:
        propose_change(ranking, apps[2], actor=city_officer, include=True, reason="市领导关注")
    assert isinstance(refused.value, RecognitionRefused)
    with override("en"):
        assert str(refused.value) == (
            f"{apps[2].enterprise.name} cannot be put on the list: "
            f"{NOT_RECOMMENDED}; {NO_AUDIT}; {NO_REVIEW}."
        )
    assert list(refused.value.skipped) == [apps[2].pk]
    assert not ProposalChange.objects.exists()


def test_a_reviewed_application_without_a_completed_audit_cannot_be_proposed(city_officer):
    _batch, apps, ranking = ranked(city_officer)
    SiteAudit.objects.filter(application=apps[1]).update(status="scheduled")
    with override("en"), pytest.raises(StepsSkipped, match=f": {NO_AUDIT}\\.$"):
        propose_change(ranking, apps[1], actor=city_officer, include=True, reason="补充推荐")
    assert not ProposalChange.objects.exists()


def test_an_application_through_every_step_can_be_proposed_and_taken_off(city_officer):
    _batch, apps, ranking = ranked(city_officer)
    propose_change(ranking, apps[1], actor=city_officer, include=True, reason="补充推荐")
    # Taking an application off the list is no skipped step.
    propose_change(ranking, apps[0], actor=city_officer, include=False, reason="存在未整改问题")
    assert ranking.changes.count() == 2


def decide(batch, actor, decided):
    return record_decision(
        batch,
        actor=actor,
        meeting_on=datetime.date(2019, 11, 20),
        minutes_reference="党组会议纪要〔2019〕12号",
        decided=decided,
    )


def test_the_party_group_cannot_decide_onto_the_list_an_application_that_skipped_a_step(
    city_officer,
):
    batch, apps, _ranking = ranked(city_officer)
    with override("en"), pytest.raises(StepsSkipped, match=NOT_RECOMMENDED):
        decide(batch, city_officer, {apps[2].code: RowDecision(True, "党组研究决定")})
    assert not PartyGroupDecision.objects.exists()
    decision = decide(batch, city_officer, {apps[1].code: RowDecision(True, "党组研究决定")})
    assert set(decision.entries.filter(included=True).values_list("application", flat=True)) == {
        apps[0].pk,
        apps[1].pk,
    }


def test_a_change_stored_before_the_rule_is_refused_at_the_decision(city_officer):
    """A change written before the rule held arrives ticked at the decision: the decision
    refuses it and names the application."""
    batch, apps, ranking = ranked(city_officer)
    ProposalChange.objects.create(
        ranking=ranking,
        application=apps[2],
        include=True,
        reason="旧数据",
        proposed_by=city_officer,
    )
    assert [row.proposed for row in proposal(ranking)] == [True, False, True]
    with override("en"), pytest.raises(StepsSkipped, match=apps[2].enterprise.name):
        decide(batch, city_officer, {})


# ---- the page and the API ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("city_officer", 200), ("district_officer", 403), ("enterprise_user", 403), ("anon", 302)],
)
def test_the_change_page_shows_the_refusal_at_the_form_per_role(
    request, client, city_officer, persona, expected
):
    batch, apps, _ranking = ranked(city_officer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the new messages, whatever the catalogue
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    url = reverse("recognition:ranking_change", args=[batch.code, apps[2].code])
    if expected == 200:
        page = client.get(url)
        assert page.context["skipped"] == [NOT_RECOMMENDED, NO_AUDIT, NO_REVIEW]
        reviewed = reverse("recognition:ranking_change", args=[batch.code, apps[1].code])
        assert client.get(reviewed).context["skipped"] == []
    response = client.post(url, {"reason": "市领导关注"})
    assert response.status_code == expected
    assert not ProposalChange.objects.exists()
    if expected == 200:
        assert NOT_RECOMMENDED in response.text
        assert "市领导关注" in response.text


# ---- a review completed with fewer experts shows its reason in the ranking ------------------


def test_the_ranking_shows_why_a_review_had_fewer_experts(client, city_officer):
    from greenfactory.reviews.models import ExpertResult

    batch, apps = reviewed_batch([90, 85], quota=1, experts_per_application=5)
    why = "第三位专家回避后无可替换的同专业专家"
    ExpertResult.objects.filter(application=apps[1]).update(short_reason=why)
    ranking = compute_ranking(batch, actor=city_officer)
    entry = ranking.entries.get(application=apps[1])
    assert entry.reasons[-1] == {
        "code": "fewer_experts",
        "experts": 3,
        "needed": 5,
        "reason": why,
    }
    assert all(
        r["code"] != "fewer_experts" for r in ranking.entries.get(application=apps[0]).reasons
    )
    client.force_login(city_officer)
    page = client.get(reverse("recognition:ranking", args=[batch.code]), HTTP_ACCEPT_LANGUAGE="en")
    assert f"Reviewed by 3 of the 5 experts asked for: {why}" in page.content.decode()


def test_the_decision_page_shows_the_refusal_at_the_form(client, city_officer):
    batch, apps, ranking = ranked(city_officer)
    ProposalChange.objects.create(
        ranking=ranking,
        application=apps[2],
        include=True,
        reason="旧数据",
        proposed_by=city_officer,
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(city_officer)
    url = reverse("recognition:decision", args=[batch.code])
    data = {
        "meeting_on": "2019-11-20",
        "minutes_reference": "党组会议纪要〔2019〕12号",
        f"include_{apps[0].code}": "on",
        f"include_{apps[2].code}": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"{apps[2].enterprise.name} cannot be put on the list" in response.text
    assert "党组会议纪要〔2019〕12号" in response.text
    assert not PartyGroupDecision.objects.exists()
