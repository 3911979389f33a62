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
        header = [str(cell) for cell in table.header]
        rows = [[_cell(value) for value in row] for row in table.export_rows()]
        place = scope.region.display_name
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportRows(f"{place}-{table.key}-{stamp}.xlsx", header, rows)


def _cell(value):
    """Numbers stay numbers; labels (lazy translations included) become text."""
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)
