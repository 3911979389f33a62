"""An upload's body is taken in chunks of ``CHUNK_SIZE`` (decisions §112): a 3 MB file passes
through the multipart parser and the handler in a few chunks, is spooled to a file without a
name, and is read back whole, in chunks of that size, byte for byte as sent."""

import hashlib
import os

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.test import RequestFactory

from greenfactory.core import upload_handlers
from greenfactory.core.upload_handlers import CHUNK_SIZE, AnonymousTemporaryUploadedFile

BOUNDARY = "b0undary"


def _request(data: bytes):
    body = (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="evidence.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return RequestFactory().generic(
        "POST", "/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def test_a_large_upload_is_spooled_in_large_chunks_and_read_back_whole(monkeypatch):
    received = []
    original = upload_handlers.AnonymousTemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(
        upload_handlers.AnonymousTemporaryFileUploadHandler, "receive_data_chunk", counting
    )
    data = os.urandom(3 * 1024 * 1024 + 12345)
    upload = _request(data).FILES["file"]
    with upload:
        chunks = list(upload.chunks())

    assert isinstance(upload, AnonymousTemporaryUploadedFile)
    assert len(received) == 4
    assert max(received) == CHUNK_SIZE
    assert sum(received) == len(data)
    assert [len(c) for c in chunks] == [CHUNK_SIZE] * 3 + [12345]
    assert hashlib.sha256(b"".join(chunks)).digest() == hashlib.sha256(data).digest()


def test_a_small_upload_stays_in_memory():
    data = os.urandom(100_000)
    upload = _request(data).FILES["file"]
    with upload:
        assert isinstance(upload, InMemoryUploadedFile)
        assert upload.read() == data
