"""The platform's settings with the benchmark floor's address added: only the benchmark's
gunicorn uses this module (``DJANGO_SETTINGS_MODULE=greenfactory.bench.settings``), so the
floor is never part of the platform's own URLs."""

from greenfactory.settings import *  # noqa: F403

ROOT_URLCONF = "greenfactory.bench.urls"
