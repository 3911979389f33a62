"""Queries and in-process time per page, with the Django test client."""

import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .pages import pages


def measure_queries(repeat: int = 5) -> dict:
    found = {}
    for page in pages():
        client = Client()
        if page.user is not None:
            client.force_login(page.user)
        first = client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        queries = len(captured)  # before the next request empties the connection's log
        times, cpu = [], []
        for _round in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(page.url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        # The same page with nothing kept in the cache: the first view after a change.
        cold = []
        for _round in range(repeat):
            cache.clear()
            started = time.perf_counter()
            client.get(page.url)
            cold.append(time.perf_counter() - started)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        found[page.name] = {
            "url": page.url,
            "status": response.status_code,
            "first_status": first.status_code,
            "queries": queries,
            "cold_queries": len(captured),
            "median_ms": round(statistics.median(times) * 1000, 1),
            # The process's CPU: what the page costs, whatever else the machine runs.
            "cpu_ms": round(statistics.median(cpu) * 1000, 1),
            "cold_ms": round(statistics.median(cold) * 1000, 1),
        }
    return found
