"""Peak memory of the streaming exports: the open data (CSV and JSON, streamed by the public
view) and the reward ledger workbook (built by the export task through the exports
framework). Each export runs in its own process; the peak is Python's own allocations
(tracemalloc) during the export, and the process's maximum resident size."""

import resource
import time
import tracemalloc
from datetime import date

from django.db import transaction
from django.test import Client
from django.urls import reverse

from greenfactory.accounts.models import Enterprise, User
from greenfactory.accounts.scope import inside
from greenfactory.core.domain.exports import build_export
from greenfactory.core.models import ExportJob
from greenfactory.rewards.domain.ledger_export import LEDGER_EXPORT
from greenfactory.rewards.models import LedgerEntry
from greenfactory.titles.domain.titles import valid_until
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title

from ..domain.inserts import insert_rows

# A year no generated title uses, so each enterprise can get one more.
EXPORT_YEAR = 2015


def grow_rows(rows: int) -> dict:
    """One imported provincial title of ``EXPORT_YEAR`` and its reward ledger entry for each of
    the first ``rows`` enterprises, so both exports have ``rows`` rows."""
    officer = User.objects.filter(username__startswith="gen-city-").order_by("username").first()
    enterprises = list(
        Enterprise.objects.filter(inside(officer.region, via="district"))
        .order_by("pk")
        .values_list("pk", flat=True)[:rows]
    )
    issued = date(EXPORT_YEAR, 11, 1)
    due_by = valid_until(issued, TitleLevel.PROVINCIAL)
    with transaction.atomic():
        titles = Title.objects.bulk_create(
            [
                Title(
                    enterprise_id=pk,
                    level=TitleLevel.PROVINCIAL,
                    year=EXPORT_YEAR,
                    source=TitleSource.IMPORTED,
                    status=TitleStatus.VALID,
                    issued_on=issued,
                    valid_until=due_by,
                )
                for pk in enterprises
            ],
            batch_size=2000,
        )
        insert_rows(
            LedgerEntry,
            ["code", "title_id", "enterprise_id", "level", "year", "rate_amount", "deducted",
             "deductions", "amount_due", "status", "created_by_id", "created_at",
             "payment_reference", "cancel_reason"],
            [
                (f"L{t.pk:09d}", t.pk, t.enterprise_id, t.level, t.year, 300000, 0, "[]", 300000,
                 "due", officer.pk, t.created_at, "", "")
                for t in titles
            ],
        )  # fmt: skip
    return {"titles": Title.objects.count(), "ledger_entries": LedgerEntry.objects.count()}


def _measure(function) -> dict:
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    size, rows = function()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "bytes_out": size,
        "seconds": round(seconds, 2),
        "peak_python_mib": round(peak / 2**20, 2),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def measure_export(kind: str) -> dict:
    if kind in ("csv", "json"):
        client = Client()
        url = reverse("titles:open_data", args=[kind])
        client.get(url)  # imports and templates loaded before the measurement

        def run():
            response = client.get(url)
            size = sum(len(chunk) for chunk in response.streaming_content)
            return size, Title.objects.count()

        return _measure(run)
    if kind == "excel":
        officer = User.objects.filter(username__startswith="gen-city-").order_by("username").first()

        def run():
            job = ExportJob.objects.create(
                kind=LEDGER_EXPORT, params={"year": EXPORT_YEAR}, requested_by=officer
            )
            job = build_export(job)
            return job.file.size, job.row_count

        return _measure(run)
    raise ValueError(kind)
