"""The pages under load: gunicorn with the production settings on loopback, wrk with 8
connections, each page against two floors printing as many rows and cells: the platform floor
(the same server, the same middleware, requested as the page's own user) and the bare floor (a
minimal Django project on the same database, ``bench.bare_settings``, in a second gunicorn of
the same configuration). Pages and floors are measured in turn, round after round, so a busy
machine moves all of them alike; each figure is the median of the rounds. The servers' CPU per
request is read from ``/proc`` (user + system time of the server's processes over the requests
wrk completed)."""

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

# The platform server's port (the bare floor's is the next one): a setting, so that the
# benchmark can run beside something else on 8765.
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BARE_SETTINGS = "greenfactory.bench.bare_settings"
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

    def __init__(
        self,
        runner,
        database: Path,
        *,
        workers: int,
        settings_module: str = "greenfactory.bench.settings",
        port: int = PORT,
        **extra_env,
    ):
        self.runner, self.database, self.workers = runner, database, workers
        self.settings_module, self.port = settings_module, port
        self.extra_env = extra_env
        self.process = None
        self.base = f"http://127.0.0.1:{port}"

    def cpu_seconds(self) -> float:
        """User + system time of the server's processes so far (the master and its workers)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the command: state, ppid, pgrp, ...; utime and stime are fields 14 and 15.
            if int(fields[2]) == self.process.pid:
                total += int(fields[11]) + int(fields[12])
        return total / ticks

    def __enter__(self):
        env = self.runner.env(
            self.database, DJANGO_SETTINGS_MODULE=self.settings_module, **self.extra_env
        )
        gunicorn = Path(os.sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                str(gunicorn),
                "greenfactory.wsgi",
                "--config",
                "python:greenfactory.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{self.port}",
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


def _median(runs: list[dict]) -> dict:
    """The median round of each figure; errors summed over the rounds."""
    middle = len(runs) // 2
    found = {
        key: sorted(run[key] for run in runs)[middle]
        for key in ("rps", "p95_ms", "cpu_ms")
        if all(key in run for run in runs)
    }
    found["errors"] = sum(run["errors"] for run in runs)
    found["rounds"] = len(runs)
    return found


def measure(server: Server, url: str, cookie: str, **load) -> dict:
    before = server.cpu_seconds()
    found = wrk(url, cookie, **load)
    if found["requests"]:
        found["cpu_ms"] = round((server.cpu_seconds() - before) * 1000 / found["requests"], 2)
    return found


def run_page_load(runner, database: Path, *, seconds: int, connections: int, rounds: int = 3):
    """Each page beside its platform floor (same server, same session, as many rows and
    cells) and its bare floor (the same rows and cells from the minimal project), and the
    platform floor anonymous and with an officer's session beside the bare floor, all taken
    in turn, ``rounds`` times."""
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
        "rounds": rounds,
        "enterprises": enterprises,
        "generator": "wrk 4.1",
        "floor": "per page, platform and bare",
        "pages": {},
        "floors": {},
        "notes": [],
    }
    load = {"seconds": seconds, "connections": connections, "script": script}
    platform = Server(runner, database, workers=workers)
    bare = Server(runner, database, workers=workers, settings_module=BARE_SETTINGS, port=PORT + 1)
    with platform, bare:
        targets = []  # (group, name, key, server, url, cookie)
        officer = ""
        for page in sessions["pages"]:
            name, url = page["name"], platform.base + page["url"]
            cookie = f"{sessions['cookie_name']}={page['session']}" if page["session"] else ""
            status, body = fetch(url, cookie)
            if status != 200:
                found["notes"].append(f"{name}: answered {status} before the load; skipped.")
                continue
            if page["name"] == "district review queue":
                officer = cookie
            rows, cells = table_size(body)
            shape = f"/bench/floor/?rows={rows}&cells={cells}"
            found["pages"][name] = {"status_before": status, "rows": rows, "cells": cells}
            targets += [
                ("pages", name, "page", platform, url, cookie),
                ("pages", name, "floor", platform, platform.base + shape, cookie),
                ("pages", name, "bare", bare, bare.base + shape, ""),
            ]
        for key, server, cookie in (
            ("anonymous", platform, ""),
            ("officer", platform, officer),
            ("bare", bare, ""),
        ):
            targets.append(("floors", "floor", key, server, server.base + "/bench/floor/", cookie))
        for *_where, url, cookie in targets:  # warm-up
            wrk(url, cookie, seconds=2, connections=connections, script=script)
        measured: dict[tuple, list] = {}
        for round_number in range(rounds):
            for group, name, key, server, url, cookie in targets:
                measured.setdefault((group, name, key), []).append(
                    measure(server, url, cookie, **load)
                )
            runner.log(f"pages under load: round {round_number + 1} of {rounds} done")
        for (group, name, key), runs in measured.items():
            if group == "pages":
                found["pages"][name][key] = _median(runs)
            else:
                found["floors"][key] = _median(runs)
    return found
