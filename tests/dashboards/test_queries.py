"""Query counts per page do not grow with the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.core.domain.audit import record_event
from tests.factories import EnterpriseFactory, UserFactory, region

pytestmark = [pytest.mark.queries, pytest.mark.django_db]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def make_enterprises(n):
    for i in range(n):
        EnterpriseFactory(
            district=region("320412" if i % 2 else "320411"),
            status=EnterpriseStatus.PENDING if i % 3 else EnterpriseStatus.CONFIRMED,
        )


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("city_officer", "accounts:enterprise_list"),
        ("district_officer", "accounts:enterprise_list"),
        ("city_officer", "dashboards:home"),
        ("district_officer", "dashboards:home"),
        ("agency_user", "dashboards:home"),
        ("enterprise_user", "dashboards:home"),
    ],
)
def test_enterprise_pages_cost_the_same_for_1_and_many(request, client, persona, url_name):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(url_name)
    make_enterprises(2)  # one row in each of two districts
    few = count_queries(client, url)
    make_enterprises(40)
    many = count_queries(client, url)
    assert few == many


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("system_admin", "accounts:account_list"),
        ("security_admin", "accounts:account_list"),
        ("system_admin", "dashboards:home"),
        ("security_admin", "dashboards:home"),
    ],
)
def test_account_pages_cost_the_same_for_1_and_many(request, client, persona, url_name):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(url_name)
    UserFactory()
    few = count_queries(client, url)
    for _ in range(30):
        UserFactory()
    many = count_queries(client, url)
    assert few == many


@pytest.mark.parametrize("url_name", ["core:audit_list", "dashboards:home"])
def test_audit_pages_cost_the_same_for_1_and_many(client, audit_admin, url_name):
    client.force_login(audit_admin)
    url = reverse(url_name)
    record_event("tests.one", actor=audit_admin)
    few = count_queries(client, url)
    for n in range(60):
        record_event(f"tests.{n}", actor=audit_admin)
    many = count_queries(client, url)
    assert few == many


def test_enterprise_list_query_count_is_small(client, city_officer):
    make_enterprises(10)
    client.force_login(city_officer)
    # the session read with its user and scope (decisions §100), count, page of rows, unread
    # messages; the session is not written (it was saved less than a minute ago, at login)
    assert count_queries(client, reverse("accounts:enterprise_list")) == 4


def test_the_enterprise_home_lists_its_titles_at_a_constant_cost(client, enterprise_user):
    from datetime import date

    from greenfactory.titles.models import Title

    client.force_login(enterprise_user)
    url = reverse("dashboards:home")

    def title(year):
        return Title.objects.create(
            enterprise=enterprise_user.enterprise,
            level="city",
            year=year,
            source="imported",
            certificate_number=f"EXT-{year}",
            issued_on=date(year, 12, 1),
        )

    title(2019)
    few = count_queries(client, url)
    for year in range(2020, 2026):
        title(year)
    many = count_queries(client, url)
    assert few == many
    page = client.get(url).content.decode()
    assert "EXT-2025" in page and "EXT-2019" in page
    other = EnterpriseFactory()
    Title.objects.create(
        enterprise=other,
        level="city",
        year=2025,
        source="imported",
        certificate_number="EXT-OTHER",
        issued_on=date(2025, 12, 1),
    )
    assert "EXT-OTHER" not in client.get(url).content.decode()
