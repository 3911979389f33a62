"""Files built in the background: one registry of export kinds, one task that runs them.

An ``ExportJob`` is one requested file: ``queued → running → done | failed``. ``request_export``
creates the job and enqueues ``core.tasks.run_export`` on commit; the worker calls the exporter
registered for the kind (``@register_exporter``, from each app's ``AppConfig.ready()`` so the
worker knows them all), which returns ``ExportRows`` (written by
``core.spreadsheets.write_table``: title block, fitted widths, number formats, totals, print
set-up; text starting with ``= + - @``, tab or CR quoted against formula injection) or
``ExportFile`` (a finished document). The file goes to the default storage under
``exports/%Y/%m/``; a failure marks the job ``failed`` with the error and re-raises for the
worker's log. The page polls ``/exports/<code>/status/`` through ``core/_export_status.html``
(htmx, once a second) until the link or the failure shows; only the requester can load the job
(``requested_by=request.user``). Exporters that show an object load it again for the requester
when they run, so a job for something the requester can no longer see fails.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import router, transaction
from django.utils import timezone
from openpyxl import Workbook

from ..compiled_reads import CompiledRead, PerConnection
from ..models import ExportJob
from ..spreadsheets import FORMULA_PREFIXES, Column, columns_of, safe_cell, write_table
from ..tasks import run_export

__all__ = ["FORMULA_PREFIXES", "Column", "ExportFile", "ExportRows", "safe_cell"]


@dataclass(frozen=True)
class ExportRows:
    """A table, written to .xlsx by ``core.spreadsheets.write_table``. ``header`` holds
    ``Column``s (plain strings are text columns); ``title`` heads the sheet (the file name
    without its suffix by default), ``issuer`` is the bureau it is issued under, ``filters``
    says which rows were chosen; ``totals_skip`` (header, value) leaves rows out of the totals
    (a cancelled entry)."""

    filename: str
    header: list
    rows: Iterable[list]
    title: str = ""
    issuer: str = ""
    filters: str = ""
    sheet_name: str = ""
    totals_skip: tuple[str, str] | None = None


@dataclass(frozen=True)
class ExportFile:
    """A finished document (PDF, Word, a formatted workbook)."""

    filename: str
    content: bytes
    row_count: int | None = None


# kind -> function(job) returning ExportRows or ExportFile
EXPORTERS: dict[str, Callable[[ExportJob], "ExportRows | ExportFile"]] = {}
# kind -> function(job, user): may the requester download the file *today*
DOWNLOAD_CHECKS: dict[str, Callable[[ExportJob, object], bool]] = {}


def register_exporter(kind: str, *, may_download: Callable[[ExportJob, object], bool]):
    """Register the builder of an export kind, with the check that its requester may still
    download the file: a file built yesterday must not outlive the permission it was built
    under (an agency whose authorisation was revoked, an audit administrator moved to another
    role)."""

    def decorate(function):
        EXPORTERS[kind] = function
        DOWNLOAD_CHECKS[kind] = may_download
        return function

    return decorate


def may_download(job: ExportJob, user) -> bool:
    """The job is the user's own and the user may still read what it holds."""
    check = DOWNLOAD_CHECKS.get(job.kind)
    return job.requested_by_id == user.pk and check is not None and bool(check(job, user))


_USER_MARK = -731_016_000_001
_RECENT: dict[tuple[str, int], PerConnection] = {}


def recent_exports(user, kind: str, count: int = 5) -> list[ExportJob]:
    """The user's ``count`` latest exports of ``kind``, newest first, as
    ``ExportJob.objects.filter(requested_by=user, kind=kind)[:count]`` gives them; the query
    compiled once per kind, count and connection (``core.compiled_reads``, decisions §116)."""
    read = _RECENT.get((kind, count))
    if read is None:
        read = _RECENT[kind, count] = PerConnection(
            lambda alias: CompiledRead(
                ExportJob.objects.using(alias).filter(requested_by_id=_USER_MARK, kind=kind)[
                    :count
                ],
                {"user": _USER_MARK},
            )
        )
    return read(router.db_for_read(ExportJob)).all(user=user.pk)


def request_export(kind: str, *, actor, params: dict | None = None) -> ExportJob:
    """Queue an export for ``actor``; the file is built by the task worker after commit."""
    if kind not in EXPORTERS:
        raise ValueError(f"unknown export kind {kind!r}")
    job = ExportJob.objects.create(kind=kind, params=params or {}, requested_by=actor)
    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def _workbook(result: ExportRows) -> tuple[bytes, int]:
    workbook = Workbook(write_only=True)
    count = write_table(
        workbook.create_sheet(),
        title=result.title or result.filename.rsplit(".", 1)[0],
        columns=columns_of(result.header),
        rows=result.rows,
        issuer=result.issuer,
        filters=result.filters,
        sheet_name=result.sheet_name,
        totals_skip=result.totals_skip,
    )
    workbook.properties.creator = result.issuer or "绿色工厂平台"
    workbook.properties.title = result.title or result.filename.rsplit(".", 1)[0]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def build_export(job: ExportJob) -> ExportJob:
    """Run the job's exporter and keep its file in storage; record a failure for the user."""
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        result = EXPORTERS[job.kind](job)
        if isinstance(result, ExportRows):
            content, count = _workbook(result)
        else:
            content, count = result.content, result.row_count
        suffix = result.filename.rsplit(".", 1)[-1]
        job.file.save(f"{job.code}.{suffix}", ContentFile(content), save=False)
        job.filename = result.filename
        job.row_count = count
        job.status = ExportJob.Status.DONE
    except Exception as error:  # recorded for the user, then re-raised for the worker log
        job.status = ExportJob.Status.FAILED
        job.error = str(error)[:2000]
        job.finished_at = timezone.now()
        job.save()
        raise
    job.finished_at = timezone.now()
    job.save()
    return job
