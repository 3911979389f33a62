"""A background task for the worker tests: each run leaves one row, so a task run twice shows."""

import os
import time

from django.db import connection
from django_tasks import task

RUNS_TABLE = "gf_scale_runs"


@task()
def record_run(number: int) -> int:
    """Write (number, worker process) into the runs table; no unique key, so nothing hides a
    second run of the same task."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RUNS_TABLE} (number, pid) VALUES (%s, %s)",  # noqa: S608
            [number, os.getpid()],
        )
    time.sleep(0.05)
    return number
