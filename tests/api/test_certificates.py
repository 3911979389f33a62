"""A title's certificate PDF through the API: the titles page's permission, 404 until built."""

import pytest
from django.urls import reverse

from greenfactory.titles.models import Title

from .conftest import officer_of_another_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def title(api_objects):
    return Title.objects.get(code=api_objects["kwargs"]["title"]["code"])


def test_the_enterprise_downloads_its_certificate(client, title, enterprise_user, bearer):
    response = client.get(
        reverse("api:title_certificate", kwargs={"code": title.code}), **bearer(enterprise_user)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert title.certificate_number in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_not_found_until_the_certificate_is_generated(client, title, city_officer, bearer):
    title.certificate.delete(save=True)
    response = client.get(
        reverse("api:title_certificate", kwargs={"code": title.code}),
        HTTP_ACCEPT="application/pdf",
        **bearer(city_officer),
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", ["other_enterprise_user", "district_officer", "agency_user"])
def test_others_do_not_get_it(request, client, title, bearer, persona):
    url = reverse("api:title_certificate", kwargs={"code": title.code})
    response = client.get(url, **bearer(request.getfixturevalue(persona)))
    assert response.status_code == 404


def test_a_city_officer_of_another_city_does_not_get_it(client, title, bearer):
    url = reverse("api:title_certificate", kwargs={"code": title.code})
    assert client.get(url, **bearer(officer_of_another_city())).status_code == 404
