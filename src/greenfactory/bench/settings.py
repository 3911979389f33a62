"""The platform's settings with the benchmarks installed and the benchmark floor's address
added: only the benchmark's own processes (its ``manage.py`` runs and its gunicorn) use this module
(``DJANGO_SETTINGS_MODULE=greenfactory.bench.settings``), so neither the commands nor the floor
are part of the platform's own production settings."""

from greenfactory.settings import *  # noqa: F403
from greenfactory.settings import INSTALLED_APPS

if "greenfactory.bench" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "greenfactory.bench"]

ROOT_URLCONF = "greenfactory.bench.urls"
