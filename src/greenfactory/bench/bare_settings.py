"""The bare floor's settings: a minimal Django project on the platform's database, so that the
benchmark can tell what the platform adds to every request from what Django itself costs.

No sessions, no authentication, no middleware, one URL, one app (``bench.bare``: an unmanaged
model of the registry's table, so that the floor reads its rows with the ORM as the platform's
floor does), the platform's floor template (the same rows and cells), the database connection
kept open between requests as Django allows
(``CONN_MAX_AGE = None``). Only the benchmark's second gunicorn uses this module
(``DJANGO_SETTINGS_MODULE=greenfactory.bench.bare_settings``)."""

from pathlib import Path

import environ

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
INSTALLED_APPS = ["greenfactory.bench.bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "greenfactory.bench.bare_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
    }
]
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = None
USE_I18N = True
LANGUAGE_CODE = "zh-hans"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
