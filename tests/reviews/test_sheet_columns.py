"""The scoring sheet read loads only the columns it shows (docs/decisions.md §94): the same page,
byte for byte, and the same queries as with the whole rows, for each reader, with the table
kept or rendered, with an agency and a same-district rule to screen."""

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.models import ExpertProfile
from greenfactory.reviews.views.expert import score_sheet
from tests.factories import BatchFactory, shipped_system
from tests.reviews.test_expert import audited, make_expert, score_and_submit

pytestmark = [pytest.mark.django_db, pytest.mark.queries]

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def sheet(enterprise_user, district_officer, city_officer, assigned_expert, agency_user):
    batch = BatchFactory(indicator_system=shipped_system(2025), same_district_conflict=True)
    application = audited(batch, enterprise_user, district_officer, agency_user=agency_user)
    ExpertProfile.objects.update_or_create(user=assigned_expert, defaults={"district": None})
    mine, other = assign_experts(
        application, [assigned_expert, make_expert("li")], actor=city_officer
    )
    score_and_submit(other, other.expert, D("0.6"))
    return mine


def read(client, url):
    client.get(url)  # the kept parts filled
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return CSRF.sub(b"", page.content), [q["sql"] for q in queries]


@pytest.mark.parametrize("seconds", [0, 600], ids=["rendered", "kept"])
@pytest.mark.parametrize("reader", ["assigned_expert", "city_officer", "district_officer"])
def test_the_read_sheet_shows_the_same_with_the_same_queries_as_with_whole_rows(
    client, request, sheet, settings, monkeypatch, reader, seconds
):
    settings.SCORE_SHEET_CACHE_SECONDS = seconds
    client.force_login(request.getfixturevalue(reader))
    url = reverse("reviews:expert_score", args=[sheet.code])
    narrow, narrow_queries = read(client, url)
    monkeypatch.setattr(score_sheet, "SHEET_COLUMNS", None)
    whole, whole_queries = read(client, url)
    assert narrow == whole
    assert len(narrow_queries) == len(whole_queries)
    # the assignment's joined rows are read narrowed: no password, no batch settings unused
    assignment_query = next(q for q in narrow_queries if "reviews_expertassignment" in q)
    assert '"accounts_user"."password"' not in assignment_query
    assert '"programme_batch"."notice_bureau_contact"' not in assignment_query


def test_the_conflict_screen_reads_the_profile_without_its_district(client, sheet, assigned_expert):
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[sheet.code])
    _page, queries = read(client, url)
    [profile] = [q for q in queries if "reviews_expertprofile" in q]
    assert "accounts_region" not in profile


def test_an_expert_of_the_enterprise_district_is_still_refused(
    client, sheet, assigned_expert, enterprise_user
):
    ExpertProfile.objects.filter(user=assigned_expert).update(
        district=enterprise_user.enterprise.district
    )
    client.force_login(assigned_expert)
    assert client.get(reverse("reviews:expert_score", args=[sheet.code])).status_code == 404


def _loaded(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def test_an_experts_own_sheet_is_read_by_the_compiled_query_as_the_orm_reads_it(
    sheet, assigned_expert
):
    from greenfactory.reviews.domain.expert_queries import (
        SHEET_COLUMNS,
        assignment_for,
        assignments_visible_to,
    )
    from greenfactory.reviews.models import ExpertAssignment

    expected = assignments_visible_to(assigned_expert).only(*SHEET_COLUMNS).get(code=sheet.code)
    found = assignment_for(assigned_expert, sheet.code, columns=SHEET_COLUMNS)
    assert found == expected
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        for path in SHEET_COLUMNS:
            assert _loaded(found, path) == _loaded(expected, path), path
    assert len(queries) == 0
    # Another expert's assignment on the same application, or an unknown code: none.
    other = ExpertAssignment.objects.exclude(pk=sheet.pk).get(application=sheet.application)
    assert assignment_for(assigned_expert, other.code, columns=SHEET_COLUMNS) is None
    assert assignment_for(other.expert, sheet.code, columns=SHEET_COLUMNS) is None
    assert assignment_for(assigned_expert, "nothing", columns=SHEET_COLUMNS) is None
    assigned_expert.is_active = False
    assert assignment_for(assigned_expert, sheet.code, columns=SHEET_COLUMNS) is None


def test_an_expert_who_declared_a_conflict_with_the_enterprise_is_refused(
    client, sheet, assigned_expert, enterprise_user
):
    from greenfactory.reviews.domain.expert import declare_conflict

    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[sheet.code])
    assert client.get(url).status_code == 200
    declare_conflict(actor=assigned_expert, kind="relative", enterprise=enterprise_user.enterprise)
    assert client.get(url).status_code == 404
