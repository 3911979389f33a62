"""The benchmark floor: what a page costs at least on this server — the same middleware (and,
requested with a page's session, the same user), one indexed query, a template that prints as
many rows and cells as the page it is compared with."""

from django.shortcuts import render

from greenfactory.accounts.models import Enterprise

# Without parameters: the longest of the measured pages' tables (the district queue's 50).
FLOOR_ROWS = 50
FLOOR_CELLS = 3
MAX_ROWS = 500
MAX_CELLS = 40


def _bounded(value: str | None, default: int, most: int) -> int:
    try:
        return max(1, min(int(value), most))
    except (TypeError, ValueError):
        return default


def floor(request):
    count = _bounded(request.GET.get("rows"), FLOOR_ROWS, MAX_ROWS)
    cells = _bounded(request.GET.get("cells"), FLOOR_CELLS, MAX_CELLS)
    found = list(Enterprise.objects.order_by("pk").values_list("code", "uscc", "name")[:count])
    # As many rows as asked even from a small dataset; each cell one of the row's values.
    rows = (
        [[found[n % len(found)][cell % 3] for cell in range(cells)] for n in range(count)]
        if found
        else []
    )
    return render(request, "bench/floor.html", {"rows": rows, "cells": range(cells)})
