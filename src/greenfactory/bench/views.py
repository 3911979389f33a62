"""The benchmark floor: what a page costs at least on this server — the same middleware (and,
requested with a page's session, the same user), one indexed query, a template that prints as
many rows and cells as the page it is compared with."""

from django.shortcuts import render

from greenfactory.accounts.models import Enterprise

from .floor import FLOOR_CELLS, FLOOR_ROWS, MAX_CELLS, MAX_ROWS, bounded, spread


def floor(request):
    count = bounded(request.GET.get("rows"), FLOOR_ROWS, MAX_ROWS)
    cells = bounded(request.GET.get("cells"), FLOOR_CELLS, MAX_CELLS)
    found = list(Enterprise.objects.order_by("pk").values_list("code", "uscc", "name")[:count])
    return render(
        request, "bench/floor.html", {"rows": spread(found, count, cells), "cells": range(cells)}
    )
