"""What the read endpoints show: the indicator tree, an application with its 自评表, and the
expert score only to the officers who may read the expert review."""

from decimal import Decimal

import pytest
from django.urls import reverse

from greenfactory.applications.models import SelfEvaluation
from greenfactory.reviews.models import ExpertResult

pytestmark = pytest.mark.django_db


def test_the_indicator_tree_names_each_parent(client, api_objects, city_officer, bearer):
    system = api_objects["submitted"].batch.indicator_system
    url = reverse("api:indicator_system_detail", kwargs={"slug": system.slug})
    body = client.get(url, **bearer(city_officer)).json()
    rows = body["indicators"]
    assert len(rows) == system.indicators.count()
    by_code = {row["code"]: row for row in rows}
    child = system.indicators.filter(parent__isnull=False).order_by("position").first()
    assert by_code[child.code]["parent"] == child.parent.code
    assert all(by_code[row["parent"]]["level"] < row["level"] for row in rows if row["parent"])
    bad = client.get(
        reverse("api:indicator_system_detail", kwargs={"slug": "GBT36132-2025"}),
        **bearer(city_officer),
    )
    assert bad.status_code == 404


def test_the_expert_score_is_shown_to_officers_only(
    client, api_objects, enterprise_user, city_officer, bearer
):
    submitted = api_objects["submitted"]
    item = submitted.batch.indicator_system.indicators.filter(kind="gate").first()
    SelfEvaluation.objects.create(application=submitted, indicator=item, met=True)
    ExpertResult.objects.create(
        application=submitted, score=Decimal("81.50"), rule="mean", expert_count=5
    )
    url = reverse("api:application_detail", kwargs={"code": submitted.code})
    officer = client.get(url, **bearer(city_officer)).json()
    enterprise = client.get(url, **bearer(enterprise_user)).json()
    assert officer["expert_score"] == "81.50"
    assert enterprise["expert_score"] is None
    assert [row["indicator"] for row in enterprise["self_evaluation"]] == [item.code]
    assert enterprise["self_evaluation"][0]["met"] is True
    assert enterprise["state"] == "submitted" and enterprise["batch"] == submitted.batch.code


def test_lists_page_by_cursor(client, city_officer, bearer):
    from tests.factories import BatchFactory

    for _ in range(5):
        BatchFactory()
    headers = bearer(city_officer)
    first = client.get(reverse("api:batch_list"), {"page_size": 3}, **headers).json()
    assert len(first["results"]) == 3 and first["previous"] is None
    second = client.get(first["next"], **headers).json()
    assert len(second["results"]) == 2 and second["next"] is None
    codes = [row["code"] for row in first["results"] + second["results"]]
    assert codes == sorted(codes) and len(set(codes)) == 5
    bad = client.get(reverse("api:batch_list"), {"cursor": "not-a-cursor"}, **headers)
    assert bad.status_code == 404 and bad.json()["code"] == "not_found"


def test_the_ledger_filters_are_checked(client, city_officer, bearer):
    url = reverse("api:ledger")
    answer = client.get(url, {"year": "twenty"}, **bearer(city_officer))
    assert answer.status_code == 400
    assert list(answer.json()["detail"]) == ["year"]


@pytest.mark.parametrize("query", [{"year": ""}, {"status": ""}, {"page_size": "x"}])
def test_an_empty_or_wrong_filter_is_refused_not_ignored(client, city_officer, bearer, query):
    """Found by the long schemathesis run: ``?year=`` was read as no filter."""
    answer = client.get(reverse("api:ledger"), query, **bearer(city_officer))
    assert answer.status_code == 400 and list(answer.json()["detail"]) == list(query)
