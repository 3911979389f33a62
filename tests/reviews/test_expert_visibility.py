"""An assigned expert reads the application it scores; other experts do not."""

import pytest
from django.urls import reverse

from tests.factories import ExpertReviewApplicationFactory

pytestmark = pytest.mark.django_db


def test_assigned_expert_reads_the_application_and_its_evidence(
    client, assigned_expert, unassigned_expert
):
    application = ExpertReviewApplicationFactory(experts=[assigned_expert])
    item = application.evidence_files.first()
    pages = [
        reverse("applications:application_detail", args=[application.code]),
        reverse("applications:self_evaluation", args=[application.code]),
    ]
    download = reverse("applications:evidence_download", args=[application.code, item.code])
    client.force_login(assigned_expert)
    for page in pages:
        assert client.get(page).status_code == 200
    response = client.get(download)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    client.force_login(unassigned_expert)  # an expert, not assigned
    for url in [*pages, download]:
        assert client.get(url).status_code == 404
