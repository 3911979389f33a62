"""The squashed migrations build the same database as the migrations they replace (decisions
§97): a database is migrated here through the old migrations, one by one, and compared with the
test database, which the squashed ones built: every table with its columns, keys, constraints,
indexes and triggers, and the rows the data migrations seeded. Then ``migrate`` on the old
database, the squashed migrations in place, finds nothing left to apply.

On PostgreSQL the test database is a copy of the template the first worker migrated
(``CREATE DATABASE … TEMPLATE``, tests/database.py, decisions §103): the same comparison, its
sequences included (each where its table's keys leave it), proves such a copy equal to a
migrated database.

It runs on PostgreSQL, the production database, whose trigger and function carry the audit
trail's guard: migrating the old way costs about 40 s of CPU, as much as every worker's own
database cost before the squash. On SQLite the same comparison passed when the migrations
were squashed (decisions §97); set ``SQUASH_PROOF=1`` to run it there again."""

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

from tests.database import _drop, copied_from, copy_database

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.subprocess,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        and not os.environ.get("SQUASH_PROOF"),
        reason="compared on PostgreSQL (SQUASH_PROOF=1 compares on SQLite)",
    ),
]

# Rows made by the post_migrate signal of ``migrate`` (not by a migration), and the record of
# the migrations applied, which differs by design.
ROWS_NOT_COMPARED = {"django_migrations", "django_content_type", "auth_permission"}
# Tables the test database has and no migration makes: the database caches' tables.
NOT_MIGRATED = {
    cache["LOCATION"]
    for cache in settings.CACHES.values()
    if cache["BACKEND"].endswith("DatabaseCache")
}
ROOT = Path(__file__).resolve().parent.parent
# The data migrations write through the default database: the old one is migrated by a process
# whose default database it is, through the replaced migrations (the squashed ones left out of
# the graph), with no post_migrate signal.
MIGRATE_THE_OLD_WAY = """
import json
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
executor = MigrationExecutor(connection)
executor.loader = MigrationLoader(connection, replace_migrations=False)
old = [key for key in executor.loader.graph.leaf_nodes() if key not in executor.loader.replacements]
executor.migrate(old)
# What ``migrate`` would do next, the squashed migrations in place.
executor = MigrationExecutor(connection)
plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
print(json.dumps({
    "plan": [migration.name for migration, _ in plan],
    "squashed": sorted(key[1] for key in executor.loader.replacements),
    "applied": sorted(key[1] for key in executor.loader.applied_migrations),
}))
"""


def _url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = quote(settings_dict["USER"]), quote(settings_dict["PASSWORD"])
    host, port = settings_dict["HOST"], settings_dict["PORT"]
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def old_database(django_db_setup, django_db_blocker):
    """A database beside the test database, migrated through the replaced migrations: a
    connection of its own, outside the tests' connections, read with plain SQL."""
    default = connections["default"].settings_dict
    settings_dict = {**default, "NAME": f"{default['NAME']}_old"}
    settings_dict["TEST"] = {**default["TEST"], "NAME": settings_dict["NAME"]}
    connection = load_backend(default["ENGINE"]).DatabaseWrapper(settings_dict, alias="old")
    with django_db_blocker.unblock():
        name = connection.creation._create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        connection.settings_dict["NAME"] = name
        try:
            migrated = subprocess.run(
                [sys.executable, "-c", MIGRATE_THE_OLD_WAY],
                cwd=ROOT,
                env={
                    **os.environ,
                    "DJANGO_ENV": "test",
                    "DJANGO_SETTINGS_MODULE": "greenfactory.settings",
                    "PYTHONPATH": str(ROOT / "src"),
                    "DATABASE_URL": _url(connection.settings_dict),
                },
                check=True,
                capture_output=True,
                text=True,
            )
            yield connection, json.loads(migrated.stdout.splitlines()[-1])
        finally:
            connection.close()
            if Path(name).exists() or connection.vendor != "sqlite":
                connection.creation._destroy_test_db(name, verbosity=0)


@pytest.fixture
def new_database(django_db_setup, django_db_blocker):
    """The database the squashed migrations built as each run starts with it: on PostgreSQL a
    fresh copy of the template the test database was copied from (the test database's
    sequences have moved on with the tests before), on SQLite the test database."""
    default = connections["default"]
    template = copied_from()
    if default.vendor == "sqlite":
        yield default
        return
    if template is None:
        pytest.skip("compares a copy of the template, which --create-db and --reuse-db skip")
    settings_dict = {**default.settings_dict, "NAME": f"{default.settings_dict['NAME']}_copy"}
    backend = load_backend(settings_dict["ENGINE"])
    connection = backend.DatabaseWrapper(settings_dict, alias="copy")
    with django_db_blocker.unblock():
        with default._nodb_cursor() as server:
            copy_database(server, default, template, settings_dict["NAME"])
        try:
            yield connection
        finally:
            connection.close()
            with default._nodb_cursor() as server:
                _drop(server, default, settings_dict["NAME"])


def _items(create_table: str) -> set[str]:
    """A SQLite ``CREATE TABLE``'s columns and constraints, in any order (a column added by a
    later migration comes last in the old database, in its place in the squashed one)."""
    body = create_table[create_table.index("(") + 1 : create_table.rindex(")")]
    items, depth, start = [], 0, 0
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(body[start:i])
            start = i + 1
    items.append(body[start:])
    return {re.sub(r"\s+", " ", item).strip() for item in items}


def _sqlite_schema(connection) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
        rows = cursor.fetchall()
        schema = {}
        for kind, name, table, sql in rows:
            if table in NOT_MIGRATED:
                continue
            if kind == "table":
                schema[("table", name)] = _items(sql)
            elif sql is not None:  # an index or trigger written out (not a key's own index)
                schema[(kind, name)] = (table, re.sub(r"\s+", " ", sql).strip())
        return schema


def _postgresql_schema(connection) -> dict:
    """Columns, constraints and indexes by table, triggers and functions of the public schema.
    A constraint or index is compared by its definition; its name too where the models name it
    (a unique field's key is named by PostgreSQL when the table is created with it, by Django
    when a later migration adds it: the same key under two names)."""
    named = {
        name
        for model in django_apps.get_models(include_auto_created=True)
        for name in [
            *(index.name for index in model._meta.indexes),
            *(constraint.name for constraint in model._meta.constraints),
        ]
    }
    queries = {
        "columns": """
            SELECT table_name, column_name, data_type, character_maximum_length,
                   numeric_precision, numeric_scale, is_nullable, column_default, is_identity
            FROM information_schema.columns WHERE table_schema = 'public'""",
        "constraints": """
            SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
        "indexes": """
            SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'""",
        "triggers": """
            SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
            FROM pg_trigger WHERE NOT tgisinternal""",
        "functions": """
            SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace""",
        "sequences": """
            SELECT sequencename, data_type, start_value, increment_by
            FROM pg_sequences WHERE schemaname = 'public'""",
    }
    schema = {}
    with connection.cursor() as cursor:
        for part, query in queries.items():
            cursor.execute(query)
            rows = [row for row in cursor.fetchall() if row[0] not in NOT_MIGRATED]
            if part == "constraints":
                rows = [(t, n if n in named else "", k, d) for t, n, k, d in rows]
            elif part == "indexes":
                rows = [
                    (t, n if n in named else "", d.replace(f"INDEX {n} ON", "INDEX ON"))
                    for t, n, d in rows
                ]
            schema[part] = Counter(rows)
    return schema


def keys_behind_their_sequence(connection) -> dict:
    """(PostgreSQL) The tables whose highest key the sequence that numbers them has not
    reached (the highest key and the sequence's last value, None if never drawn)."""
    behind = {}
    with connection.cursor() as cursor:
        for model in django_apps.get_models(include_auto_created=True):
            table, key = model._meta.db_table, model._meta.pk
            if not key.get_internal_type().endswith("AutoField") or model._meta.proxy:
                continue
            name = connection.ops.quote_name
            cursor.execute(
                f"SELECT MAX({name(key.column)}), pg_get_serial_sequence(%s, %s) "  # noqa: S608 -- names of the schema
                f"FROM {name(table)}",
                [table, key.column],
            )
            highest, sequence = cursor.fetchone()
            if highest is None:
                continue
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 -- a sequence of the schema
            last_value, is_called = cursor.fetchone()
            if not is_called or last_value < highest:
                behind[table] = (highest, last_value if is_called else None)
    return behind


def schema_of(connection) -> dict:
    if connection.vendor == "sqlite":
        return _sqlite_schema(connection)
    return _postgresql_schema(connection)


def rows_of(connection) -> dict:
    """Every model table's rows, by column name, but for the columns whose value is made anew
    for each row (a random code, the time of writing)."""
    rows = {}
    tables = set(connection.introspection.table_names())
    for model in django_apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in ROWS_NOT_COMPARED or table not in tables or model._meta.proxy:
            continue
        columns = sorted(
            field.column
            for field in model._meta.concrete_fields
            if not callable(field.default)
            and not getattr(field, "auto_now", False)
            and not getattr(field, "auto_now_add", False)
        )
        name = connection.ops.quote_name
        selected = ", ".join(map(name, columns)) or "COUNT(*)"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {selected} FROM {name(table)}")  # noqa: S608 -- names of the schema
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def test_the_squashed_migrations_build_the_database_the_old_ones_built(old_database, new_database):
    """One test, so that the old database is migrated once, whichever worker runs it."""
    old_database, migrated = old_database
    new = new_database
    old_schema, new_schema = schema_of(old_database), schema_of(new)
    assert old_schema.keys() == new_schema.keys()
    assert {k: v for k, v in new_schema.items() if old_schema[k] != v} == {}
    assert len(new.introspection.table_names()) > 100
    if new.vendor == "sqlite":
        assert {
            ("trigger", "core_auditevent_no_update"),
            ("trigger", "core_auditevent_no_delete"),
        } <= set(new_schema)
    else:
        assert [name for _, name, _ in new_schema["triggers"]] == ["core_auditevent_append_only"]

    old_rows, new_rows = rows_of(old_database), rows_of(new)
    assert old_rows == new_rows
    seeded = {table for table, rows in new_rows.items() if rows}
    assert {
        "accounts_region",
        "accounts_industry",
        "core_auditchainhead",
        "programme_indicatorsystem",
        "programme_indicator",
        "programme_coefficienttable",
        "programme_gridfactor",
        "programme_industrybenchmark",
        "applications_carbonstatusrule",
        "titles_validitypolicy",
    } <= seeded

    if new.vendor == "postgresql":
        # Where each sequence stands against its table's keys: as in the migrated database
        # (the audit chain's head is written with its key, by the data migration).
        assert keys_behind_their_sequence(new) == keys_behind_their_sequence(old_database)

    # ``migrate`` on the old database, the squashed migrations in place, has nothing to do.
    assert migrated["plan"] == []
    assert len(migrated["squashed"]) == 13
    assert set(migrated["squashed"]) <= set(migrated["applied"])
