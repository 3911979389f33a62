"""The bare floor: the platform floor's rows (``bench.views.floor``) read with one SQL query and
printed with the same template, in a project with nothing else (``bench.bare_settings``)."""

from django.db import connection
from django.shortcuts import render
from django.urls import path

from .floor import FLOOR_CELLS, FLOOR_ROWS, MAX_CELLS, MAX_ROWS, bounded, spread


def bare_floor(request):
    count = bounded(request.GET.get("rows"), FLOOR_ROWS, MAX_ROWS)
    cells = bounded(request.GET.get("cells"), FLOOR_CELLS, MAX_CELLS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, uscc, name FROM accounts_enterprise ORDER BY id LIMIT %s", [count]
        )
        found = cursor.fetchall()
    return render(
        request, "bench/floor.html", {"rows": spread(found, count, cells), "cells": range(cells)}
    )


urlpatterns = [path("bench/floor/", bare_floor)]
