"""Scanning uploads for malware with ClamAV, before anything is stored.

``check_upload`` calls ``scan_upload`` after the type checks, so every upload path (evidence,
photos, letters, minutes, objection attachments, the workbook import) is scanned in one place.
The scanner is chosen by ``UPLOAD_SCANNER``: ``"clamav"`` runs ``clamdscan`` (the client of the
ClamAV daemon, which keeps its signatures loaded) or else ``clamscan`` on the file's bytes through
standard input; ``"none"`` scans nothing. With ``UPLOAD_SCANNER_REQUIRED`` an absent scanner
refuses uploads instead of letting unscanned files in.

The user is told only that the file was refused or could not be checked; the signature name goes
to the audit trail and the log, never to the page.
"""

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .domain.audit import record_event
from .middleware import request_user

log = logging.getLogger(__name__)

CLAMAV_PROGRAMS = ("clamdscan", "clamscan")
CLAMAV_ARGUMENTS = ("--stdout", "--no-summary", "-")
INFECTED, ERROR = 1, 2
_FOUND = re.compile(r"^.*?:\s*(?P<signature>.+?)\s+FOUND\s*$", re.MULTILINE)


class ScannerUnavailable(Exception):
    """The configured scanner is not installed."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def scanner_command() -> list[str] | None:
    """The command that scans standard input, or None when scanning is switched off.

    Raises ScannerUnavailable when ClamAV is chosen but neither program is on the PATH.
    """
    if settings.UPLOAD_SCANNER == "none":
        return None
    base = list(settings.UPLOAD_SCANNER_COMMAND)
    if not base:
        program = next((p for p in CLAMAV_PROGRAMS if shutil.which(p)), None)
        if program is None:
            raise ScannerUnavailable("neither clamdscan nor clamscan is on the PATH")
        base = [program]
    elif shutil.which(base[0]) is None:
        raise ScannerUnavailable(f"{base[0]} is not on the PATH")
    return [*base, *CLAMAV_ARGUMENTS]


def _run(command: list[str], upload) -> subprocess.CompletedProcess:
    """Feed the file to the scanner: a file already on disk as the scanner's standard input,
    an upload held in memory (at most FILE_UPLOAD_MAX_MEMORY_SIZE) through a pipe."""
    timeout = settings.UPLOAD_SCANNER_TIMEOUT
    temporary_path = getattr(upload, "temporary_file_path", None)
    if temporary_path is not None:
        with open(temporary_path(), "rb") as stdin:
            return subprocess.run(  # noqa: S603 - the command comes from settings, not input
                command, stdin=stdin, capture_output=True, timeout=timeout, check=False
            )
    upload.seek(0)
    content = b"".join(upload.chunks())
    upload.seek(0)
    return subprocess.run(  # noqa: S603
        command, input=content, capture_output=True, timeout=timeout, check=False
    )


def scan(upload) -> ScanResult | None:
    """Run the scanner on the upload; None when scanning is off or the scanner is absent
    and not required.

    Raises ValidationError: code ``scan_failed`` when the scanner fails or times out,
    ``scanner_missing`` when it is required but absent.
    """
    try:
        command = scanner_command()
    except ScannerUnavailable as problem:
        if settings.UPLOAD_SCANNER_REQUIRED:
            log.error("Upload refused: the virus scanner is required but %s.", problem)
            raise _scanner_missing() from problem
        log.warning("Upload accepted without a virus scan: %s.", problem)
        return None
    if command is None:
        if settings.UPLOAD_SCANNER_REQUIRED:
            log.error("Upload refused: UPLOAD_SCANNER_REQUIRED is set but UPLOAD_SCANNER=none.")
            raise _scanner_missing()
        return None
    try:
        finished = _run(command, upload)
    except (subprocess.TimeoutExpired, OSError) as problem:
        log.error("Virus scanner failed on an upload: %s", problem)
        raise _scan_failed() from problem
    if finished.returncode == 0:
        return ScanResult(clean=True)
    output = finished.stdout.decode("utf-8", "replace")
    if finished.returncode == INFECTED:
        match = _FOUND.search(output)
        return ScanResult(clean=False, signature=match["signature"] if match else "unknown")
    log.error(
        "Virus scanner exited with %s on an upload: %s %s",
        finished.returncode,
        output.strip()[:500],
        finished.stderr.decode("utf-8", "replace").strip()[:500],
    )
    raise _scan_failed()


def _scanner_missing() -> ValidationError:
    return ValidationError(
        _(
            "Uploads cannot be accepted at the moment because the virus check is not "
            "available. Please try again later; if this persists, tell the bureau."
        ),
        code="scanner_missing",
    )


def _scan_failed() -> ValidationError:
    return ValidationError(
        _("The file could not be checked for viruses just now. Please try again later."),
        code="scan_failed",
    )


def scan_upload(upload, *, name: str, sha256: str, size: int, actor=None) -> None:
    """Refuse the upload when the scanner finds malware in it.

    Side effects for an infected file: an audit entry ``core.upload.infected`` with the
    signature, file name, size and SHA-256 (in the caller's transaction when there is one:
    callers check uploads before they open theirs), and a warning in the log.
    """
    result = scan(upload)
    if result is None or result.clean:
        return

    actor = actor if actor is not None else request_user.get()
    log.warning("Upload %r (sha256 %s) refused: %s found.", name, sha256, result.signature)
    record_event(
        "core.upload.infected",
        actor=actor,
        changes={"signature": result.signature, "file": name, "size": size, "sha256": sha256},
    )
    raise ValidationError(
        _(
            "The file was refused because the virus check found harmful content in it. "
            "Check your computer for viruses and upload a clean copy."
        ),
        code="infected",
    )
