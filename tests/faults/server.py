"""A real server process on the test database, and what the kill tests need around it.

The process is ``manage.py runserver --noreload`` (one process, so SIGKILL takes the whole
server at once) on a free loopback port, with the test database, its own MEDIA_ROOT and its
own temporary folder (TMPDIR), all through the environment variables settings.py reads.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
CSRF_SECRET = "k" * 32  # a 32-character token is compared with the cookie's secret as it is


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The URL of the database the test is using (pytest-django's test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="") + (
        ":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    media: Path
    tmp: Path
    log: Path

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def kill(self) -> None:
        """SIGKILL: no handler, no cleanup, no flush — as a power cut or the OOM killer."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        assert self.process.returncode == -signal.SIGKILL

    def open_temporary_files(self) -> list[tuple[str, int]]:
        """The files under the server's temporary folder it holds open, with their sizes
        (anonymous temporary files show as ``/tmp/…/#123 (deleted)``)."""
        found = []
        fd_dir = Path(f"/proc/{self.process.pid}/fd")
        for fd in fd_dir.iterdir():
            try:
                target = os.readlink(fd)
                if target.startswith(str(self.tmp)):
                    found.append((target, os.stat(fd).st_size))
            except FileNotFoundError:
                continue
        return found


def start_server(tmp_path: Path) -> Server:
    """Start the server and wait until it answers; the caller kills it (or ``stop_server``)."""
    port = unused_port()
    media = Path(settings.MEDIA_ROOT)
    tmp = tmp_path / "server-tmp"
    tmp.mkdir()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "greenfactory.settings",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(media),
        "TMPDIR": str(tmp),
        "DEBUG": "0",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{port}",
            ],
            env=env,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, port=port, media=media, tmp=tmp, log=log)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server did not start:\n{log.read_text()[-3000:]}")
        try:
            server.connect().close()
            return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise AssertionError(f"the server did not answer within 15 s:\n{log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait(timeout=10)


def session_cookie(user) -> str:
    """A logged-in session for ``user``, written to the database the server reads."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post_head(server: Server, path: str, *, session: str, content_type: str, length: int) -> bytes:
    """The request line and headers of a POST whose body is sent separately."""
    return (
        f"POST {path} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\n"
        f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; "
        f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes):
    """A multipart/form-data body: the fields, then the file; and its content type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in {"csrfmiddlewaretoken": CSRF_SECRET, **fields}.items()
    ]
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form(fields: dict[str, str]):
    body = urlencode({"csrfmiddlewaretoken": CSRF_SECRET, **fields}).encode()
    return body, "application/x-www-form-urlencoded"


def wait_for(condition, *, seconds: float = 10, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks: on SQLite a writer waits for the whole database before it writes "
    "anything, so the server cannot be stopped half-way through a transaction",
)


@contextmanager
def row_locked(model, pk):
    """Hold a row's lock (SELECT … FOR UPDATE) from a connection of our own, so that a server
    request reaching ``select_for_update`` of that row waits there, after what it wrote
    before, until the lock is released. PostgreSQL only."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
    ) as holder:
        holder.execute(
            sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(
                sql.Identifier(model._meta.db_table)
            ),
            [pk],
        )
        yield holder
        holder.rollback()


def backend_waiting_for_a_lock() -> int | None:
    """The PostgreSQL backend (another connection to this database) waiting for a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def tables_written_by(pid: int) -> set[str]:
    """The tables a backend's open transaction has inserted into or updated."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r'",
            [pid],
        )
        return {name for (name,) in cursor.fetchall()}


def backend_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is None
