"""The officers' home pages list the calls for applications, not the spot checks' batches."""

import pytest
from django.urls import reverse

from tests.factories import BatchFactory

pytestmark = pytest.mark.django_db


def test_home_lists_application_batches_only(client, city_officer, district_officer):
    call = BatchFactory(year=2026, state="open", title="2026年绿色工厂申报")
    check = BatchFactory(year=2026, state="open", purpose="spot_check", title="2026年抽检")
    for officer in (city_officer, district_officer):
        client.force_login(officer)
        html = client.get(reverse("dashboards:home")).content.decode()
        assert reverse("dashboards:pipeline", args=[call.code]) in html
        assert reverse("dashboards:pipeline", args=[check.code]) not in html
