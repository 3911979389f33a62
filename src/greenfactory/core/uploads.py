"""Checking an uploaded file before it is stored: its name, size, real content and, where a
virus scanner is installed, that it carries no malware (``core.scanning``).

The type is decided by the file's bytes, not its extension; the extension must agree with the
bytes. Office files are ZIP archives, checked for entry count and uncompressed size so that a
ZIP bomb is refused before anything unpacks it.

In order: the name is reduced to its last path component without control characters (150
characters at most) and kept as data only; an empty file or one above ``max_bytes``
(``UPLOAD_MAX_FILE_MB`` by default) is refused; the type is sniffed over a small allow-list
(PDF, PNG, JPEG, OLE2 for ``.doc``/``.xls``, ZIP opened as ``.docx``/``.xlsx`` by its
``[Content_Types].xml`` and ``word/`` or ``xl/`` parts, refused beyond 2,000 entries,
``UPLOAD_MAX_UNPACKED_MB`` or a 100:1 ratio); the extension must agree; a PDF, PNG or JPEG
without its end marker is refused as cut off; last, the scanner. Callers check before they open
their transaction, so the audit entry of an infected file stays when the upload is refused.
Stored files are served only as attachments, with ``nosniff``, through the object's visibility
query (``core.downloads.attachment``).
"""

import hashlib
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .scanning import scan_upload


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str
    label: str


PDF = FileType((".pdf",), "application/pdf", "PDF")
PNG = FileType((".png",), "image/png", "PNG")
JPEG = FileType((".jpg", ".jpeg"), "image/jpeg", "JPEG")
DOCX = FileType(
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word",
)
XLSX = FileType(
    (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
DOC = FileType((".doc",), "application/msword", "Word 97-2003")
XLS = FileType((".xls",), "application/vnd.ms-excel", "Excel 97-2003")
EVIDENCE_TYPES = (PDF, PNG, JPEG, DOCX, XLSX, DOC, XLS)

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 100


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    file_type: FileType
    size: int
    sha256: str

    def fields_for(self, model) -> dict:
        """The accepted file's description as the fields of ``model`` that keep it: its name,
        type, size and SHA-256, each only where the model has that field."""
        described = {
            "original_name": self.name,
            "content_type": self.file_type.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }
        kept = {field.name for field in model._meta.concrete_fields}
        return {name: value for name, value in described.items() if name in kept}


def clean_filename(name: str) -> str:
    """The last path component, without control characters, at most 150 characters."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        raise ValidationError(_("The file has no usable name."), code="name")
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 150:
        name = stem[: 150 - len(ext) - 1] + "." + ext
    return name[:150]


def _sniff(head: bytes, upload) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC  # OLE2: .doc or .xls, told apart by the extension below
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return None


def _office_type(upload) -> FileType | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationError(
                    _("The Office file has too many parts to be a real document."), code="bomb"
                )
            names = {entry.filename for entry in entries}
        packed = max(sum(entry.compress_size for entry in entries), 1)
        cap = min(settings.UPLOAD_MAX_UNPACKED_BYTES, packed * MAX_ZIP_RATIO)
        declared = sum(entry.file_size for entry in entries)
        if declared > cap or _inflated_bytes(upload, entries, cap) > cap:
            raise ValidationError(
                _("The Office file unpacks to an implausible size and was refused."),
                code="bomb",
            )
    except (zipfile.BadZipFile, zlib.error, struct.error) as error:
        raise ValidationError(_("The file is damaged or incomplete."), code="damaged") from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def inflated_bytes(upload, cap: int) -> int:
    """The bytes a ZIP upload (an Office file) really unpacks to, counted no further than just
    past ``cap``; raises ``zipfile.BadZipFile`` (or ``zlib.error``) for a damaged archive."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        entries = archive.infolist()
    try:
        return _inflated_bytes(upload, entries, cap)
    finally:
        upload.seek(0)


def _inflated_bytes(upload, entries, cap: int) -> int:
    """The bytes the entries really inflate to, counted by inflating them and stopping just
    past ``cap``: the sizes an archive declares can be forged, and a reader that trusts
    them (or ignores them, as many do) would unpack gigabytes from a small upload."""
    total = 0
    for entry in entries:
        upload.seek(entry.header_offset)
        header = upload.read(30)
        if header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("no local header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        upload.seek(entry.header_offset + 30 + name_length + extra_length)
        if entry.compress_type == zipfile.ZIP_STORED:
            total += entry.compress_size
        elif entry.compress_type == zipfile.ZIP_DEFLATED:
            total += _inflate(upload, entry.compress_size, cap + 1 - total)
        else:
            raise zipfile.BadZipFile("Office files are stored or deflated")
        if total > cap:
            break
    return total


def _inflate(upload, packed: int, limit: int) -> int:
    """How many bytes ``packed`` deflated bytes at the file's position inflate to, counting no
    further than ``limit``; never more than one chunk is held in memory."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    while packed > 0 and produced < limit:
        chunk = upload.read(min(64 * 1024, packed))
        if not chunk:
            raise zipfile.BadZipFile("the entry is cut off")
        packed -= len(chunk)
        while chunk and produced < limit:
            produced += len(inflater.decompress(chunk, min(64 * 1024, limit - produced)))
            chunk = inflater.unconsumed_tail
    return produced


def _is_complete(upload, found: FileType, size: int) -> bool:
    """A PDF, PNG or JPEG cut off before its end marker is refused (Office files are ZIP
    archives, whose directory sits at the end: a cut one does not open at all)."""
    markers = {PDF: b"%%EOF", PNG: b"IEND", JPEG: b"\xff\xd9"}
    marker = markers.get(found)
    if marker is None:
        return True
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    upload.seek(0)
    return marker in tail


def check_upload(upload, *, allowed=EVIDENCE_TYPES, max_bytes=None, actor=None) -> CheckedUpload:
    """Validate an uploaded file; raise ValidationError with a message the user can act on.

    Last of all the file goes to the virus scanner (``core.scanning``); ``actor`` is named in
    the audit entry of an infected file (by default the user of the current request).
    """
    name = clean_filename(upload.name)
    max_bytes = max_bytes or settings.UPLOAD_MAX_FILE_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s is accepted."),
            code="too_big",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    head = upload.read(16)
    found = _sniff(head, upload)
    extension = PurePosixPath(name).suffix.lower()
    if found is DOC and extension == ".xls":
        found = XLS
    labels = "、".join(t.label for t in allowed)
    if found is None or found not in allowed:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(types)s."),
            code="type",
            params={"types": labels},
        )
    if extension not in found.extensions:
        raise ValidationError(
            _("The file name ends in “%(ext)s” but the file is really %(type)s."),
            code="mismatch",
            params={"ext": extension or "—", "type": found.label},
        )
    if not _is_complete(upload, found, size):
        raise ValidationError(
            _("The file is incomplete (perhaps the upload was cut off). Please upload it again."),
            code="incomplete",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    sha256 = digest.hexdigest()
    scan_upload(upload, name=name, sha256=sha256, size=size, actor=actor)
    return CheckedUpload(name=name, file_type=found, size=size, sha256=sha256)
