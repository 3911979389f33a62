"""Office files are ZIP archives: the bomb check counts the bytes that really inflate, not the
sizes the archive declares, which anyone can forge."""

import io
import secrets
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from greenfactory.core.uploads import DOCX, check_upload

BIG = 6_000_000


def docx(document: bytes, *, declared: int | None = None, method=zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .docx whose document part holds ``document``; with ``declared`` its local
    header and central directory claim that uncompressed size instead of the true one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    data = bytearray(buffer.getvalue())
    if declared is not None:
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = 0
            while (start := data.find(signature, start)) != -1:
                name_at = start + (30 if signature == b"PK\x03\x04" else 46)
                if bytes(data[name_at : name_at + 17]) == b"word/document.xml":
                    struct.pack_into("<I", data, start + offset, declared)
                start += 4
    return bytes(data)


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("report.docx", content)


def test_an_honest_document_is_accepted():
    text = secrets.token_hex(20_000).encode()
    checked = check_upload(upload(docx(b"<w:document>" + text + b"</w:document>")))
    assert checked.file_type == DOCX


def test_declared_sizes_within_limits_but_a_true_inflation_beyond_them_is_refused(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 1_000_000
    forged = docx(b"0" * BIG, declared=2_000)
    archive = zipfile.ZipFile(io.BytesIO(forged))
    assert sum(entry.file_size for entry in archive.infolist()) < 3_000
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(forged))
    assert refused.value.code == "bomb"


def test_a_forged_ratio_is_caught_by_the_bytes_inflated(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 100_000_000
    forged = docx(b"0" * BIG, declared=5_000)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(forged))
    assert refused.value.code == "bomb"


def test_a_stored_entry_counts_its_stored_bytes(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 1_000_000
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(docx(b"x" * 1_500_000, method=zipfile.ZIP_STORED)))
    assert refused.value.code == "bomb"


def test_a_truncated_entry_is_damaged_not_accepted():
    data = docx(b"<w:document>" + b"a" * 50_000 + b"</w:document>")
    cut = data.find(b"PK\x01\x02")
    # The central directory kept, the document's deflated bytes cut to half.
    broken = data[: cut // 2] + b"\x00" * (cut - cut // 2) + data[cut:]
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(broken))
    assert refused.value.code in {"damaged", "bomb"}
