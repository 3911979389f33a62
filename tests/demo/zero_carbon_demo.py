"""The demo's zero-carbon round of 2026 (decisions §72), replayed on the green factory's engine:
a machinery factory and an electronics factory apply, one is designated, with its certificate,
and the public list and verification page say which programme."""

from django.urls import reverse

from greenfactory.applications.models import Application
from greenfactory.programme.enums import Programme
from greenfactory.programme.models import Batch
from greenfactory.titles.domain.certificate_pdf import build_certificate, title_heading
from greenfactory.titles.domain.public_queries import verify_certificate_file
from greenfactory.titles.models import Title


def check_the_zero_carbon_round(client):
    batch = Batch.objects.get(programme=Programme.ZERO_CARBON)
    assert (batch.year, batch.state, batch.title) == (2026, "published", "2026年常州市零碳工厂申报")
    assert batch.indicator_system.code == "ZERO-CARBON-2026"
    assert batch.industry_sections == "" and "34" in batch.industry_divisions.split(",")
    applications = Application.objects.filter(batch=batch).select_related("enterprise__industry")
    assert sorted(a.enterprise.industry.code for a in applications) == ["34", "39"]
    assert {a.state for a in applications} == {"reviewed"}
    [title] = Title.objects.filter(batch=batch)
    assert title.programme == Programme.ZERO_CARBON
    assert title.certificate_number.startswith("LT320400-2026-C0001-")
    assert title_heading(title) == "常州市零碳工厂"
    # Its certificate, signed as every certificate.
    assert build_certificate(title.pk)
    title.refresh_from_db()
    with title.certificate.open("rb") as stored:
        result = verify_certificate_file(stored.read())
    assert result.signature.genuine and result.signature.number == title.certificate_number
    # The public list's programme filter and the verification page.
    client.logout()
    listed = client.get(
        reverse("titles:factories"),
        {"programme": Programme.ZERO_CARBON},
        headers={"accept-language": "en"},
    ).text
    assert title.enterprise.name in listed
    assert "City-level zero-carbon factory" in listed
    verified = client.get(
        reverse("titles:verify_number", args=[title.certificate_number]),
        headers={"accept-language": "en"},
    ).text
    assert "Zero-carbon factory" in verified
