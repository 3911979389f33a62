"""The pages under load: gunicorn with the production settings on loopback, wrk with 8
connections, each page against the floor view served by the same server, requested as the same
user and printing as many rows and cells."""

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.test import Client

from .pages import pages

PORT = 8765
LATENCY_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH p95_us=%d requests=%d errors=%d duration_us=%d\\n",
    latency:percentile(95), summary.requests, errors, summary.duration))
end
"""


def page_sessions() -> dict:
    """A logged-in session for each page's user (a part run in its own process)."""
    found = []
    for page in pages():
        cookie = ""
        if page.user is not None:
            client = Client()
            client.force_login(page.user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        found.append({"name": page.name, "url": page.url, "session": cookie})
    return {"cookie_name": settings.SESSION_COOKIE_NAME, "pages": found}


class Server:
    """gunicorn on loopback, started and stopped by the benchmark (by its own process id)."""

    def __init__(self, runner, database: Path, *, workers: int, **extra_env):
        self.runner, self.database, self.workers = runner, database, workers
        self.extra_env = extra_env
        self.process = None
        self.base = f"http://127.0.0.1:{PORT}"

    def __enter__(self):
        env = self.runner.env(
            self.database, DJANGO_SETTINGS_MODULE="greenfactory.bench.settings", **self.extra_env
        )
        gunicorn = Path(os.sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                str(gunicorn),
                "greenfactory.wsgi",
                "--config",
                "python:greenfactory.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
                "--chdir",
                str(self.runner.root / "src"),
            ],
            env=env,
            cwd=self.runner.root,
            stdout=subprocess.DEVNULL,
            stderr=open(self.runner.work / "gunicorn.log", "ab"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/bench/floor/", timeout=30)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 120 s; see var/bench/gunicorn.log")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def fetch(url: str, cookie: str) -> tuple[int, str]:
    """The status and body of one request, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def table_size(body: str) -> tuple[int, int]:
    """The page's rows and cells per row, as the floor is to print them: every table row of
    the page, and its cells (headers and data) spread over them."""
    rows = len(re.findall(r"<tr[\s>]", body))
    cells = len(re.findall(r"<t[dh][\s>]", body))
    if rows == 0:
        return 1, 1
    return rows, max(1, round(cells / rows))


def wrk(url: str, cookie: str, *, seconds: int, connections: int, script: Path) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"BENCH p95_us=(\d+) requests=(\d+) errors=(\d+) duration_us=(\d+)", output)
    p95, requests, errors, duration = (int(value) for value in match.groups())
    return {
        "rps": round(requests / (duration / 1e6), 1),
        "p95_ms": round(p95 / 1000, 1),
        "requests": requests,
        "errors": errors,
    }


def run_page_load(runner, database: Path, *, seconds: int, connections: int) -> dict:
    """Each page, then its floor: the floor view requested with the page's own session (the
    same middleware and user) printing as many table rows and cells as the page."""
    if shutil.which("wrk") is None:
        return {}
    sessions = runner.part(database, "sessions")
    script = runner.work / "latency.lua"
    script.write_text(LATENCY_SCRIPT)
    workers = 2 * (os.cpu_count() or 1) + 1
    enterprises = database.stem.rsplit("-", 1)[-1]
    found = {
        "workers": workers,
        "connections": connections,
        "seconds": seconds,
        "enterprises": enterprises,
        "generator": "wrk 4.1",
        "floor": "per page",
        "pages": {},
        "notes": [],
    }
    with Server(runner, database, workers=workers) as server:
        for page in sessions["pages"]:
            name, url = page["name"], server.base + page["url"]
            cookie = f"{sessions['cookie_name']}={page['session']}" if page["session"] else ""
            status, body = fetch(url, cookie)
            if status != 200:
                found["notes"].append(f"{name}: answered {status} before the load; skipped.")
                continue
            rows, cells = table_size(body)
            floor_url = f"{server.base}/bench/floor/?rows={rows}&cells={cells}"
            measured = {"status_before": status, "rows": rows, "cells": cells}
            for key, target in (("page", url), ("floor", floor_url)):
                wrk(target, cookie, seconds=2, connections=connections, script=script)  # warm-up
                measured[key] = wrk(
                    target, cookie, seconds=seconds, connections=connections, script=script
                )
            found["pages"][name] = measured
            runner.log(f"{name}: {measured}")
    return found
