"""Each list endpoint costs the same number of queries for one row and for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.models import Application
from tests.factories import BatchFactory, EnterpriseFactory
from tests.rewards.helpers import default_rates, grant

from .conftest import notice_of
from .test_public import title

pytestmark = [pytest.mark.django_db, pytest.mark.queries]


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.json()["results"]
    return len(queries)


def one_and_many(client, url, add, django_assert_num_queries):
    add(0)
    expected = count(client, url)
    for n in range(1, 8):
        add(n)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.json()["results"]) == 8


def test_applications(client, city_officer, django_assert_num_queries):
    client.force_login(city_officer)

    def add(n):
        Application.objects.create(
            batch=BatchFactory(),
            enterprise=EnterpriseFactory(),
            state="submitted",
            submitted_at=timezone.now(),
        )

    one_and_many(client, reverse("api:application_list"), add, django_assert_num_queries)


def test_enterprises(client, city_officer, django_assert_num_queries):
    client.force_login(city_officer)
    one_and_many(
        client,
        reverse("api:enterprise_list"),
        lambda n: EnterpriseFactory(),
        django_assert_num_queries,
    )


def test_batches(client, city_officer, django_assert_num_queries):
    client.force_login(city_officer)
    one_and_many(
        client, reverse("api:batch_list"), lambda n: BatchFactory(), django_assert_num_queries
    )


def test_titles(client, django_assert_num_queries):
    one_and_many(
        client,
        reverse("api:title_list"),
        lambda n: title(EnterpriseFactory(), 2010 + n),
        django_assert_num_queries,
    )


def test_ledger(client, city_officer, django_assert_num_queries):
    client.force_login(city_officer)
    default_rates()
    one_and_many(
        client,
        reverse("api:ledger"),
        lambda n: grant(EnterpriseFactory(), "city", 2020),
        django_assert_num_queries,
    )


def test_notices(client, city_officer, django_assert_num_queries):
    def add(n):
        application = Application.objects.create(
            batch=BatchFactory(), enterprise=EnterpriseFactory(), state="submitted"
        )
        notice_of(application, published_by=city_officer)

    one_and_many(client, reverse("api:notice_list"), add, django_assert_num_queries)


def test_spot_checks(client, city_officer, django_assert_num_queries):
    from greenfactory.supervision.domain.rounds import draw_sample
    from tests.supervision.helpers import make_round, make_title

    client.force_login(city_officer)

    def add(n):
        make_title()
        round_ = make_round(city_officer, sample_count=1)
        draw_sample(round_, actor=city_officer, seed=f"queries{n:03d}")

    one_and_many(client, reverse("api:spot_check_list"), add, django_assert_num_queries)
