"""The city's peer benchmarks (同行对标, decisions §67): per industry (GB/T 4754 division), how
many enterprises have figures in the city and on the platform, and for one industry where each
key figure stands against its benchmark and leading values, with the medians that may be shown.

The figures are ``filings.domain.peers``' (the same records the enterprises are compared with),
and the ten-peer floor holds here too: nothing of a group of fewer than ten is counted into the
chart or the table. Each chart's numbers are in its table (``FigureTable``), as on the
dashboard."""

from django.utils.translation import gettext as _

from greenfactory.accounts.models import Industry
from greenfactory.core.models import shown_name
from greenfactory.filings.domain.peers import (
    KEY_FIGURES,
    MIN_PEERS,
    against_benchmark,
    industry_figures,
    industry_overview,
    shown_median,
)
from greenfactory.programme.domain.queries import batches_visible_to

from .figures import FigureTable


def _industry_names(codes) -> dict:
    return {
        industry.code: shown_name(industry.name, industry.name_en)
        for industry in Industry.objects.filter(code__in=list(codes))
    }


def overview_table(city) -> tuple[FigureTable, list]:
    """Enterprises with figures per industry, in the city and on the platform; and the codes
    of the industries, in the table's order."""
    counts = industry_overview(city)
    names = _industry_names(code for code, _c, _p in counts)
    rows = [[f"{code} {names.get(code, '')}".strip(), c, p] for code, c, p in counts]
    table = FigureTable(
        key="peer_industries",
        title=_("Enterprises with key figures, by industry"),
        header=[_("Industry (GB/T 4754 division)"), _("In the city"), _("On the whole platform")],
        rows=rows,
        categories=[r[0] for r in rows],
        series=[
            {"name": _("In the city"), "data": [r[1] for r in rows]},
            {"name": _("On the whole platform"), "data": [r[2] for r in rows]},
        ],
        horizontal=True,
        note=_(
            "An enterprise counts once, with its latest figures from a submitted application "
            "or a filed yearly filing. Industries with fewer than %(count)s enterprises are "
            "not compared."
        )
        % {"count": MIN_PEERS},
    )
    return table, [code for code, _c, _p in counts]


def _number(value):
    return "—" if value is None else round(value, 4)


def industry_table(city, division: str, system) -> FigureTable:
    """One industry: each key figure's enterprises in the city against the benchmark (reaching
    the leading value, between, short of the benchmark), the medians that may be shown, the
    benchmark and leading values."""
    rows, categories = [], []
    leading_series, between_series, short_series = [], [], []
    for row in industry_figures(city, division, system):
        direction = KEY_FIGURES[row.key]
        split = against_benchmark(row.city, row.benchmark, direction)
        enough_city = len(row.city) >= MIN_PEERS
        enough_platform = len(row.platform) >= MIN_PEERS
        rows.append(
            [
                row.label,
                row.unit,
                len(row.city) if enough_city else _("fewer than %(count)s") % {"count": MIN_PEERS},
                _number(shown_median(row.city)),
                len(row.platform)
                if enough_platform
                else _("fewer than %(count)s") % {"count": MIN_PEERS},
                _number(shown_median(row.platform)),
                _number(row.benchmark.benchmark if row.benchmark else None),
                _number(row.benchmark.leading if row.benchmark else None),
                *(split if split is not None else ("—", "—", "—")),
            ]
        )
        if split is not None:
            categories.append(row.label)
            leading_series.append(split[0])
            between_series.append(split[1])
            short_series.append(split[2])
    names = _industry_names([division])
    return FigureTable(
        key="peer_figures",
        title=_("%(industry)s: key figures in the city against the benchmark")
        % {"industry": f"{division} {names.get(division, '')}".strip()},
        header=[
            _("Figure"),
            _("Unit"),
            _("Enterprises in the city"),
            _("Median in the city"),
            _("Enterprises on the platform"),
            _("Median on the platform"),
            _("Benchmark value"),
            _("Leading value"),
            _("Reaching the leading value"),
            _("Between benchmark and leading"),
            _("Short of the benchmark"),
        ],
        rows=rows,
        categories=categories,
        series=[
            {"name": _("Reaching the leading value"), "data": leading_series},
            {"name": _("Between benchmark and leading"), "data": between_series},
            {"name": _("Short of the benchmark"), "data": short_series},
        ],
        stacked=True,
        horizontal=True,
        label_columns=2,
        note=_(
            "Benchmark and leading values of %(system)s for the industry. A median is shown "
            "only where it cannot be one enterprise's figure; figures per unit of product are "
            "those of the unit most enterprises report in."
        )
        % {"system": system.name if system else "—"},
    )


def latest_system(user):
    """The indicator system of the city's latest call for applications."""
    batch = (
        batches_visible_to(user)
        .calls()
        .select_related("indicator_system")
        .order_by("-year", "-opens_at")
        .first()
    )
    return batch.indicator_system if batch else None
