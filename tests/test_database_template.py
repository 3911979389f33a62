"""The kept test database is rebuilt whenever anything that shapes it changes; on PostgreSQL it
is a database of the server, kept under its key and copied for each run (decisions §103)."""

import os

import pytest
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

from tests.database import (
    PARTIAL,
    _databases,
    _drop,
    copy_database,
    keep_as_postgresql_template,
    postgresql_template,
    postgresql_template_prefix,
    template_key,
)

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
no_database = pytest.mark.no_database
on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the server's templates: PostgreSQL only",
)


def tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    template_key.cache_clear()
    return template_key(root)


BASE = {
    "pyproject.toml": 'dependencies = ["Django==5.2"]',
    "src/greenfactory/core/migrations/0001_initial.py": "operations = []",
    "src/greenfactory/programme/data/system.json": "{}",
    "src/greenfactory/core/templates/core/base.html": "<html>",
    "src/greenfactory/locale/zh_Hans/LC_MESSAGES/django.po": 'msgid ""',
}


@no_database
def test_the_key_follows_the_migrations_their_code_and_data_and_the_pins(tmp_path):
    keys = {"base": tree(tmp_path / "base", BASE)}
    for label, change in [
        ("migration", {"src/greenfactory/core/migrations/0001_initial.py": "operations = [1]"}),
        ("new migration", {"src/greenfactory/core/migrations/0002_more.py": "operations = []"}),
        ("code", {"src/greenfactory/programme/domain/systems.py": "SHIPPED = 2"}),
        ("data", {"src/greenfactory/programme/data/system.json": '{"a": 1}'}),
        ("pins", {"pyproject.toml": 'dependencies = ["Django==5.2.1"]'}),
    ]:
        keys[label] = tree(tmp_path / label.replace(" ", "_"), {**BASE, **change})
    assert len(set(keys.values())) == len(keys)


@no_database
def test_templates_and_translations_do_not_shape_the_database(tmp_path):
    base = tree(tmp_path / "base", BASE)
    changed = {
        "src/greenfactory/core/templates/core/base.html": "<html lang=zh>",
        "src/greenfactory/locale/zh_Hans/LC_MESSAGES/django.po": 'msgid "x"',
    }
    assert tree(tmp_path / "pages", {**BASE, **changed}) == base


@no_database
def test_the_template_is_named_by_the_key_within_the_server_s_limit():
    long = "greenfactory_" * 6
    assert postgresql_template("greenfactory") == f"test_greenfactory_template_{template_key()}"
    assert postgresql_template(long).startswith(postgresql_template_prefix(long))
    assert len(postgresql_template(long) + PARTIAL) <= 63


def _database(name):
    """A connection to one of the server's databases, beside the tests' own."""
    default = connections["default"].settings_dict
    return load_backend(default["ENGINE"]).DatabaseWrapper({**default, "NAME": name}, "probe")


def _run(name, *statements):
    database = _database(name)
    try:
        with database.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchall() if cursor.description else None
    finally:
        database.close()


@on_postgresql
@pytest.mark.django_db
def test_a_build_is_kept_under_its_key_other_keys_dropped_and_copied_whole():
    """A build renamed into the template's place, closed to connections; the templates of
    other keys and a build left halfway dropped; a copy has the template's rows and its
    sequence where the template left it."""
    connection = connections["default"]
    prefix = postgresql_template_prefix(f"probe_{os.getpid()}")
    template = f"{prefix}{template_key()}"
    stale, halfway, built = (
        f"{prefix}{'0' * 20}",
        f"{prefix}{'1' * 20}{PARTIAL}",
        f"{template}{PARTIAL}",
    )
    copy = f"{prefix}copy"
    with connection._nodb_cursor() as server:
        try:
            for name in (stale, halfway, built):
                server.execute(f'CREATE DATABASE "{name}"')
            _run(
                built,
                "CREATE TABLE region (id bigserial PRIMARY KEY, name text)",
                "INSERT INTO region (name) VALUES ('常州市'), ('武进区')",
            )

            keep_as_postgresql_template(server, connection, built, template)

            assert _databases(server, prefix) == {template}
            server.execute("SELECT datallowconn FROM pg_database WHERE datname = %s", [template])
            assert server.fetchone() == (False,)

            copy_database(server, connection, template, copy)
            copy_database(server, connection, template, copy)  # made anew over the last one

            assert _run(
                copy, "INSERT INTO region (name) VALUES ('新北区') RETURNING id", "TABLE region"
            ) == [(1, "常州市"), (2, "武进区"), (3, "新北区")]
        finally:
            for name in _databases(server, prefix):
                _drop(server, connection, name)
