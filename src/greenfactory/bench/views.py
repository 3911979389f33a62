"""The benchmark floor: what a page costs at least on this server — the same middleware, one
indexed query for ``FLOOR_ROWS`` rows, a template that prints them."""

from django.shortcuts import render

from greenfactory.accounts.models import Enterprise

# As many rows as the longest of the measured pages shows (the district queue's page of 50).
FLOOR_ROWS = 50


def floor(request):
    rows = Enterprise.objects.order_by("pk").values_list("code", "uscc", "name")[:FLOOR_ROWS]
    return render(request, "bench/floor.html", {"rows": rows})
