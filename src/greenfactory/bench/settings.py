"""The platform's settings with the benchmarks installed and the benchmark floor's address
added: only the benchmark's own processes (its ``manage.py`` runs and its gunicorn) use this module
(``DJANGO_SETTINGS_MODULE=greenfactory.bench.settings``), so neither the commands nor the floor
are part of the platform's own production settings."""

import os

from greenfactory.settings import *  # noqa: F403
from greenfactory.settings import INSTALLED_APPS, MIDDLEWARE

if "greenfactory.bench" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "greenfactory.bench"]

ROOT_URLCONF = "greenfactory.bench.urls"

# The deadline peak's server logs what each request costs the database's writers (its queries,
# its CPU time, how long it held the write lock: ``bench.writelock``); no other run has it.
if os.environ.get("BENCH_WRITE_LOCK_LOG"):
    MIDDLEWARE = ["greenfactory.bench.writelock.WriteLockLog", *MIDDLEWARE]
