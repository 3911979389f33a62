"""The expert's scores through the API: the scoring page's step, its limits and its refusals."""

import pytest
from django.urls import reverse

from greenfactory.applications.models import Application
from greenfactory.programme.enums import IndicatorKind
from greenfactory.reviews.models import ExpertScore

pytestmark = pytest.mark.django_db


def test_the_expert_scores_one_indicator_at_a_time_and_submits_when_complete(
    client, bearer, api_objects, assigned_expert, city_officer
):
    submitted = api_objects["submitted"]
    Application.objects.filter(pk=submitted.pk).update(state="expert_review")
    assignment = submitted.expert_assignments.get()
    headers = bearer(assigned_expert)
    indicators = submitted.batch.indicator_system.indicators
    gate = indicators.filter(kind=IndicatorKind.GATE).first()
    item = indicators.filter(kind=IndicatorKind.QUALITATIVE).first()

    def put(indicator, body):
        url = reverse(
            "api:assignment_score", kwargs={"code": assignment.code, "indicator": indicator.code}
        )
        return client.put(url, body, content_type="application/json", **headers)

    saved = put(gate, {"met": True, "comment": "现场核实"})
    assert saved.status_code == 200, saved.content
    assert saved.json()["scores"] == [
        {
            "indicator": gate.code,
            "not_applicable": False,
            "met": True,
            "score": None,
            "value": None,
            "comment": "现场核实",
        }
    ]
    too_many = put(item, {"score": str(item.max_points + 1)})
    assert too_many.status_code == 400 and too_many.json()["code"] == "invalid"
    assert not ExpertScore.objects.filter(indicator=item).exists()

    submit = reverse("api:assignment_submit", kwargs={"code": assignment.code})
    incomplete = client.post(submit, {}, content_type="application/json", **headers)
    assert incomplete.status_code == 409
    assert len(incomplete.json()["detail"]["problems"]) > 1
    # The officer does not see scores before they are submitted.
    officer_view = client.get(
        reverse("api:assignment_scores", kwargs={"code": assignment.code}), **bearer(city_officer)
    )
    assert officer_view.json()["scores"] == []
