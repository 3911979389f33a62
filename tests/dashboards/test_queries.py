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
    # session, user with scope, count, page of rows, unread messages, then the session saved
    # (savepoint, update, release)
    assert count_queries(client, reverse("accounts:enterprise_list")) == 8
