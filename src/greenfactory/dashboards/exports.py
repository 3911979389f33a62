"""The dashboard's tables as Excel files, built by the task worker.

Registered at start-up by ``DashboardsConfig.ready()`` so every process, the worker included,
knows the kind. The worker reads the figures again through the requester's own scope, so an
export never shows more than the page would.
"""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from greenfactory.accounts.models import Region
from greenfactory.core.domain.exports import ExportRows, register_exporter
from greenfactory.core.spreadsheets import COUNT, DECIMAL, TEXT, Column, issuing_bureau

from . import figures

DASHBOARD_EXPORT = "dashboard_figures"


@register_exporter(DASHBOARD_EXPORT, may_download=lambda job, user: figures.may_view_figures(user))
def export_dashboard_figure(job) -> ExportRows:
    params = job.params
    language = params.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        district = None
        if params.get("district"):
            district = Region.objects.get(code=params["district"])
        scope = figures.scope_for(job.requested_by, district)
        table = figures.figure_table(scope, params["chart"])
        rows = [[_cell(value) for value in row] for row in table.export_rows()]
        columns = [
            Column(str(cell), _kind(index, table.label_columns, rows))
            for index, cell in enumerate(table.header)
        ]
        place = scope.region.display_name
        title = str(table.title)
    if not language.startswith("zh"):  # the file's name is Chinese whatever the page's
        with translation.override("zh-hans"):
            title_zh = str(figures.figure_table(scope, params["chart"]).title)
            name = f"{scope.region.display_name}-{title_zh}"
    else:
        name = f"{place}-{title}"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = "".join(ch for ch in name if ch not in '\\/:*?"<>|')
    return ExportRows(
        f"{name}-{stamp}.xlsx",
        columns,
        rows,
        title=f"{place}{title}",
        issuer=issuing_bureau(job.requested_by),
        filters=place,
    )


def _kind(index: int, label_columns: int, rows: list) -> str:
    """Label columns are text; a column of whole numbers is a count, else a decimal."""
    if index < label_columns:
        return TEXT
    values = [row[index] for row in rows if index < len(row)]
    if all(isinstance(value, int) or value in ("", None) for value in values):
        return COUNT
    return DECIMAL if any(isinstance(value, float | Decimal) for value in values) else TEXT


def _cell(value):
    """Numbers stay numbers; labels (lazy translations included) become text."""
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)
