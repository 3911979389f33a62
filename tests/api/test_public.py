"""Titles and verification without login: the public site's functions and its rate limit."""

from datetime import date

import pytest
from django.urls import reverse

from greenfactory.applications.models import Application
from greenfactory.titles.certificates import format_number
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title
from tests.factories import BatchFactory, EnterpriseFactory

from .conftest import notice_of

pytestmark = pytest.mark.django_db


def title(enterprise, year, status=TitleStatus.VALID, valid_until=None):
    return Title.objects.create(
        enterprise=enterprise,
        level=TitleLevel.CITY,
        year=year,
        source=TitleSource.IMPORTED,
        status=status,
        issued_on=date(year, 12, 1),
        valid_until=valid_until,
        certificate_number=format_number("320400", year, "city", year - 2000),
    )


def verify(client, number, **extra):
    return client.get(reverse("api:verify", kwargs={"number": number}), **extra)


def test_the_list_shows_titles_in_force_only(client, enterprise):
    held = title(enterprise, 2021)
    title(enterprise, 2022, status=TitleStatus.REVOKED)
    title(enterprise, 2018, valid_until=date(2021, 11, 30))  # lapsed
    body = client.get(reverse("api:title_list")).json()
    assert [row["code"] for row in body["results"]] == [held.code]
    assert body["results"][0]["enterprise"]["uscc"] == enterprise.uscc


def test_verification_answers_as_the_web_page(client, enterprise):
    valid = title(enterprise, 2021)
    revoked = title(enterprise, 2022, status=TitleStatus.REVOKED)
    lapsed = title(enterprise, 2019, valid_until=date(2022, 1, 1))
    first_round = title(enterprise, 2020)  # no period: in force years on
    answer = verify(client, valid.certificate_number.lower()).json()
    assert (answer["outcome"], answer["in_force"], answer["title"]["valid_until"]) == (
        "valid",
        True,
        None,
    )
    assert verify(client, first_round.certificate_number).json()["in_force"] is True
    answer = verify(client, revoked.certificate_number).json()
    assert (answer["outcome"], answer["in_force"]) == ("revoked", False)
    answer = verify(client, lapsed.certificate_number).json()
    assert (answer["outcome"], answer["in_force"], answer["title"]["code"]) == (
        "lapsed",
        False,
        lapsed.code,
    )
    assert "2022-01-01" in answer["reason"]
    unknown = verify(client, format_number("320400", 2020, "city", 99))
    assert unknown.status_code == 404
    assert unknown.json()["detail"]["outcome"] == "unknown"
    malformed = verify(client, "NOT-A-NUMBER")
    assert (malformed.status_code, malformed.json()["detail"]["outcome"]) == (404, "malformed")


def test_the_rate_limit_is_shared_with_the_web_page(client, enterprise, time_machine):
    time_machine.move_to("2026-12-01 10:00:05 +08:00", tick=False)
    number = title(enterprise, 2021).certificate_number
    for _ in range(29):
        assert client.get(reverse("titles:verify_number", args=[number])).status_code == 200
    assert verify(client, number).status_code == 200
    refused = verify(client, number)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert verify(client, number, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_notices_as_the_public_pages_show_them(client, api_objects, city_officer):
    current = api_objects["submitted"].batch.public_notice
    later = notice_of(
        Application.objects.create(batch=BatchFactory(), enterprise=EnterpriseFactory()),
        published_by=city_officer,
        publish_scores=True,
        starts_in=3,
    )
    listed = client.get(reverse("api:notice_list")).json()["results"]
    assert [(row["code"], row["open_for_objections"]) for row in listed] == [(current.code, True)]
    detail = client.get(reverse("api:notice_detail", kwargs={"code": current.code})).json()
    assert detail["entries"][0]["enterprise_name"] == current.entries.get().enterprise_name
    assert detail["entries"][0]["score"] is None
    assert detail["publish_scores"] is False
    assert (detail["bureau_contact"], detail["discipline_contact"]) == (
        current.bureau_contact,
        current.discipline_contact,
    )
    assert client.get(reverse("api:notice_detail", kwargs={"code": later.code})).status_code == 404
    later.starts_on = current.starts_on
    later.save()
    shown = client.get(reverse("api:notice_detail", kwargs={"code": later.code})).json()
    assert shown["entries"][0]["score"] == "82.50"
