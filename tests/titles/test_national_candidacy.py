"""Recommending a provincial title to the national list (decisions §80): the candidacy of §64
with its target level as data — selected by the city among provincial titles in force,
confirmed by the enterprise, sent as the same package named for the national list (one signed
PDF per factory, "整合为一个PDF"), and the national title entered in the registry when the
factory is listed."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.titles.domain.certificate_signing import check_certificate_pdf
from greenfactory.titles.domain.province import (
    PROVINCE_EXPORT,
    CandidateRefused,
    confirm_candidate,
    recommendable_titles,
    record_listed,
    request_province_export,
    select_candidates,
)
from greenfactory.titles.domain.province_package import PROVINCE_HEADER
from greenfactory.titles.models import ProvincialCandidate, Title
from tests.factories import BatchFactory, EnterpriseFactory, EnterpriseUserFactory, shipped_system
from tests.sheets import HEADER_ROW

from .test_province import DATA, TODAY, YEAR, city_title

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def batch():

    return BatchFactory(indicator_system=shipped_system(2025))


@pytest.fixture
def city(batch, enterprise):
    return city_title(batch, enterprise)


@pytest.fixture
def provincial(city, enterprise):
    """The factory's Jiangsu title of 2026, listed after its city title."""
    return Title.objects.create(
        enterprise=enterprise,
        level="provincial",
        source="imported",
        status="valid",
        year=2026,
        issued_on=date(2026, 11, 20),
        certificate_number="JS-2026-0101",
    )


def test_the_whole_round_to_the_national_title(
    client, city, provincial, city_officer, enterprise_user, django_capture_on_commit_callbacks
):
    client.force_login(city_officer)
    page = reverse("titles:province_candidates")
    response = client.get(page, {"year": YEAR, "level": "national"})
    assert [t.code for t, _ in response.context["titles"]] == [provincial.code]
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    html = client.get(page, {"year": YEAR, "level": "national"}, **english).content.decode()
    assert "<h1>Recommendation to the national list · 2027</h1>" in html
    assert "Provincial titles in force to select" in html
    assert response.context["level"] == "national"
    response = client.get(page, {"year": YEAR})  # the province's list: the city title
    assert [t.code for t, _ in response.context["titles"]] == [city.code]

    response = client.post(
        page, {"year": YEAR, "level": "national", "action": "select", "titles": [provincial.code]}
    )
    assert response.status_code == 302
    assert response.url.endswith("level=national")
    candidate = ProvincialCandidate.objects.get(title=provincial, year=YEAR)
    assert (candidate.level, candidate.state) == ("national", "selected")
    selected = AuditEvent.objects.get(action="titles.candidate.selected")
    assert selected.changes["level"] == "national"

    client.force_login(enterprise_user)
    confirmation = reverse("titles:province_confirmation", args=[candidate.code])
    assert client.post(confirmation, {**DATA}).status_code == 302

    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page,
            {"year": YEAR, "level": "national", "action": "send", "candidates": [candidate.code]},
        )
    assert response.status_code == 302
    job = ExportJob.objects.get(kind=PROVINCE_EXPORT)
    assert (job.status, job.params["level"]) == ("done", "national")
    download = client.get(reverse("core:export_download", args=[job.code]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    sheet = load_workbook(io.BytesIO(archive.read("推荐汇总表.xlsx")))["推荐汇总表"]
    assert sheet["A1"].value == f"{YEAR}年国家级绿色工厂推荐汇总表"
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    row = dict(zip(PROVINCE_HEADER, rows[1], strict=True))
    assert row["已获称号"] == "2026年省级绿色工厂（JS-2026-0101）"
    combined = archive.read("01-常州绿源新材料有限公司/申报材料（整合签章）.pdf")
    assert check_certificate_pdf(combined).genuine

    response = client.post(
        reverse("titles:province_candidate", args=[candidate.code]),
        {
            "action": "listed",
            "issued_on": "2027-03-10",
            "certificate_number": "GY-2027-0042",
            "reference": "工信厅节函〔2027〕1号",
        },
    )
    assert response.status_code == 302
    detail = client.get(
        reverse("titles:province_candidate", args=[candidate.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Recommendation to the national list</a>" in detail.content.decode()
    candidate.refresh_from_db()
    national = candidate.granted_title
    assert (national.level, national.year, national.status) == ("national", YEAR, "valid")
    assert national.certificate_number == "GY-2027-0042"
    granted = AuditEvent.objects.get(action="titles.title.granted_from_nation")
    assert granted.object_id == national.code
    listed = AuditEvent.objects.get(action="titles.candidate.listed")
    assert (listed.changes["level"], listed.changes["granted_title"]) == (
        "national",
        national.code,
    )


def test_only_titles_of_the_level_below_are_offered(city, provincial, city_officer):
    assert list(recommendable_titles(city_officer, "national")) == [provincial]
    assert list(recommendable_titles(city_officer, "provincial")) == [city]
    with pytest.raises(PermissionDenied):  # a city title is not recommended to the nation
        select_candidates([city], actor=city_officer, year=YEAR, level="national")
    with override("en"), pytest.raises(CandidateRefused, match="national list"):
        select_candidates([provincial], actor=city_officer, year=YEAR, level="city")
    assert not ProvincialCandidate.objects.exists()


def test_one_package_goes_to_one_list(batch, city, provincial, city_officer, enterprise_user):

    other = EnterpriseFactory(name="常州新北光伏材料有限公司")
    other_city = city_title(batch, other, number="CZ-2025-009")
    [national] = select_candidates([provincial], actor=city_officer, year=YEAR, level="national")
    [to_province] = select_candidates([other_city], actor=city_officer, year=YEAR)
    confirm_candidate(national, actor=enterprise_user, data=DATA)
    confirm_candidate(to_province, actor=EnterpriseUserFactory(enterprise=other), data=DATA)
    with override("en"), pytest.raises(CandidateRefused) as refused:
        request_province_export([national, to_province], actor=city_officer, year=YEAR)
    assert refused.value.messages == [
        "常州新北光伏材料有限公司 is recommended to another list: send each list on its own."
    ]
    assert not ExportJob.objects.exists()


def test_a_national_title_imported_first_is_linked(
    provincial, city_officer, enterprise_user, enterprise
):
    [candidate] = select_candidates([provincial], actor=city_officer, year=YEAR, level="national")
    confirm_candidate(candidate, actor=enterprise_user, data=DATA)
    request_province_export([candidate], actor=city_officer, year=YEAR)
    held = Title.objects.create(
        enterprise=enterprise,
        level="national",
        source="imported",
        status="valid",
        year=YEAR,
        issued_on=date(2027, 3, 10),
    )
    listed = record_listed(candidate, actor=city_officer, issued_on=date(2027, 3, 10))
    assert listed.granted_title == held
    assert Title.objects.filter(enterprise=enterprise, level="national").count() == 1


@pytest.mark.parametrize(
    "persona", ["district_officer", "enterprise_user", "agency_user", "system_admin"]
)
def test_only_the_city_selects_for_the_national_list(request, provincial, persona):
    actor = request.getfixturevalue(persona)
    assert not recommendable_titles(actor, "national").exists()
    with pytest.raises(PermissionDenied):
        select_candidates([provincial], actor=actor, year=YEAR, level="national")


def test_an_empty_selection_names_the_titles_of_its_list(client, city_officer):
    client.force_login(city_officer)
    page = reverse("titles:province_candidates")
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    national = client.get(page, {"year": YEAR, "level": "national"}, **english).text
    assert "No provincial title in force left to select." in national
    assert "No city title in force left to select." not in national
    provincial = client.get(page, {"year": YEAR}, **english).text
    assert "No city title in force left to select." in provincial
