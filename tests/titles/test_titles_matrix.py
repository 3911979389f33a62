"""The titles' and the public site's pages: who reaches which, one row per URL name, every
persona. The personas and objects are made once for the module
(``tests.database.module_rows``)."""

import pytest
from django.utils import timezone

from greenfactory.outreach.models import Announcement
from tests.access.rows import check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import EnterpriseFactory
from tests.recognition.designation_helpers import notice_for, ranked_batch

from .test_titles_access import ROWS, certified_title

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def titles_objects(module_personas):
    enterprise, city_officer = module_personas["enterprise"], module_personas["city_officer"]
    batch = ranked_batch()
    notice_for(batch, [EnterpriseFactory()])
    title = certified_title(enterprise)
    draft = Announcement.objects.create(region=city_officer.region, title="草稿", body="……")
    published = Announcement.objects.create(
        region=city_officer.region, title="通知", body="……", published_at=timezone.now()
    )
    return {
        "batch": {"batch_code": batch.code},
        "title": {"code": title.code},
        "factory": {"code": enterprise.code},
        "number": {"number": title.certificate_number},
        "csv": {"fmt": "csv"},
        "draft": {"code": draft.code},
        "published": {"code": published.code},
        None: {},
    }


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_titles_pages_per_role(request, client, titles_objects, name, persona):
    check_row(request, client, ROWS, titles_objects, name, persona)
