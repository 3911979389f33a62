"""The dashboard as plain tables, for readers other than the page (the API, through
``core.figures``)."""

from django.core.exceptions import PermissionDenied

from .figures import FigureTable, dashboard, may_view_figures, scope_for


def plain_figures(user) -> list[dict]:
    """The user's whole dashboard as plain tables (decimals as strings), for other readers than
    the page (the API, through ``core.figures``). Refused (``PermissionDenied``) like the page."""
    if not may_view_figures(user):
        raise PermissionDenied
    return [_plain_table(table) for table in dashboard(scope_for(user))]


def _plain_table(table: FigureTable) -> dict:
    def cell(value):
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(value)

    return {
        "key": table.key,
        "title": str(table.title),
        "header": [str(h) for h in table.header],
        "rows": [[cell(v) for v in row] for row in table.rows],
        "totals": [cell(v) for v in table.totals] if table.totals is not None else None,
        "note": str(table.note),
    }
