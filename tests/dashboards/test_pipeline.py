import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.models import Application
from tests.factories import BatchFactory, EnterpriseFactory, region

pytestmark = pytest.mark.django_db


def application(batch, district, state):
    return Application.objects.create(
        batch=batch,
        enterprise=EnterpriseFactory(district=region(district)),
        state=state,
        submitted_at=None if state == "draft" else timezone.now(),
    )


def test_pipeline_counts_by_district_and_state(client, city_officer, district_officer):
    batch = BatchFactory()
    for district, state in [
        ("320412", "submitted"),
        ("320412", "submitted"),
        ("320412", "recommended"),
        ("320411", "returned"),
        ("320411", "draft"),
    ]:
        application(batch, district, state)
    client.force_login(city_officer)
    response = client.get(reverse("dashboards:pipeline", args=[batch.code]))
    states = [s.value for s in response.context["states"]]
    rows = {
        row["district"]: dict(zip(states, row["cells"], strict=True))
        for row in response.context["rows"]
    }
    assert rows["武进区"]["submitted"] == 2
    assert rows["武进区"]["recommended"] == 1
    assert rows["新北区"]["returned"] == 1
    assert sum(rows["新北区"].values()) == 1  # the unsubmitted draft is not counted
    client.force_login(district_officer)
    response = client.get(reverse("dashboards:pipeline", args=[batch.code]))
    assert [row["district"] for row in response.context["rows"]] == ["武进区"]


@pytest.mark.queries
def test_pipeline_costs_the_same_for_few_and_many(client, city_officer):
    batch = BatchFactory()
    application(batch, "320412", "submitted")
    client.force_login(city_officer)
    url = reverse("dashboards:pipeline", args=[batch.code])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for district in ("320402", "320404", "320413", "320481"):
        for state in ("submitted", "recommended", "returned"):
            application(batch, district, state)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_home_links_to_the_pipeline_once_and_the_title_is_plain(client, city_officer):
    batch = BatchFactory()
    client.force_login(city_officer)
    html = client.get(reverse("dashboards:home")).content.decode()
    assert html.count(reverse("dashboards:pipeline", args=[batch.code])) == 1
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<" not in title
