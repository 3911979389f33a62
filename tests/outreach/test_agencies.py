"""The public directory of third-party agencies: who prepared submitted applications and how
those ended, counted in one query."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.enums import ApplicationState as S
from greenfactory.applications.models import Application
from greenfactory.outreach.domain.agency_directory import agency_directory
from greenfactory.titles.enums import TitleSource
from greenfactory.titles.models import Title
from tests.factories import AgencyFactory, BatchFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def prepared(agency, batch, state, *, submitted=True, titled=False):
    application = Application.objects.create(
        batch=batch,
        enterprise=EnterpriseFactory(),
        state=state,
        prepared_by_agency=agency,
        submitted_at=timezone.now() if submitted else None,
    )
    if titled:
        Title.objects.create(
            enterprise=application.enterprise,
            application=application,
            batch=batch,
            level="city",
            year=2026,
            source=TitleSource.DESIGNATED,
            issued_on=date(2026, 12, 1),
        )
    return application


@pytest.fixture
def batches(db):
    return BatchFactory(state="published"), BatchFactory(state="in_review")


def test_each_outcome_is_counted_once(batches):
    published, current = batches
    busy, drafting, idle = AgencyFactory(name="甲评价"), AgencyFactory(), AgencyFactory()
    prepared(busy, published, S.REVIEWED, titled=True)
    prepared(busy, published, S.REVIEWED, titled=True)
    prepared(busy, published, S.REVIEWED)  # ranked below the line: not designated
    prepared(busy, current, S.WITHDRAWN)  # withdrawn after submission: not designated
    prepared(busy, current, S.DISTRICT_REJECTED)
    prepared(busy, current, S.EXPERT_REVIEW)
    prepared(busy, current, S.RETURNED)
    prepared(busy, current, S.DRAFT, submitted=False)  # never submitted: not counted
    prepared(drafting, current, S.DRAFT, submitted=False)
    rows = [
        (a.name, a.submitted, a.designated, a.not_designated, a.rejected, a.in_progress)
        for a in agency_directory()
    ]
    assert rows == [("甲评价", 7, 2, 2, 1, 2)]
    assert idle.name not in str(rows)


@pytest.mark.queries
def test_the_directory_costs_the_same_for_1_and_many(client, batches):
    published, current = batches
    prepared(AgencyFactory(), published, S.REVIEWED, titled=True)
    url = reverse("outreach:agencies")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["page"]) == 1
    for _ in range(4):
        agency = AgencyFactory()
        prepared(agency, published, S.REVIEWED, titled=True)
        prepared(agency, current, S.DISTRICT_REJECTED)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["page"]) == 5
    assert len(many) == len(one)
    assert [a.submitted for a in page.context["page"]] == [2, 2, 2, 2, 1]
