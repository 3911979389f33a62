"""The public site: the list of green factories with its filters, a factory's page,
certificate verification with its rate limit and the open data. Announcements and the home page
are in ``tests/outreach/test_announcements.py``."""

import csv
import html
import io
import itertools
import json
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from greenfactory.titles.certificates import format_number
from greenfactory.titles.enums import TitleSource, TitleStatus
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, industry, region

pytestmark = pytest.mark.django_db

_sequence = itertools.count(1)


def make_title(
    enterprise, year=2026, level="city", status=TitleStatus.VALID, issued_on=None, **fields
):
    issued_on = issued_on or date(year, 12, 1)
    if status == TitleStatus.REVOKED:
        fields.setdefault("revoked_on", issued_on + timedelta(days=30))
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source=TitleSource.IMPORTED,
        status=status,
        certificate_number=format_number("320400", year, level, next(_sequence)),
        issued_on=issued_on,
        **fields,
    )


def listed(response):
    return [e.name for e in response.context["page"].object_list]


# ---- the list of green factories ----------------------------------------------------------


@pytest.fixture
def factories():
    wujin = EnterpriseFactory(name="武进绿色制造有限公司", district=region("320412"))
    xinbei = EnterpriseFactory(
        name="新北光伏材料有限公司", district=region("320411"), industry=industry("38")
    )
    revoked = EnterpriseFactory(name="已摘牌化工有限公司", district=region("320412"))
    make_title(wujin, 2025)
    make_title(wujin, 2026, level="provincial")
    make_title(xinbei, 2026)
    make_title(revoked, 2025, status=TitleStatus.REVOKED)
    return wujin, xinbei, revoked


def test_the_list_shows_holders_grouped_per_enterprise(client, factories):
    response = client.get(reverse("titles:factories"))
    assert response.status_code == 200
    assert listed(response) == ["新北光伏材料有限公司", "武进绿色制造有限公司"]
    wujin = response.context["page"].object_list[1]
    assert [(t.year, t.level) for t in wujin.held] == [(2026, "provincial"), (2025, "city")]
    assert "已摘牌化工有限公司" not in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"year": "2025"}, ["武进绿色制造有限公司"]),
        ({"year": "2026"}, ["新北光伏材料有限公司", "武进绿色制造有限公司"]),
        ({"district": "320411"}, ["新北光伏材料有限公司"]),
        ({"industry": "C"}, ["新北光伏材料有限公司", "武进绿色制造有限公司"]),
        ({"level": "provincial"}, ["武进绿色制造有限公司"]),
        ({"name": "光伏"}, ["新北光伏材料有限公司"]),
        ({"name": "摘牌"}, []),
        ({"year": "2025", "district": "320411"}, []),
    ],
)
def test_filters(client, factories, query, expected):
    assert listed(client.get(reverse("titles:factories"), query)) == expected


def test_a_bad_filter_value_is_reported_and_ignored(client, factories):
    response = client.get(reverse("titles:factories"), {"year": "1999", "name": "光伏"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert listed(response) == ["新北光伏材料有限公司"]


@pytest.mark.queries
def test_the_list_costs_the_same_for_1_and_many(client):
    make_title(EnterpriseFactory())
    url = reverse("titles:factories")
    with CaptureQueriesContext(connection) as one:
        response = client.get(url, {"level": "city"})
    assert len(response.context["page"].object_list) == 1
    for year in (2024, 2025, 2026):
        enterprise = EnterpriseFactory()
        make_title(enterprise, year)
        make_title(enterprise, year - 3)
    cache.clear()  # the list's body is cached: measure it computed again
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"level": "city"})
    assert len(response.context["page"].object_list) == 4
    assert len(many) == len(one)


def test_the_list_body_is_cached_per_filter_and_language_for_a_minute(client, settings):
    settings.PUBLIC_LIST_CACHE_SECONDS = 60
    first = EnterpriseFactory(name="甲绿色工厂有限公司")
    make_title(first)
    url = reverse("titles:factories")
    with CaptureQueriesContext(connection) as computed:
        assert "甲绿色工厂有限公司" in client.get(url).content.decode()
    make_title(EnterpriseFactory(name="乙绿色工厂有限公司"))
    with CaptureQueriesContext(connection) as served:
        page = client.get(url).content.decode()
    # Served from the cache: no list query, and the new title not shown yet.
    assert len(served) < len(computed)
    assert "乙绿色工厂有限公司" not in page
    # Other filters and the other language are computed for themselves.
    assert "乙绿色工厂有限公司" in client.get(url, {"level": "city"}).content.decode()
    with translation.override("en"):
        english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "乙绿色工厂有限公司" in english and "Green and zero-carbon factories" in english
    # Once the minute has passed (here: the cache emptied), the new title is listed.
    cache.clear()
    assert "乙绿色工厂有限公司" in client.get(url).content.decode()


def test_the_list_is_computed_every_time_when_its_cache_is_off(client, settings):
    settings.PUBLIC_LIST_CACHE_SECONDS = 0
    url = reverse("titles:factories")
    client.get(url)
    make_title(EnterpriseFactory(name="丙绿色工厂有限公司"))
    assert "丙绿色工厂有限公司" in client.get(url).content.decode()


# ---- one factory --------------------------------------------------------------------------


def test_a_factory_page_shows_every_title_the_revoked_one_as_revoked(client, factories):
    wujin, _xinbei, revoked = factories
    response = client.get(reverse("titles:factory", args=[wujin.code]))
    assert response.status_code == 200
    assert [(t.year, t.level) for t in response.context["titles"]] == [
        (2026, "provincial"),
        (2025, "city"),
    ]
    response = client.get(reverse("titles:factory", args=[revoked.code]))
    assert response.status_code == 200
    [title] = response.context["titles"]
    assert title.status == TitleStatus.REVOKED
    assert 'class="badge rejected"' in response.content.decode()


def test_an_enterprise_without_a_title_has_no_page(client, enterprise):
    assert client.get(reverse("titles:factory", args=[enterprise.code])).status_code == 404
    assert client.get(reverse("titles:factory", args=["NOSUCHCODE"])).status_code == 404


# ---- verification -------------------------------------------------------------------------


def verify(client, number):
    return client.get(reverse("titles:verify_number", args=[number]))


def headline(response) -> str:
    """The answer's heading, as text."""
    section = response.content.decode().split('class="panel verification', 1)[1]
    heading = section.split("<h2>", 1)[1].split("</h2>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()


def said(message, **params) -> str:
    with translation.override("zh-hans"):
        return gettext(message) % params if params else gettext(message)


def test_a_held_title_verifies_as_valid(client, factories):
    title = Title.objects.get(enterprise=factories[1])
    response = verify(client, title.certificate_number)
    assert response.status_code == 200
    assert response.context["result"].outcome == "valid"
    assert said("This certificate is genuine and the title is in force.") in headline(response)
    assert said("In force") in headline(response)
    assert "新北光伏材料有限公司" in response.content.decode()


def test_a_title_under_spot_check_still_verifies_as_valid(client, factories):
    title = Title.objects.get(enterprise=factories[1])
    Title.objects.filter(pk=title.pk).update(status=TitleStatus.UNDER_CHECK)
    assert verify(client, title.certificate_number).context["result"].outcome == "valid"


def test_a_revoked_title_verifies_as_revoked(client, factories):
    title = Title.objects.get(enterprise=factories[2])
    response = verify(client, title.certificate_number)
    assert response.status_code == 200
    assert response.context["result"].outcome == "revoked"
    assert said("This title has been revoked: the certificate is no longer valid.") in headline(
        response
    )


def facts(response) -> dict:
    """The answer's facts (term → description), as text."""
    section = response.content.decode().split('class="facts">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section, re.S)
    return {
        html.unescape(re.sub(r"<[^>]+>", "", term)).strip(): " ".join(
            html.unescape(re.sub(r"<[^>]+>", "", text)).split()
        )
        for term, text in pairs
    }


def test_a_2019_title_still_verifies_as_in_force_seven_years_later(client, time_machine):
    """The plan sets no expiry: the headline, the status and the validity say the same."""
    title = make_title(EnterpriseFactory(), 2019, issued_on=date(2019, 12, 1))
    time_machine.move_to("2026-12-01 10:00 +08:00")
    response = verify(client, title.certificate_number)
    assert response.context["result"].outcome == "valid"
    assert response.context["result"].standing.in_force
    assert said("This certificate is genuine and the title is in force.") in headline(response)
    shown = facts(response)
    assert shown[said("Status")] == said("In force")
    assert shown[said("Validity")] == f"2019-12-01 – {said('until revoked')}"
    assert shown[said("Why")] == said(
        "In force: under dynamic management until revoked (no fixed expiry)."
    )
    assert said("Expired") not in response.content.decode()


def test_a_title_past_its_re_evaluation_date_verifies_as_lapsed_and_says_so_once(
    client, time_machine
):
    title = make_title(
        EnterpriseFactory(), 2019, issued_on=date(2019, 12, 1), valid_until=date(2022, 11, 30)
    )
    time_machine.move_to("2026-12-01 10:00 +08:00")
    response = verify(client, title.certificate_number)
    assert response.context["result"].outcome == "lapsed"
    assert headline(response) == (
        f"{said('Lapsed')} {said('This certificate is genuine but the title is not in force.')}"
    )
    shown = facts(response)
    assert shown[said("Status")] == said("Lapsed")
    assert shown[said("Validity")] == "2019-12-01 – 2022-11-30"
    assert said("Valid") not in shown.values()


@pytest.mark.parametrize(
    "number, outcome",
    [
        (format_number("320400", 2026, "city", 999), "unknown"),
        ("GF320400-2026-C0999-0", "malformed"),  # wrong check character
        ("not-a-number", "malformed"),
        ("<b>GF320400", "malformed"),
        ("x" * 300, "malformed"),
    ],
)
def test_unknown_and_malformed_numbers_get_a_clear_answer(client, number, outcome):
    response = verify(client, number)
    assert response.status_code == 404
    assert response.context["result"].outcome == outcome
    expected = {
        "unknown": "No certificate with the number %(number)s has been issued on this platform.",
        "malformed": "“%(number)s” is not a valid certificate number.",
    }[outcome]
    assert headline(response).endswith(said(expected, number=number.upper()[:64]))
    assert "titles/public/verify.html" in [t.name for t in response.templates]
    assert "<b>GF" not in response.content.decode()


def test_what_the_form_receives_is_never_an_error_page(client):
    for text in ("<script>alert(1)</script>", "GF320400/2026", "１２３", "x" * 65):
        response = client.get(reverse("titles:verify"), {"number": text})
        assert response.status_code in (200, 404), text
        assert "titles/public/verify.html" in [t.name for t in response.templates]
        assert "<script>alert" not in response.content.decode()


def test_the_form_accepts_lower_case_and_spaces(client, factories):
    title = Title.objects.get(enterprise=factories[1])
    url = reverse("titles:verify")
    assert client.get(url).context["result"] is None
    response = client.get(url, {"number": f"  {title.certificate_number.lower()} "})
    assert response.status_code == 200
    assert response.context["result"].title == title
    empty = client.get(url, {"number": ""})
    assert empty.status_code == 200 and "number" in empty.context["form"].errors


def test_the_31st_verification_in_a_minute_is_refused(client, factories, time_machine):
    time_machine.move_to("2026-12-01 10:00:05 +08:00", tick=False)
    number = Title.objects.get(enterprise=factories[1]).certificate_number
    for _ in range(30):
        assert verify(client, number).status_code == 200
    refused = verify(client, number)
    assert refused.status_code == 429
    assert "titles/public/rate_limited.html" in [t.name for t in refused.templates]
    refused = client.get(reverse("titles:verify"), {"number": number})
    assert refused.status_code == 429
    other = client.get(reverse("titles:verify_number", args=[number]), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    time_machine.move_to("2026-12-01 10:01:05 +08:00", tick=False)
    assert verify(client, number).status_code == 200


# ---- open data ----------------------------------------------------------------------------


def test_open_data_csv_opens_in_excel_and_escapes_formulas(client, factories):
    make_title(EnterpriseFactory(name='=HYPERLINK("http://x")有限公司'), 2024)
    response = client.get(reverse("titles:open_data", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    # 称号名单.csv, as RFC 5987 filename*
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''%E7%A7%B0%E5%8F%B7%E5%90%8D%E5%8D%95.csv"
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "企业名称",
        "统一社会信用代码",
        "辖市区",
        "行业",
        "级别",
        "年度",
        "证书编号",
        "状态",
        "是否有效",
        "复评截止日期",
        "称号类别",
        "等级",
        "称号名称",
    ]
    assert len(rows) == 1 + 5
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")有限公司' in names
    revoked = next(row for row in rows if row[0] == "已摘牌化工有限公司")
    assert revoked[2] == "武进区" and revoked[5] == "2025"
    # A green factory's title has no grade; an imported title's name carries no region.
    assert revoked[8:] == ["否", "", "绿色工厂", "", "绿色工厂"]
    assert {row[8] for row in rows[1:] if row[0] != "已摘牌化工有限公司"} == {"是"}


def test_open_data_json(client, factories):
    response = client.get(reverse("titles:open_data", args=["json"]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(b"".join(response.streaming_content))
    assert len(data) == 4
    wujin = factories[0]
    assert {
        "enterprise": wujin.name,
        "uscc": wujin.uscc,
        "district": "武进区",
        "industry": wujin.industry.name,
        "level": "provincial",
        "year": 2026,
        "certificate_number": Title.objects.get(enterprise=wujin, year=2026).certificate_number,
        "status": "valid",
        "in_force": True,
        "valid_until": "",
        "programme": "green_factory",
        "grade": "",
        "title_name": "省级绿色工厂",
    } in data
    assert {row["in_force"] for row in data if row["status"] == "revoked"} == {False}
    assert {row["status"] for row in data} == {"valid", "revoked"}


def test_open_data_has_only_csv_and_json(client):
    assert client.get("/open-data/factories.xlsx").status_code == 404
    empty = client.get(reverse("titles:open_data", args=["json"]))
    assert json.loads(b"".join(empty.streaming_content)) == []
