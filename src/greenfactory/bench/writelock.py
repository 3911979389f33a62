"""What one request costs the database's writers: its queries, its CPU time, and how long it
holds the write lock.

On SQLite every ``transaction.atomic`` opens with ``BEGIN IMMEDIATE`` (settings), which takes
the database's one write lock at once: from that statement to the commit (or rollback) no other
process may write, so that span is what the other savers wait for. On PostgreSQL the writers
queue on row locks instead (the application row, the audit chain's head): the span counted there
runs from the first ``SELECT … FOR UPDATE`` to the end of its transaction.

``Watch`` is installed on the thread's connection for one request (the bench's middleware) or a
block (the in-process profile); it never changes what runs, it only times it.
"""

import json
import os
import threading
import time
from contextlib import ExitStack

from django.db import connections

_log_lock = threading.Lock()


class Watch:
    """Counts queries and times the write-lock spans of the default connection while open."""

    def __init__(self):
        self.queries = 0
        self.locked_queries = 0
        self.waited = 0.0
        self.spans: list[float] = []
        self.cpu_spans: list[float] = []
        self._since: float | None = None
        self._cpu_since = 0.0
        self._stack = ExitStack()

    # ---- the connection's hooks ----------------------------------------------------------
    def _execute(self, execute, sql, params, many, context):
        """The lock counts from the moment its statement returns (``BEGIN IMMEDIATE`` on
        SQLite, the first ``FOR UPDATE`` on PostgreSQL); the time that statement took is the
        time spent waiting for it."""
        head = sql.lstrip()[:16].upper()
        takes_lock = self._since is None and (
            head.startswith("BEGIN") or "FOR UPDATE" in sql.upper()
        )
        if not head.startswith("BEGIN"):
            self.queries += 1
            if self._since is not None or takes_lock:
                self.locked_queries += 1
        if not takes_lock:
            return execute(sql, params, many, context)
        asked = time.perf_counter()
        result = execute(sql, params, many, context)
        self.waited += time.perf_counter() - asked
        self._start()
        return result

    def _start(self):
        self._since, self._cpu_since = time.perf_counter(), time.thread_time()

    def _ended(self):
        if self._since is not None:
            self.spans.append(time.perf_counter() - self._since)
            self.cpu_spans.append(time.thread_time() - self._cpu_since)
            self._since = None

    def __enter__(self):
        connection = connections["default"]
        self._stack.enter_context(connection.execute_wrapper(self._execute))
        commit, rollback = connection._commit, connection._rollback

        def _commit():
            try:
                return commit()
            finally:
                self._ended()

        def _rollback():
            try:
                return rollback()
            finally:
                self._ended()

        connection._commit, connection._rollback = _commit, _rollback

        def restore():
            del connection._commit, connection._rollback

        self._stack.callback(restore)
        return self

    def __exit__(self, *exc):
        self._ended()
        self._stack.close()
        return False

    @property
    def held(self) -> float:
        """Seconds the write lock was held (wall clock: includes waiting for the CPU)."""
        return sum(self.spans)

    @property
    def held_cpu(self) -> float:
        """CPU seconds this thread spent while holding it."""
        return sum(self.cpu_spans)


def kind_of(request) -> str:
    """The deadline bench's request kinds, by the URL's name."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else ""
    if request.method == "POST" and name == "application_form":
        return "form save"
    if request.method == "POST" and name == "evidence":
        return "upload"
    return f"{request.method} {name or request.path}"


class WriteLockLog:
    """Bench middleware: with ``BENCH_WRITE_LOCK_LOG`` set (a file path), appends one JSON line
    per request — its kind, the server's own time for it (wall clock, from the first middleware
    in to the response out), CPU seconds of the thread, queries, write-lock spans — so that the
    deadline report can give each kind's hold time and the server's time beside the time the
    simulated users measured."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = os.environ.get("BENCH_WRITE_LOCK_LOG", "")

    def __call__(self, request):
        if not self.path:
            return self.get_response(request)
        cpu, wall = time.thread_time(), time.perf_counter()
        with Watch() as watch:
            response = self.get_response(request)
        line = {
            "kind": kind_of(request),
            "status": response.status_code,
            "wall": time.perf_counter() - wall,
            "cpu": time.thread_time() - cpu,
            "queries": watch.queries,
            "locked_queries": watch.locked_queries,
            "held": watch.held,
            "held_cpu": watch.held_cpu,
            "waited": watch.waited,
            "spans": len(watch.spans),
        }
        with _log_lock, open(self.path, "a") as log:
            log.write(json.dumps(line) + "\n")
        return response
