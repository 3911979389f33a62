"""Real processes of the platform on the test database: web servers, task workers, and the
settings a process would build from its environment."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.server import database_url, unused_port
from tests.forked_python import ForkedPython

ROOT = Path(__file__).resolve().parents[2]

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="runs several processes against one PostgreSQL database, as a deployment does; "
    "run with DATABASE_URL=postgres://… (the CI step 'scaling out')",
)


def process_env(**extra: str) -> dict[str, str]:
    """The environment of a platform process on the test database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greenfactory.settings",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "DEBUG": "0",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        **extra,
    }


def settings_value(python: ForkedPython, expression: str, **environment: str):
    """``expression`` (e.g. ``settings.STORAGES``) as a fresh process computes it from
    ``environment``: what settings.py makes of the variables, read as JSON. The process is
    forked from ``python`` and reads its settings from
    ``environment`` as a new one does (tests/forked_python.py)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}))"
    )
    result = python.run(
        ["-c", code], env=process_env(DJANGO_ENV="test", **environment), cwd=ROOT, timeout=60
    )
    if result.returncode:
        raise AssertionError(result.stderr[-3000:])
    return json.loads(result.stdout)


def wait_until_listening(port: int, process: subprocess.Popen, log: Path, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the process ended:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on {port} in {seconds} s:\n{log.read_text()[-3000:]}")


def start_gunicorn(folder: Path, names: list[str], **environment: str) -> list:
    """Gunicorn instances of the platform (one sync worker each), one per name, each on a free
    loopback port, started together; [(process, port), ...] once every one answers."""
    started = []
    for name in names:
        port = unused_port()
        log = folder / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "greenfactory.wsgi:application",
                    "--config",
                    "python:greenfactory.gunicorn_conf",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--access-logfile",
                    "-",
                ],
                env=process_env(DJANGO_ENV="test", **environment),
                cwd=folder,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append((process, port, log))
    try:
        for process, port, log in started:
            wait_until_listening(port, process, log)
    except AssertionError:
        for process, _port, _log in started:
            stop(process)
        raise
    return [(process, port) for process, port, _log in started]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
