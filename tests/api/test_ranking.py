"""A batch's ranking through the API: the rows, reasons and proposed changes of the page."""

import pytest
from django.urls import reverse

from greenfactory.recognition.domain.ranking import compute_ranking, propose_change
from tests.recognition.ranked import reviewed_batch

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
