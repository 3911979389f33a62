"""The batches offered in the lists' filters: visible, no drafts, kept a minute per role and
region, never another region's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenfactory.programme.domain.queries import batch_choices
from tests.factories import BatchFactory, region

pytestmark = pytest.mark.django_db


def test_the_visible_batches_without_drafts(district_officer):
    city = BatchFactory(title="常州市批次")
    district = BatchFactory(region=region("320412"), title="武进区批次")
    BatchFactory(title="草稿批次", state="draft")
    BatchFactory(region=region("320411"), title="新北区批次")
    assert sorted(batch_choices(district_officer)) == sorted(
        [(city.code, city.title), (district.code, district.title)]
    )


def test_kept_per_region(district_officer, other_district_officer, city_officer):
    BatchFactory(region=region("320412"), title="武进区批次")
    BatchFactory(region=region("320411"), title="新北区批次")
    wujin = batch_choices(district_officer)
    with CaptureQueriesContext(connection) as queries:
        assert batch_choices(district_officer) == wujin
    assert len(queries) == 0
    xinbei = batch_choices(other_district_officer)
    assert [title for _, title in xinbei] == ["新北区批次"]
    assert {title for _, title in batch_choices(city_officer)} == {"武进区批次", "新北区批次"}


def test_a_batch_opened_shows_within_the_minute(district_officer, time_machine):
    time_machine.move_to("2026-11-26 09:00:00+08:00", tick=False)
    batch = BatchFactory(state="draft")
    assert batch_choices(district_officer) == []
    batch.state = "open"
    batch.save()
    time_machine.move_to("2026-11-26 09:01:01+08:00", tick=False)
    assert batch_choices(district_officer) == [(batch.code, batch.title)]
