"""Two task workers (`manage.py db_worker`, two processes) on one database queue: every task
runs exactly once, and both workers take a share.

django-tasks-db claims a task in a transaction: on PostgreSQL with SELECT … FOR UPDATE SKIP
LOCKED (a worker passes over the rows another has locked), on SQLite inside an EXCLUSIVE
transaction (one worker at a time holds the whole database while it claims). So the test runs on
both; the deployment runs its workers on PostgreSQL.
"""

import subprocess
import sys
import time
from collections import Counter

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .processes import ROOT, process_env, stop
from .tasks import RUNS_TABLE, record_run

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]

TASKS = 60
WORKERS = ("scale-worker-1", "scale-worker-2")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def runs_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (number integer NOT NULL, pid integer NOT NULL)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RUNS_TABLE}")


def start_worker(worker_id: str, log):
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--worker-id",
            worker_id,
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
        ],
        # demo: the database queue, as outside tests (the test settings run tasks at once).
        env=process_env(DJANGO_ENV="demo", LOG_LEVEL="INFO"),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds: float, what: str, logs=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    text = "\n".join(path.read_text()[-2000:] for path in logs)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}\n{text}")


def test_two_workers_run_every_task_exactly_once(runs_table, tmp_path):
    logs = [tmp_path / f"{worker}.log" for worker in WORKERS]
    workers = []
    try:
        for worker, path in zip(WORKERS, logs, strict=True):
            with path.open("wb") as log:
                workers.append(start_worker(worker, log))
        wait_for(
            lambda: all("Starting worker" in path.read_text() for path in logs),
            60,
            "both workers to start",
            logs,
        )
        started = time.monotonic()
        with override_settings(TASKS=DATABASE_QUEUE):
            results = [record_run.enqueue(number) for number in range(TASKS)]
        wait_for(
            lambda: DBTaskResult.objects.finished().count() == TASKS,
            60,
            f"{TASKS} tasks to finish",
            logs,
        )
        elapsed = time.monotonic() - started
    finally:
        for process in workers:
            stop(process)

    rows = DBTaskResult.objects.filter(id__in=[result.id for result in results])
    assert Counter(rows.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL: TASKS}
    assert all(len(row.worker_ids) == 1 for row in rows)
    taken = Counter(row.worker_ids[0] for row in rows)
    assert set(taken) == set(WORKERS), taken

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, pid FROM {RUNS_TABLE}")  # noqa: S608
        runs = cursor.fetchall()
    assert sorted(number for number, _pid in runs) == list(range(TASKS))
    assert {pid for _number, pid in runs} == {process.pid for process in workers}
    # One worker alone needs at least TASKS × 0.05 s; two share the queue.
    print(f"{TASKS} tasks on two workers in {elapsed:.1f} s; taken {dict(taken)}")
