"""Where an upload is held while it arrives: in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then
in a temporary file that has no name.

Django's own handler spools a large upload to a named file in the temporary folder and deletes
it when the request ends; a server process killed during the upload (SIGKILL, the OOM killer,
a power cut) never deletes it, and the half-received file stays on disk. A file without a name
(``tempfile.TemporaryFile``: ``O_TMPFILE``, or unlinked at once) is freed by the kernel when
the process ends, however it ends. The upload has no ``temporary_file_path``, so storage copies
it in chunks rather than moving it, and the virus scanner reads it through a pipe.

Both handlers take the body in chunks of ``CHUNK_SIZE`` (1 MiB, Django's default is 64 KiB),
and the spooled file is read back in chunks of that size (its hash, its copy into storage): a
2–5 MB upload passes through the multipart parser's Python loop, the handler and the file a few
times instead of some eighty times each (decisions §112).
"""

import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler

CHUNK_SIZE = 1024 * 1024


class LargeChunkMemoryFileUploadHandler(MemoryFileUploadHandler):
    """Django's handler for uploads held in memory, taking the body in ``CHUNK_SIZE`` chunks:
    the parser reads in the smallest chunk size of all the handlers."""

    chunk_size = CHUNK_SIZE


class AnonymousTemporaryUploadedFile(UploadedFile):
    DEFAULT_CHUNK_SIZE = CHUNK_SIZE

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        file = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 - closed with the upload
        super().__init__(file, name, content_type, size, charset, content_type_extra)


class AnonymousTemporaryFileUploadHandler(FileUploadHandler):
    """Streams a file upload into an anonymous temporary file (the last handler in
    FILE_UPLOAD_HANDLERS, after the memory handler)."""

    chunk_size = CHUNK_SIZE

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = AnonymousTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data, start):
        self.file.write(raw_data)

    def file_complete(self, file_size):
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self):
        if hasattr(self, "file"):
            self.file.close()
