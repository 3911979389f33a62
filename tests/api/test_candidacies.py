"""The candidacies recommended upward through the API (decisions §80): the city's officers read
those of their region with the steps of the procedure above and its outcome; an enterprise its
own; nobody else any."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.titles.enums import TitleLevel
from greenfactory.titles.models import (
    CandidateStateChange,
    ProvinceStep,
    ProvincialCandidate,
    Title,
)
from tests.factories import EnterpriseFactory

from .conftest import officer_of_another_city

pytestmark = pytest.mark.django_db


def title_of(enterprise, level="city", year=2024, number=None):
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source="imported",
        status="valid",
        issued_on=date(year, 12, 1),
        certificate_number=number,
    )


@pytest.fixture
def listed(enterprise, city_officer):
    """A provincial title recommended to the national list in 2026, sent, its procedure
    recorded, and listed: the national title granted."""
    provincial = title_of(enterprise, "provincial", 2024, "JS-2024-0007")
    national = title_of(enterprise, "national", 2026, "GY-2026-0042")
    candidate = ProvincialCandidate.objects.create(
        title=provincial,
        year=2026,
        level=TitleLevel.NATIONAL,
        state="listed",
        data_year=2025,
        granted_title=national,
        selected_by=city_officer,
    )
    for before, to in [("", "selected"), ("selected", "confirmed"), ("confirmed", "exported")]:
        CandidateStateChange.record(candidate=candidate, before=before, to=to, actor=city_officer)
    CandidateStateChange.record(
        candidate=candidate, before="exported", to="listed", actor=city_officer, reason="工信厅节函"
    )
    for stage, result in [("formal_review", "passed"), ("expert_review", "passed")]:
        ProvinceStep.objects.create(
            candidate=candidate, stage=stage, result=result, held_on=date(2026, 9, 1)
        )
    return candidate


def test_the_city_reads_a_candidacy_with_its_steps_and_the_title_granted(
    client, bearer, listed, city_officer
):
    headers = bearer(city_officer)
    body = client.get(
        reverse("api:candidacy_detail", kwargs={"code": listed.code}), **headers
    ).json()
    assert (body["year"], body["level"], body["state"], body["data_year"]) == (
        2026,
        "national",
        "listed",
        2025,
    )
    assert body["title"]["certificate_number"] == "JS-2024-0007"
    assert body["title"]["level"] == "provincial"
    assert body["granted_title"]["certificate_number"] == "GY-2026-0042"
    assert body["evaluation_body"] is None
    assert [(s["stage"], s["result"], s["held_on"]) for s in body["steps"]] == [
        ("formal_review", "passed", "2026-09-01"),
        ("expert_review", "passed", "2026-09-01"),
    ]
    assert [(h["from_state"], h["to_state"], h["reason"]) for h in body["history"]][-1] == (
        "exported",
        "listed",
        "工信厅节函",
    )


def test_the_list_filters_by_year_level_and_state(client, bearer, listed, enterprise, city_officer):
    other = ProvincialCandidate.objects.create(
        title=title_of(enterprise, "city", 2023), year=2027, selected_by=city_officer
    )
    headers = bearer(city_officer)
    url = reverse("api:candidacy_list")

    def codes(**query):
        answer = client.get(url, query, **headers)
        assert answer.status_code == 200, answer.content
        return sorted(row["code"] for row in answer.json()["results"])

    assert codes() == sorted([listed.code, other.code])
    assert codes(level="national") == [listed.code]
    assert codes(level="provincial", year=2027) == [other.code]
    assert codes(state="listed") == [listed.code]
    refused = client.get(url, {"level": "city"}, **headers)
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"


def test_the_enterprise_reads_its_own_and_nobody_else_any(
    client, bearer, listed, enterprise_user, other_enterprise_user, district_officer
):
    url = reverse("api:candidacy_list")
    assert [r["code"] for r in client.get(url, **bearer(enterprise_user)).json()["results"]] == [
        listed.code
    ]
    for outsider in (other_enterprise_user, district_officer, officer_of_another_city()):
        assert client.get(url, **bearer(outsider)).json()["results"] == []
        detail = reverse("api:candidacy_detail", kwargs={"code": listed.code})
        assert client.get(detail, **bearer(outsider)).status_code == 404


def test_the_list_costs_the_same_for_one_and_many(client, bearer, listed, city_officer):
    headers = bearer(city_officer)
    url = reverse("api:candidacy_list")
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, **headers).status_code == 200
    for number in range(5):
        ProvincialCandidate.objects.create(
            title=title_of(EnterpriseFactory(), "city", 2023),
            year=2026 + number,
            selected_by=city_officer,
        )
    with CaptureQueriesContext(connection) as many:
        answer = client.get(url, **headers)
    assert len(answer.json()["results"]) == 6
    assert len(many) == len(one)
