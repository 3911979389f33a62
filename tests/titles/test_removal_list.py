"""A removal list published above the city (撤销名单), decisions §71: matched by name (or code)
like the title lists, each match by name confirmed by the officer, every confirmed title struck
through the title workflow with the list's name and day, all or nothing; titles not held listed,
titles already struck skipped on a re-import. The fixture's names are real published names of
listed factories (``data/README.md``); none of them is known to have been removed."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from greenfactory.accounts.models import EnterpriseNameChange
from greenfactory.core.models import AuditEvent
from greenfactory.titles.domain.removal_import import (
    RemovalImportRefused,
    import_removals,
    preview_removal_import,
)
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, region, valid_uscc

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CRRC = "中车戚墅堰机车车辆工艺研究所有限公司"
CSR = "南车戚墅堰机车车辆工艺研究所有限公司"  # its name before the 2015 CSR–CNR merger
JIAXUAN = "江苏嘉轩智能工业科技股份有限公司"
BAIC = "北京北汽模塑科技有限公司"
LIST = "2026年度绿色制造名单动态调整移出名单（测试）"
DECIDED = date(2026, 3, 20)


def fixture() -> SimpleUploadedFile:
    return SimpleUploadedFile("removal.csv", (DATA / "removal_list_layout.csv").read_bytes())


def title(enterprise, level, year, issued, number):
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source="imported",
        status="valid",
        issued_on=issued,
        certificate_number=number,
    )


@pytest.fixture
def held(db):
    """The two real Changzhou factories: Jiaxuan holds a national title, CRRC a provincial
    one only."""
    crrc = EnterpriseFactory(name=CRRC, district=region("320412"))
    jiaxuan = EnterpriseFactory(name=JIAXUAN, district=region("320412"))
    return {
        "crrc": crrc,
        "jiaxuan": jiaxuan,
        "national": title(jiaxuan, "national", 2025, date(2026, 2, 6), "GJ-2025-JX"),
        "provincial": title(crrc, "provincial", 2021, date(2021, 12, 22), "SJ-2021-ZC"),
    }


def preview(actor, upload=None, level="national", decided_on=DECIDED):
    return preview_removal_import(
        upload or fixture(), actor=actor, level=level, list_name=LIST, decided_on=decided_on
    )


def test_the_preview_offers_the_match_lists_the_rest_and_strikes_nothing(city_officer, held):
    report = preview(city_officer)
    assert report.errors == []
    [row] = report.candidates
    assert (row.row, row.name) == (3, JIAXUAN)
    assert [(c.enterprise, c.confidence) for c in row.candidates] == [(held["jiaxuan"], 100)]
    [not_held] = report.not_held  # CRRC holds a provincial title, not a national one
    assert (not_held.row, not_held.enterprise) == (4, held["crrc"])
    [unmatched] = report.unmatched
    assert (unmatched.row, unmatched.name) == (5, BAIC)
    assert report.to_strike == [] and report.struck == []
    assert report.token
    held["national"].refresh_from_db()
    assert held["national"].status == "valid"


def test_a_confirmed_row_strikes_the_title_with_the_lists_name_and_day(city_officer, held):
    report = preview(city_officer)
    [row] = report.candidates
    [struck] = import_removals(
        report.token, actor=city_officer, confirmed=[f"{row.ref}={held['jiaxuan'].code}"]
    )
    national = held["national"]
    national.refresh_from_db()
    assert struck == national
    assert (national.status, national.revoked_on) == ("revoked", DECIDED)
    change = national.status_changes.order_by("-at", "-pk").first()
    assert (change.from_status, change.to_status) == ("valid", "revoked")
    assert change.reason == f"列入撤销名单: {LIST}"
    entry = AuditEvent.objects.filter(action="recognition.title.status_changed").last()
    assert entry.changes["removed_above"] == "national"
    assert entry.changes["document"] == LIST
    assert entry.changes["matched_by"] == "name"
    whole = AuditEvent.objects.get(action="titles.removal_list.imported")
    assert whole.changes["titles"] == [national.code]
    assert whole.changes["not_held"] == ["CSV!4"] and whole.changes["unmatched"] == ["CSV!5"]
    assert whole.changes["decided_on"] == "2026-03-20"
    held["provincial"].refresh_from_db()
    assert held["provincial"].status == "valid"  # another level: untouched


def test_a_re_import_skips_the_titles_already_struck(
    city_officer, held, django_capture_on_commit_callbacks
):
    report = preview(city_officer)
    [row] = report.candidates
    with django_capture_on_commit_callbacks(execute=True):  # the stored file is discarded
        import_removals(
            report.token, actor=city_officer, confirmed=[f"{row.ref}={held['jiaxuan'].code}"]
        )
    again = preview(city_officer)
    assert [(r.row, r.enterprise) for r in again.struck] == [(3, held["jiaxuan"])]
    assert again.candidates == [] and again.to_strike == []
    assert again.token == ""  # nothing left to strike: nothing to confirm
    with override("en"), pytest.raises(RemovalImportRefused, match="expired or was already"):
        import_removals(report.token, actor=city_officer, confirmed=[])
    assert held["national"].status_changes.filter(to_status="revoked").count() == 1


def test_an_unticked_match_strikes_nothing(city_officer, held):
    report = preview(city_officer)
    with override("en"), pytest.raises(RemovalImportRefused, match="No confirmed row holds"):
        import_removals(report.token, actor=city_officer, confirmed=[])
    held["national"].refresh_from_db()
    assert held["national"].status == "valid"
    assert not AuditEvent.objects.filter(action="titles.removal_list.imported").exists()


def test_a_former_name_is_matched_and_a_provincial_list_strikes_the_provincial_title(
    city_officer, held
):
    EnterpriseNameChange.objects.create(enterprise=held["crrc"], old_name=CSR, new_name=CRRC)
    upload = SimpleUploadedFile("list.csv", f"省份,企业名称\n江苏省,{CSR}\n".encode())
    report = preview(city_officer, upload, level="provincial")
    [row] = report.candidates
    [candidate] = row.candidates
    assert (candidate.enterprise, candidate.former) == (held["crrc"], True)
    import_removals(report.token, actor=city_officer, confirmed=[f"{row.ref}={held['crrc'].code}"])
    held["provincial"].refresh_from_db()
    assert held["provincial"].status == "revoked"


def test_all_or_nothing_a_title_issued_after_the_decision_strikes_none(city_officer, held):
    """Two rows by credit code; the second title was issued after the day of the decision."""
    late = EnterpriseFactory(name="常州某某新材料有限公司", district=region("320411"))
    title(late, "national", 2026, date(2026, 6, 1), "GJ-2026-XC")
    upload = SimpleUploadedFile(
        "codes.csv",
        (
            "统一社会信用代码,企业名称\n"
            f"{held['jiaxuan'].uscc},{JIAXUAN}\n{late.uscc},{late.name}\n"
        ).encode(),
    )
    report = preview(city_officer, upload)
    assert [r.enterprise for r in report.to_strike] == [held["jiaxuan"], late]
    with override("en"), pytest.raises(RemovalImportRefused, match="precedes the issue"):
        import_removals(report.token, actor=city_officer, confirmed=[])
    assert Title.objects.filter(status="revoked").count() == 0


def test_a_code_not_in_the_region_is_listed_not_an_error(city_officer, held):
    upload = SimpleUploadedFile(
        "codes.csv", f"统一社会信用代码,企业名称\n{valid_uscc()},{BAIC}\n".encode()
    )
    report = preview(city_officer, upload)
    assert report.errors == [] and [r.row for r in report.unmatched] == [2]
    assert report.token == ""


def test_a_city_level_or_a_day_to_come_is_refused(city_officer, held):
    with override("en"), pytest.raises(RemovalImportRefused, match="provincial and national"):
        preview(city_officer, level="city")
    with override("en"), pytest.raises(RemovalImportRefused, match="cannot be in the future"):
        preview(city_officer, decided_on=date(2099, 1, 1))


def test_district_officers_and_enterprises_may_not_preview_or_strike(
    district_officer, enterprise_user, city_officer, held
):

    report = preview(city_officer)
    for user in (district_officer, enterprise_user):
        with pytest.raises(PermissionDenied):
            preview(user)
        with pytest.raises(PermissionDenied):
            import_removals(report.token, actor=user, confirmed=[])


def test_the_pages_preview_and_strike_and_keep_what_was_typed(client, city_officer, held):
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    url = reverse("titles:removal_import")
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {"level": "national", "list_name": LIST, "decided_on": "2099-01-01", "workbook": fixture()},
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "cannot be in the future" in text and LIST in text
    page = client.post(
        url,
        {"level": "national", "list_name": LIST, "decided_on": "2026-03-20", "workbook": fixture()},
    )
    assert page.status_code == 200
    report = page.context["report"]
    [row] = report.candidates
    done = client.post(
        reverse("titles:removal_import_confirm"),
        {"token": report.token, "confirmed": [f"{row.ref}={held['jiaxuan'].code}"]},
    )
    assert done.status_code == 302 and done.url == reverse("titles:titles")
    held["national"].refresh_from_db()
    assert held["national"].status == "revoked"


def test_the_preview_costs_the_same_for_1_and_many_rows(client, city_officer, held):

    others = [
        EnterpriseFactory(name=f"常州某某{word}有限公司", district=region("320411"))
        for word in ("精工", "化工", "纺织")
    ]
    for number, enterprise in enumerate(others):
        title(enterprise, "national", 2024, date(2025, 1, 10), f"GJ-2024-{number}")
    client.force_login(city_officer)
    url = reverse("titles:removal_import")

    def post(names):
        body = "省份,企业名称\n" + "".join(f"江苏省,{name}\n" for name in names)
        upload = SimpleUploadedFile("list.csv", body.encode())
        data = {"level": "national", "list_name": LIST, "decided_on": "2026-03-20"}
        with CaptureQueriesContext(connection) as queries:
            page = client.post(url, {**data, "workbook": upload})
        assert page.status_code == 200
        return page, len(queries)

    post([JIAXUAN])  # what is read once per process
    one_page, one = post([JIAXUAN])
    many_page, many = post([JIAXUAN, CRRC, BAIC, *(e.name for e in others)])
    assert len(one_page.context["report"].candidates) == 1
    assert len(many_page.context["report"].candidates) == 4
    assert many == one
