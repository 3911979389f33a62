"""Who may open the designation, title, certificate and announcement pages, and the public
pages everyone may open (rows for the global role × page matrix)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.titles import certificate_visible_to, titles_visible_to
from greenfactory.titles.enums import TitleSource
from greenfactory.titles.models import Title
from tests.access.rows import LOGIN
from tests.factories import EnterpriseFactory, region

# Enterprise, agency and expert accounts see the batch (it is no draft) but may not act on it;
# administrators do not see batches at all.
NOT_CITY = {"anon": LOGIN, "system_admin": 404, "security_admin": 404, "audit_admin": 404}
EVERYONE = {}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "recognition:designate": ("get", "batch", {**NOT_CITY, "city_officer": 200}, 403),
    "recognition:certificates_regenerate": (
        "post",
        "batch",
        {**NOT_CITY, "city_officer": 302},
        403,
    ),
    "titles:titles": (
        "get",
        None,
        {
            "anon": LOGIN,
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 200,
        },
        403,
    ),
    "titles:certificate": (
        "get",
        "title",
        {"anon": LOGIN, "city_officer": 200, "enterprise_user": 200},
        404,
    ),
    "outreach:announcements": ("get", None, {"anon": LOGIN, "city_officer": 200}, 403),
    "outreach:announcement_publish": (
        "post",
        "draft",
        {"anon": LOGIN, "city_officer": 302},
        403,
    ),
    "titles:factories": ("get", None, EVERYONE, 200),
    "titles:factory": ("get", "factory", EVERYONE, 200),
    "titles:verify": ("get", None, EVERYONE, 200),
    "titles:verify_number": ("get", "number", EVERYONE, 200),
    # Posted without a file: refused at the field (400) for everyone alike.
    "titles:verify_file": ("post", None, EVERYONE, 400),
    "titles:signing_certificate": ("get", None, EVERYONE, 200),
    "titles:open_data": ("get", "csv", EVERYONE, 200),
    "outreach:announcement": ("get", "published", EVERYONE, 200),
    "outreach:announcement_list": ("get", None, EVERYONE, 200),
}


def certified_title(enterprise):
    title = Title.objects.create(
        enterprise=enterprise,
        level="city",
        year=2025,
        source=TitleSource.IMPORTED,
        certificate_number=format_number("320400", 2025, "city", 1),
        issued_on=date(2025, 12, 1),
    )
    title.certificate.save("c.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return title


@pytest.mark.django_db
def test_titles_visible_to_each_role(request, enterprise):
    mine = certified_title(enterprise)
    elsewhere = Title.objects.create(
        enterprise=EnterpriseFactory(district=region("320411")),
        level="city",
        year=2025,
        source=TitleSource.IMPORTED,
        issued_on=date(2025, 12, 1),
    )
    expected = {
        "city_officer": ({mine, elsewhere}, {mine, elsewhere}),
        "district_officer": ({mine}, set()),
        "other_district_officer": ({elsewhere}, set()),
        "enterprise_user": ({mine}, {mine}),
        "other_enterprise_user": (set(), set()),
        "agency_user": (set(), set()),
        "assigned_expert": (set(), set()),
        "system_admin": (set(), set()),
        "anon": (set(), set()),
    }
    for persona, (titles, certificates) in expected.items():
        user = request.getfixturevalue(persona)
        assert set(titles_visible_to(user)) == titles, persona
        assert set(certificate_visible_to(user)) == certificates, persona


@pytest.mark.django_db
def test_the_certificate_is_an_attachment_and_not_sniffed(client, enterprise_user, enterprise):
    title = certified_title(enterprise)
    client.force_login(enterprise_user)
    response = client.get(reverse("titles:certificate", args=[title.code]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert title.certificate_number in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    Title.objects.filter(pk=title.pk).update(certificate="")
    assert client.get(reverse("titles:certificate", args=[title.code])).status_code == 404


@pytest.mark.queries
@pytest.mark.django_db
def test_the_titles_list_costs_the_same_for_1_and_many(client, city_officer, enterprise):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certified_title(enterprise)
    client.force_login(city_officer)
    url = reverse("titles:titles")
    client.get(url)  # the industry sections are read once and kept
    with CaptureQueriesContext(connection) as one:
        response = client.get(url, {"level": "city"})
    assert len(response.context["page"].object_list) == 1
    for n in range(2, 5):
        Title.objects.create(
            enterprise=EnterpriseFactory(district=region("320411")),
            level="city",
            year=2026,
            source=TitleSource.IMPORTED,
            certificate_number=format_number("320400", 2026, "city", n),
            issued_on=date(2026, 12, 1),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"level": "city"})
    assert len(response.context["page"].object_list) == 4
    assert len(many) == len(one)
    filtered = client.get(url, {"district": "320411", "year": "2026"})
    assert len(filtered.context["page"].object_list) == 3
