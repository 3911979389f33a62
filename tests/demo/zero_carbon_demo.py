"""The demo's zero-carbon round of 2026 (decisions §72, §78), replayed on the green factory's
engine: a machinery factory and an electronics factory apply with their carbon inventories;
the machinery factory, near-zero, is designated a 近零碳工厂 with its certificate; the
electronics factory, not yet near-zero, is not proposed; the public list and verification page
say which programme and grade."""

from django.urls import reverse
from django.utils import translation

from greenfactory.applications.domain.carbon.status import carbon_status_of_application
from greenfactory.applications.models import Application, CarbonInventory
from greenfactory.programme.enums import Programme, TitleGrade
from greenfactory.programme.models import Batch
from greenfactory.recognition.domain.ranking_queries import current_ranking, reason_text
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
    by_division = {a.enterprise.industry.code: a for a in applications}
    machinery, electronics = by_division["34"], by_division["39"]
    # Both keep a baseline and a 2025 inventory, recorded before the round was ranked.
    for application in (machinery, electronics):
        years = CarbonInventory.objects.filter(enterprise=application.enterprise)
        assert sorted(years.values_list("year", flat=True)) == [2020, 2025]
    assert carbon_status_of_application(machinery) == "near_zero"
    assert carbon_status_of_application(electronics) == "not_yet"
    entries = {e.application_id: e for e in current_ranking(batch).entries.all()}
    assert entries[machinery.pk].proposed and not entries[electronics.pk].eligible
    with translation.override("en"):
        reasons = [reason_text(r) for r in entries[electronics.pk].reasons]
    assert (
        "Carbon status “Not yet near-zero”: only a zero-carbon or near-zero-carbon factory "
        "can be designated"
    ) in reasons
    [title] = Title.objects.filter(batch=batch)
    assert (title.enterprise_id, title.programme) == (
        machinery.enterprise_id,
        Programme.ZERO_CARBON,
    )
    assert title.grade == TitleGrade.NEAR_ZERO
    assert title.certificate_number.startswith("LT320400-2026-C0001-")
    assert title_heading(title) == "常州市近零碳工厂"
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
    assert "City-level near-zero-carbon factory" in listed
    verified = client.get(
        reverse("titles:verify_number", args=[title.certificate_number]),
        headers={"accept-language": "en"},
    ).text
    assert "Zero-carbon factory" in verified
    assert "City-level near-zero-carbon factory" in verified
