"""Lists are paged by an opaque cursor: stable while rows are added, and no count query."""

from rest_framework.pagination import CursorPagination


class CodeCursorPagination(CursorPagination):
    """Ordered by the row's opaque code, which is unique, so no row is skipped or repeated."""

    ordering = "code"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
