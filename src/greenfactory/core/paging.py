"""Pages of a long list, without counting it when its first page already holds all of it."""

from django.core.paginator import Page, Paginator


def page_of(rows, number, per_page: int = 50, *, first=None) -> Page:
    """Django's page ``number`` of ``rows`` (a queryset). The first page reads one row more
    than it shows: when that row is not there, the list's length is known and the count
    query is not made. Any other page, or a bad number, is Django's paginator as usual.
    ``first``: those first rows already read (by a compiled query); ``rows`` may then be a
    function giving the queryset, built only when it is read (the count, another page)."""
    if number in (None, "", "1", 1):
        if first is None:
            first = list(_queryset(rows)[: per_page + 1])
        if len(first) <= per_page:
            return Paginator(first, per_page).get_page(1)
    return Paginator(_queryset(rows), per_page).get_page(number)


def _queryset(rows):
    return rows() if callable(rows) else rows
