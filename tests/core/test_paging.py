import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.accounts.models import Industry
from greenfactory.core.links import link_for
from greenfactory.core.paging import page_of

pytestmark = pytest.mark.django_db


def industries(count):
    return Industry.objects.order_by("pk").values_list("code", flat=True)[:count]


def test_a_first_page_that_holds_everything_is_read_without_a_count():
    expected = list(industries(7))
    with CaptureQueriesContext(connection) as queries:
        page = page_of(industries(7), None, per_page=10)
    assert list(page.object_list) == expected
    assert page.paginator.count == 7
    assert page.number == 1 and not page.has_next()
    assert len(queries) == 1
    assert "COUNT(" not in queries[0]["sql"].upper()


@pytest.mark.parametrize("number", [None, "", "1", 1])
def test_the_first_page_of_a_longer_list_counts_it(number):
    with CaptureQueriesContext(connection) as queries:
        page = page_of(industries(25), number, per_page=10)
        shown = list(page.object_list)
    assert page.paginator.count == 25
    assert page.has_next() and len(shown) == 10
    assert shown == list(industries(10))
    assert any("COUNT(" in q["sql"].upper() for q in queries)


@pytest.mark.parametrize(("number", "shown"), [("3", 5), ("9", 5), ("x", 10), ("-1", 5)])
def test_other_pages_and_bad_numbers_are_djangos(number, shown):
    page = page_of(industries(25), number, per_page=10)
    assert len(page.object_list) == shown


def test_an_empty_list_is_one_empty_page():
    page = page_of(Industry.objects.none(), None, per_page=10)
    assert page.paginator.count == 0
    assert list(page.object_list) == []


@pytest.mark.parametrize("code", ["A1B2C3D4E5", "0", "320412"])
def test_link_for_gives_what_reverse_gives(code):
    assert link_for("reviews:district_review")(code) == reverse(
        "reviews:district_review", args=[code]
    )


@pytest.mark.parametrize("code", ["A1B2C3D4E5", "0"])
def test_link_for_with_fixed_arguments_gives_what_reverse_gives(code):
    assert link_for("applications:evidence_remove", "APP1234567")(code) == reverse(
        "applications:evidence_remove", args=["APP1234567", code]
    )


def test_first_rows_already_read_are_the_first_page_or_lead_to_the_count():
    short = list(industries(7))
    with CaptureQueriesContext(connection) as queries:
        page = page_of(industries(7), None, per_page=10, first=short)
    assert list(page.object_list) == short and page.paginator.count == 7
    assert len(queries) == 0
    # One row more than a page: the list is counted and paged as without them.
    longer = list(industries(11))
    page = page_of(industries(30), "1", per_page=10, first=longer)
    assert list(page.object_list) == longer[:10]
    assert page.paginator.count == len(industries(30)) and page.has_next()


def test_rows_given_as_a_function_are_built_only_when_read():
    built = []

    def rows():
        built.append(1)
        return industries(30)

    short = list(industries(7))
    page = page_of(rows, None, per_page=10, first=short)
    assert list(page.object_list) == short and built == []
    # One row more than a page, another page: the queryset is built and paged as before.
    page = page_of(rows, "1", per_page=10, first=list(industries(11)))
    assert page.paginator.count == len(industries(30)) and built == [1]
    assert list(page_of(rows, "2", per_page=10).object_list) == list(industries(30)[10:20])
    assert list(page_of(rows, None, per_page=10).object_list) == list(industries(30)[:10])
