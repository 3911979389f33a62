"""The bare floor: the platform floor's rows (``bench.views.floor``) read with the same ORM query
and printed with the same template, in a project with nothing else (``bench.bare_settings``)."""

from django.shortcuts import render
from django.urls import path

from .bare.models import Enterprise
from .floor import FLOOR_CELLS, FLOOR_ROWS, MAX_CELLS, MAX_ROWS, bounded, spread


def bare_floor(request):
    count = bounded(request.GET.get("rows"), FLOOR_ROWS, MAX_ROWS)
    cells = bounded(request.GET.get("cells"), FLOOR_CELLS, MAX_CELLS)
    found = list(Enterprise.objects.order_by("pk").values_list("code", "uscc", "name")[:count])
    return render(
        request, "bench/floor.html", {"rows": spread(found, count, cells), "cells": range(cells)}
    )


urlpatterns = [path("bench/floor/", bare_floor)]
