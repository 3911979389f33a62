"""An assigned expert reads the application it scores; other experts do not."""

import pytest
from django.urls import reverse

from greenfactory.accounts.models import User
from greenfactory.applications.models import Application
from greenfactory.demo.data import load_demo

pytestmark = pytest.mark.django_db


def test_assigned_expert_reads_the_application_and_its_evidence(client):
    load_demo("Demo-Password-2026", history=False)
    application = Application.objects.get(enterprise__users__username="enterprise2")
    item = application.evidence_files.first()
    pages = [
        reverse("applications:application_detail", args=[application.code]),
        reverse("applications:self_evaluation", args=[application.code]),
    ]
    download = reverse("applications:evidence_download", args=[application.code, item.code])
    client.force_login(User.objects.get(username="expert"))  # assigned
    for page in pages:
        assert client.get(page).status_code == 200
    response = client.get(download)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    client.force_login(User.objects.get(username="expert-05"))  # in the pool, not assigned
    for url in [*pages, download]:
        assert client.get(url).status_code == 404
