"""What the filing pages share: the filing's computed figures and the officers' list."""

from django.shortcuts import render
from django.utils import timezone

from greenfactory.applications.domain.figures import plausibility_warnings, record_figures

from ..domain.queries import due_rows, filing_years, rules_for
from ..forms import FilingFilterForm
from ..models import CarbonDisclosure


def figures_context(filing) -> dict:
    batch = filing.reference_batch
    figures = record_figures(filing, batch)
    return {
        "figures": figures,
        "warnings": plausibility_warnings(figures),
        "table": batch.coefficient_table,
        "grid_factor": batch.grid_factor,
        # The year's carbon disclosure of a zero-carbon factory, collected by its filing (§73).
        "carbon_disclosure": CarbonDisclosure.objects.filter(
            enterprise_id=filing.enterprise_id, year=filing.year
        ).first(),
    }


def filter_rows(rows, show: str) -> list:
    if show == "filed":
        return [row for row in rows if row.filed]
    if show == "missing":
        return [row for row in rows if not row.filed]
    if show == "flagged":
        return [row for row in rows if row.flags]
    return rows


def officer_list(request, template: str, *, districts=None, extra=None):
    """The factories that must file a year, in the officer's region or the chosen district,
    with counts of filed, not filed and flagged (three queries for the rows)."""
    user = request.user
    years = filing_years(user)
    data = request.GET.copy()
    if not data.get("year"):
        data["year"] = str(years[0])
    form = FilingFilterForm(data, years=years, districts=districts)
    valid = form.is_valid()
    cleaned = form.cleaned_data if valid else {}
    year = cleaned.get("year") or years[0]
    region = cleaned.get("district") or user.region
    rows = due_rows(region, year)
    counts = {
        "due": len(rows),
        "filed": sum(1 for row in rows if row.filed),
        "flagged": sum(1 for row in rows if row.flags),
    }
    counts["missing"] = counts["due"] - counts["filed"]
    return render(
        request,
        template,
        {
            "form": form,
            "year": year,
            "rows": filter_rows(rows, cleaned.get("show", "")),
            "counts": counts,
            "deadline": rules_for(region).deadline(year),
            "today": timezone.localdate(),
            **(extra or {}),
        },
        status=200 if valid else 400,
    )
