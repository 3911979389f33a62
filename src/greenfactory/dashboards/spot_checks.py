"""The dashboard's spot-check figure (抽检结果): checks per round and outcome, read through
``checks_visible_to`` and narrowed to the scope's region, in one grouped query."""

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _

from greenfactory.accounts.scope import inside
from greenfactory.supervision.domain.queries import checks_visible_to
from greenfactory.supervision.enums import CheckState

from .figures import FigureTable, Scope


def spot_check_outcomes(scope: Scope) -> FigureTable:
    grouped = (
        checks_visible_to(scope.user)
        .filter(inside(scope.region, via="title__enterprise__district"))
        .values("round__year", "round__title", "state")
        .annotate(n=Count("pk"))
        .order_by("round__year", "round__title")
    )
    counts: dict = defaultdict(lambda: defaultdict(int))
    for row in grouped:
        counts[(row["round__year"], row["round__title"])][row["state"]] += row["n"]
    states = list(CheckState)
    rows = [
        [title, year, *[counts[key][state] for state in states], sum(counts[key].values())]
        for key in counts
        for year, title in [key]
    ]
    totals = None
    if rows:
        totals = [_("Total"), "", *[sum(r[i + 2] for r in rows) for i in range(len(states))]]
        totals.append(sum(totals[2:]))
    return FigureTable(
        key="spot_checks",
        title=_("Spot checks, by round and outcome"),
        header=[_("Round"), _("Year"), *[str(state.label) for state in states], _("Total")],
        rows=rows,
        totals=totals,
        categories=[r[0] for r in rows],
        series=[
            {"name": str(state.label), "data": [r[i + 2] for r in rows]}
            for i, state in enumerate(states)
        ],
        stacked=True,
        label_columns=2,
    )
