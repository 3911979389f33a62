"""Importing the provincial and national lists of green factories (省级、国家级绿色工厂名单)
from an Excel workbook or a CSV file, as the template has it or as the list is published.

The city bureau uploads the list as published above it. A row with a unified social credit
code is *matched* when the code is an enterprise of the platform (confirmed, in the officer's
region); a row without one (the published lists name factories only) gets the *candidates* its
name may be, each with its confidence, for the officer to confirm or reject
(``title_import_names``); rows naming no enterprise are *unmatched* and only listed; titles
already held are set aside (lists are cumulative), with what the list says differently. The
whole file is checked first and every problem reported with its sheet, row and column; nothing
is imported while a problem remains. The checked file is kept server-side under a random name
and the preview hands the browser only a signed reference to it; confirming reads that same
file again (its SHA-256 must still match) and checks it again against the registry before
importing the matched rows and the confirmed candidates, all in one transaction.

Limits (``check_list_upload``): .xlsx and Excel 97-2003 .xls (read with xlrd) through
``check_upload``, .csv (UTF-8 or GB18030) through ``_check_csv``; 5 MB, 50 MB unpacked, at most
``MAX_ROWS`` rows read in the first ``MAX_COLUMNS`` columns, the header found among the first
``HEADER_SEARCH_ROWS`` rows by its names, the text above it naming the list's level, year and name.
Errors (any one blocks the file): a row with neither code nor name, an invalid or numeric credit
code (a recorded pilot-period code passes), a level other than provincial or national, a year
outside 2016 to this year, an issue date outside its year and the next or after today, formulas, a
row twice for one level and year. A name differing from the registered one is a warning. An external
number becomes the certificate number only when it is unique in the file and the registry, fits 40
characters and does not parse as one of the platform's own; otherwise it goes into the history's
reason. The signed reference is valid two hours and names the officer; stored files of expired
previews are deleted when the next one is stored.

Reading the workbook is in ``title_import_workbook`` and ``title_import_rows``, matching the
rows against the registry in ``title_import_match``, the template in ``title_import_template``.
"""

import contextlib
import hashlib
import io
import zipfile
from datetime import timedelta
from pathlib import PurePosixPath

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.applications.domain.excel_import import CellError
from greenfactory.core.codes import new_code
from greenfactory.core.domain.audit import record_event
from greenfactory.core.scanning import scan_upload
from greenfactory.core.uploads import (
    XLS,
    XLSX,
    CheckedUpload,
    FileType,
    check_upload,
    clean_filename,
)

from ..enums import TitleSource, TitleStatus
from ..models import Title, TitleStatusChange
from ..signals import title_granted
from .title_import_match import _match
from .title_import_rows import COLUMNS, WORD_OF_LEVEL, ImportReport, ListRow
from .title_import_template import template_workbook
from .title_import_workbook import _check_size, _read_workbook, decode_csv
from .titles import TitleRefused
from .validity import term_for

__all__ = [
    "COLUMNS",
    "PREVIEW_SALT",
    "STORE_DIR",
    "ImportReport",
    "ListRow",
    "TitleImportErrors",
    "TitleImportRefused",
    "can_import_titles",
    "import_titles",
    "preview_title_import",
    "template_workbook",
]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
STORE_DIR = "title_imports"
PREVIEW_SALT = "recognition.title_import"
PREVIEW_MAX_AGE = 2 * 60 * 60
CSV = FileType((".csv",), "text/csv", "CSV")


class TitleImportRefused(TitleRefused):
    """The import cannot go ahead; the message says why."""


class TitleImportErrors(TitleImportRefused):
    """The file has problems; ``report`` lists them (and what was read)."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(_("The file has %(n)s problems.") % {"n": len(report.errors)})


def can_import_titles(user) -> bool:
    """City officers of a region import the lists above the city."""
    return bool(user.has_perm("titles.import_titles") and user.region_id)


# ---- the steps: preview, then confirm --------------------------------------------------------


def _check(
    upload, filename: str, sha256: str, actor, *, kind: str = "xlsx", fallback=None
) -> ImportReport:
    report = ImportReport(filename=filename, sha256=sha256)
    rows = _read_workbook(upload, report, kind=kind, fallback=fallback)
    if rows and not any(error.code in ("rows", "header") for error in report.errors):
        _match(rows, report, actor)
    return report


def _as_upload(fileobj):
    if hasattr(fileobj, "chunks"):
        return fileobj
    return File(fileobj, getattr(fileobj, "name", None) or "upload.xlsx")


def list_fallback(level: str = "", year: int | None = None, grade: str = "") -> dict:
    """The level and year the officer gives for a list that names neither in its rows nor in
    its title (MIIT's early lists are "第三批绿色制造名单", without the year), as the words a
    list would use; used only where the file says nothing."""
    fallback = {}
    if level:
        fallback["level"] = WORD_OF_LEVEL[level]
    if year:
        fallback["year"] = str(year)
    if grade:
        fallback["grade"] = grade  # a zero-carbon list: the grade where the list names none
    return fallback


def preview_title_import(
    upload, *, actor, level: str = "", year: int | None = None, grade: str = ""
) -> ImportReport:
    """Check an uploaded list and say what importing it would do. Imports nothing.
    ``level`` and ``year`` hold for the rows where neither the row nor the title above the
    header names them (``list_fallback``).

    Requires a city officer (``can_import_titles``). When the file has no problem and matches
    at least one enterprise it is kept server-side under a random name, and ``report.token``
    is a signed reference to it (valid two hours, for this officer only) for
    ``import_titles``.
    """
    if not can_import_titles(actor):
        raise PermissionDenied
    upload = _as_upload(upload)
    refused = ImportReport(filename=getattr(upload, "name", "") or "upload.xlsx")
    read = read_list_upload(upload, actor, refused.errors)
    if read is None:
        return refused
    kind, checked, content = read
    fallback = list_fallback(level, year, grade)
    report = _check(
        io.BytesIO(content), checked.name, checked.sha256, actor, kind=kind, fallback=fallback
    )
    if report.ok and (report.matched or report.candidates):
        report.token = keep_checked_list(
            content, kind, checked, actor=actor, salt=PREVIEW_SALT, fallback=fallback
        )
    return report


def read_list_upload(upload, actor, errors: list) -> tuple[str, CheckedUpload, bytes] | None:
    """The kind, the checked upload and the content of a published list, the title lists' and
    the removal lists' alike (``check_list_upload``); ``None`` when the upload is refused, its
    reasons appended to ``errors`` as errors of no cell."""
    try:
        kind, checked = check_list_upload(upload, actor)
    except ValidationError as refused:
        for message in refused.messages:
            errors.append(CellError(None, None, None, str(message), refused.code or "upload"))
        return None
    except zipfile.BadZipFile:
        errors.append(
            CellError(None, None, None, str(_("The file is damaged or incomplete.")), "damaged")
        )
        return None
    upload.seek(0)
    return kind, checked, upload.read()


def keep_checked_list(content: bytes, kind: str, checked, *, actor, salt: str, **facts) -> str:
    """Keep a checked list server-side under a random name until it is confirmed, and return
    the signed reference to it (valid ``PREVIEW_MAX_AGE``, for ``actor`` only; read back by
    ``_stored_file`` with the same ``salt``), carrying ``facts`` the confirmation needs. Files
    of expired previews are swept first."""
    _sweep_stale()
    stored = default_storage.save(f"{STORE_DIR}/{new_code(24)}.{kind}", ContentFile(content))
    return signing.dumps(
        {
            "file": stored,
            "sha256": checked.sha256,
            "user": actor.pk,
            "name": checked.name,
            "kind": kind,
            **facts,
        },
        salt=salt,
    )


LIST_KINDS = {".csv": "csv", ".xls": "xls"}  # any other name is read as .xlsx


def check_list_upload(upload, actor) -> tuple[str, CheckedUpload]:
    """The kind of a published list ("xlsx", "xls" or "csv", by its name's ending) and the
    upload checked for it: content, size, the unpacked size of an .xlsx, the virus scanner.
    Raises ``ValidationError`` (and ``zipfile.BadZipFile`` for a damaged .xlsx)."""
    name = getattr(upload, "name", "") or "upload.xlsx"
    kind = LIST_KINDS.get(PurePosixPath(name).suffix.lower(), "xlsx")
    if kind == "csv":
        return kind, _check_csv(upload, actor)
    allowed = (XLS,) if kind == "xls" else (XLSX,)
    checked = check_upload(upload, allowed=allowed, max_bytes=MAX_UPLOAD_BYTES, actor=actor)
    if kind == "xlsx":
        _check_size(upload)
    return kind, checked


def _check_csv(upload, actor) -> CheckedUpload:
    """A CSV list: not empty, at most 5 MB, UTF-8 or GB18030 text; scanned like every upload."""
    name = clean_filename(upload.name)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // 2**20},
            code="too_big",
        )
    upload.seek(0)
    content = upload.read()
    if decode_csv(content) is None or b"\x00" in content:
        raise ValidationError(
            _("The CSV file is neither UTF-8 nor GB18030 text: save it again as CSV."),
            code="encoding",
        )
    sha256 = hashlib.sha256(content).hexdigest()
    upload.seek(0)
    scan_upload(upload, name=name, sha256=sha256, size=size, actor=actor)
    upload.seek(0)
    return CheckedUpload(name=name, file_type=CSV, size=size, sha256=sha256)


def _expired() -> TitleImportRefused:
    return TitleImportRefused(
        _("This preview has expired or was already imported: upload the file again.")
    )


def _stored_file(token: str, actor, *, salt: str = PREVIEW_SALT) -> dict:
    try:
        payload = signing.loads(token or "", salt=salt, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as bad:
        raise _expired() from bad
    if not isinstance(payload, dict) or payload.get("user") != actor.pk:
        raise _expired()
    name = str(payload.get("file", ""))
    if not name.startswith(f"{STORE_DIR}/") or not default_storage.exists(name):
        raise _expired()
    return payload


def import_titles(token: str, *, actor, confirmed=()) -> list[Title]:
    """Import the list a preview checked (``token`` from ``preview_title_import``).

    ``confirmed`` holds the officer's decisions on the rows matched by name, as
    ``"<sheet>!<row>=<enterprise code>"``: a candidate so confirmed is imported for that
    enterprise, every other candidate is rejected (not imported, named in the file's audit
    entry). A confirmation that is no longer a candidate of the file as checked now refuses
    the whole import. Rows already held are skipped.

    Requires a city officer. The stored file is read again (its SHA-256 must be the one
    checked) and checked again against the registry as it is now: on any problem
    ``TitleImportErrors`` is raised with the new report and nothing is imported. Side effects,
    all in one transaction: one ``Title`` per matched row (source imported, status valid,
    issued on the given date or 1 January of its year, valid three years less a day, the
    external number as certificate number where ``_decide_numbers`` allows); a
    ``TitleStatusChange`` ("" → valid, the list's name and number as reason) and an audit
    entry ``recognition.title.imported`` per title; the signal ``title_granted`` per title; one
    audit entry ``recognition.titles.imported`` for the file. After commit the stored file is
    deleted.
    """
    if not can_import_titles(actor):
        raise PermissionDenied
    payload = _stored_file(token, actor)
    try:
        with transaction.atomic():
            titles = _import(payload, actor, set(confirmed))
    except IntegrityError as clash:
        raise TitleImportRefused(
            _("Some of these titles were recorded meanwhile: upload the file again to see.")
        ) from clash
    return titles


def _confirm(report: ImportReport, confirmed: set[str]) -> tuple[list, list]:
    """The candidate rows the officer confirmed (each given its enterprise) and those not."""
    offered = {
        f"{row.ref}={candidate.ref}": (row, candidate)
        for row in report.candidates
        for candidate in row.candidates
    }
    stale = confirmed - set(offered)
    if stale:
        raise TitleImportRefused(
            _("The matches by name have changed since the preview: upload the file again.")
        )
    accepted, chosen = [], set()
    for decision in sorted(confirmed):
        row, candidate = offered[decision]
        if id(row) in chosen:
            raise TitleImportRefused(
                _("Row %(row)s was confirmed for two enterprises: choose one.") % {"row": row.ref}
            )
        chosen.add(id(row))
        row.enterprise = candidate.enterprise
        accepted.append(row)
    rejected = [row for row in report.candidates if id(row) not in chosen]
    seen = {(row.enterprise.pk, row.level, row.year): row for row in report.matched}
    for row in accepted:
        other = seen.setdefault((row.enterprise.pk, row.level, row.year), row)
        if other is not row:
            raise TitleImportRefused(
                _("Rows %(row)s and %(other)s would give %(name)s the same title: confirm one.")
                % {"row": row.ref, "other": other.ref, "name": row.enterprise.name}
            )
    return accepted, rejected


def _import(payload: dict, actor, confirmed: set[str]) -> list[Title]:
    with default_storage.open(payload["file"], "rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != payload["sha256"]:
        raise _expired()
    report = _check(
        io.BytesIO(content),
        payload["name"],
        payload["sha256"],
        actor,
        kind=payload.get("kind", "xlsx"),
        fallback=payload.get("fallback"),
    )
    if not report.ok:
        raise TitleImportErrors(report)
    accepted, rejected = _confirm(report, confirmed)
    rows = [*report.matched, *accepted]
    if not rows and report.held:
        raise TitleImportRefused(
            _(
                "Every title of this file that is on the platform is already held: nothing "
                "to import."
            )
        )
    if not rows:
        raise TitleImportRefused(
            _("No row of the file is an enterprise of the platform: nothing to import.")
        )
    titles = []
    terms = {level: term_for(level) for level in {row.level for row in rows}}
    for row in rows:
        title = Title.objects.create(
            enterprise=row.enterprise,
            programme=row.programme,
            grade=row.grade,
            level=row.level,
            year=row.year,
            source=TitleSource.IMPORTED,
            status=TitleStatus.VALID,
            certificate_number=row.certificate_number,
            issued_on=row.issued,
            valid_until=terms[row.level].due_by(row.issued),
            created_by=actor,
        )
        TitleStatusChange.objects.create(
            title=title,
            from_status="",
            to_status=TitleStatus.VALID,
            reason=row.reference,
            actor=actor,
        )
        record_event(
            "recognition.title.imported",
            actor=actor,
            obj=title,
            changes={
                "enterprise": row.enterprise.uscc,
                "matched_by": "code" if row.uscc else "name",
                "listed_name": row.name,
                "level": row.level,
                **({"programme": row.programme, "grade": row.grade} if row.grade else {}),
                "year": row.year,
                "certificate_number": title.certificate_number or "",
                "reference": row.reference,
                "file": payload["name"],
                "row": f"{row.sheet}!{row.row}",
            },
        )
        title_granted.send(sender=Title, title=title, actor=actor)
        titles.append(title)
    record_event(
        "recognition.titles.imported",
        actor=actor,
        changes={
            "file": payload["name"],
            "sha256": payload["sha256"],
            "titles": [title.code for title in titles],
            "unmatched": [row.uscc or row.name for row in report.unmatched],
            "rejected": [row.ref for row in rejected],
            "held": [row.ref for row in report.held],
        },
    )
    name = payload["file"]
    transaction.on_commit(lambda: _discard(name))
    return titles


def _discard(name: str) -> None:
    with contextlib.suppress(OSError):
        default_storage.delete(name)


def _sweep_stale() -> None:
    """Delete stored files whose preview has expired."""
    limit = timezone.now() - timedelta(seconds=PREVIEW_MAX_AGE)
    try:
        _dirs, files = default_storage.listdir(STORE_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        path = f"{STORE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
