"""The SQLite test database is migrated once and kept as a template for later runs.

A fresh test database is migrated through the squashed migrations (decisions §97): each app's
tables are created at once in their final shape and the data migrations seed the reference data
(regions, industries, indicator systems, coefficient tables, the audit chain's head and guard),
about 12 s of CPU where the 129 migrations one by one took 40 s, most of it in Django's
rendering of the models of every migration state. On a clean clone (CI) every xdist worker
still pays that once, on each engine. The template is keyed by everything that shapes the
migrated database — every source and data file of the platform (the migrations and the code
they run), ``pyproject.toml`` (the pinned Django and third-party apps with their own migrations)
and the SQLite library — so a change to any of them builds a new one: unlike ``--reuse-db``, a
stale database is never used. Each run (each xdist worker) copies the template to its own file
and removes it at the end; ``--create-db`` migrates afresh, ``--reuse-db`` keeps pytest-django's
own behaviour.

On PostgreSQL the template is a database of the server, named by the same key
(``test_<name>_template_<key>``): the first worker to need it migrates it, under an advisory
lock the other waits on, into a database of its own and renames it into place, so a worker
stopped halfway never leaves a template; every worker then copies it with ``CREATE DATABASE …
TEMPLATE …`` (the server's work: no migration) and drops its copy at the end. Templates of
other keys are dropped when a new one is made (decisions §103).
"""

import functools
import hashlib
import os
import shutil
import sqlite3
import uuid
from pathlib import Path

import django
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connections, transaction
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

from greenfactory.core.sqlite import audit_maintenance
from tests.clients import Client

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "src" / "greenfactory"
NOT_SHAPING = {"templates", "static", "locale", "__pycache__"}


@functools.cache
def template_key(root: Path = ROOT) -> str:
    sources = root / SOURCES.relative_to(ROOT)
    digest = hashlib.sha256()
    digest.update(f"django {django.get_version()} sqlite {sqlite3.sqlite_version}".encode())
    files = sorted(
        path
        for path in sources.rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".json"}
        and not NOT_SHAPING.intersection(path.relative_to(sources).parts)
    )
    for path in [root / "pyproject.toml", *files]:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _test_database():
    """This run's SQLite test database file, or None on another engine."""
    settings = connections["default"].settings_dict
    if settings["ENGINE"] != "django.db.backends.sqlite3":
        return None
    return Path(settings["TEST"]["NAME"])


def _template(database: Path) -> Path:
    return database.parent / f"test-template-{template_key()}.sqlite3"


def _remove(database: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def _keep_as_template(database: Path, template: Path) -> None:
    """Copy the migrated database with SQLite's backup (consistent while it is open), then
    rename it into place, so that two workers saving at once never leave half a file."""
    partial = template.with_name(f"{template.name}.{uuid.uuid4().hex}.partial")
    source, target = sqlite3.connect(database), sqlite3.connect(partial)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    os.replace(partial, template)
    for old in template.parent.glob("test-template-*.sqlite3"):
        if old != template:
            old.unlink(missing_ok=True)


# PostgreSQL: the template's name is ``test_<name>_template_<key>`` with the database's name
# cut so that a build's name (``…_partial``) stays within the server's 63 characters.
TEMPLATE_INFIX = "_template_"
PARTIAL = "_partial"


def postgresql_template_prefix(database_name: str) -> str:
    return f"test_{database_name}"[:25] + TEMPLATE_INFIX


def postgresql_template(database_name: str) -> str:
    return f"{postgresql_template_prefix(database_name)}{template_key()}"


def _lock_id(prefix: str) -> int:
    """The advisory lock of every template of one database name (a signed 64-bit number)."""
    return int.from_bytes(hashlib.sha256(prefix.encode()).digest()[:8], "big", signed=True)


def _databases(server, prefix: str) -> set[str]:
    pattern = prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"
    server.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])
    return {name for (name,) in server.fetchall()}


def _drop(server, connection, name: str) -> None:
    server.execute(f"DROP DATABASE IF EXISTS {_quote(connection, name)}")


def copy_database(server, connection, template: str, name: str) -> None:
    """``name`` made anew as a copy of ``template`` (no connection may be open on it)."""
    _drop(server, connection, name)
    server.execute(
        f"CREATE DATABASE {_quote(connection, name)} TEMPLATE {_quote(connection, template)}"
    )


def keep_as_postgresql_template(server, connection, built: str, template: str) -> None:
    """Rename a database just migrated (``built``, no connection open on it) into the
    template's place, closed to connections (only copied from), and drop every template of
    another key and any build left halfway."""
    quoted = _quote(connection, template)
    server.execute(f"ALTER DATABASE {_quote(connection, built)} RENAME TO {quoted}")
    server.execute(f"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS false")
    prefix = template[: template.index(TEMPLATE_INFIX) + len(TEMPLATE_INFIX)]
    for other in _databases(server, prefix) - {template}:
        _drop(server, connection, other)


def _migrate_postgresql_template(connection, name: str) -> None:
    """Migrate a new database ``name`` as pytest-django migrates a test database (Django's
    ``create_test_db``: ``migrate`` with its post_migrate rows, then the cache tables), through
    the default connection, which the data migrations write through; then point the connection
    back at the server's database name and close it."""
    settings_dict = connection.settings_dict
    original = settings_dict["NAME"], settings_dict["TEST"].get("NAME")
    settings_dict["TEST"]["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        settings_dict["NAME"], settings_dict["TEST"]["NAME"] = original
        settings.DATABASES[connection.alias]["NAME"] = original[0]


# Per database alias: the PostgreSQL template this process's test database was copied from.
_copied_from: dict[str, str] = {}


def copied_from(alias: str = "default") -> str | None:
    """The template this process's test database is a copy of (PostgreSQL), if it is one."""
    return _copied_from.get(alias)


def _copy_postgresql_template(connection) -> None:
    """Make this run's test database a copy of the matching template, migrating the template
    first if there is none: under the lock of the database name's templates, so one worker
    migrates while the other waits, and no copy is made of a template being built."""
    name = connection.creation._get_test_db_name()
    template = postgresql_template(connection.settings_dict["NAME"])
    prefix = postgresql_template_prefix(connection.settings_dict["NAME"])
    with connection._nodb_cursor() as server:
        server.execute("SELECT pg_advisory_lock(%s)", [_lock_id(prefix)])
        try:
            if template not in _databases(server, prefix):
                built = f"{template}{PARTIAL}"
                _drop(server, connection, built)
                _migrate_postgresql_template(connection, built)
                keep_as_postgresql_template(server, connection, built, template)
            copy_database(server, connection, template, name)
            _copied_from[connection.alias] = template
        finally:
            server.execute("SELECT pg_advisory_unlock(%s)", [_lock_id(prefix)])


@pytest.fixture(scope="session")
def _migrated_template(request, django_db_modify_db_settings, django_db_blocker):
    """Put a copy of the matching template where this run's test database goes: True when
    there was one (then pytest-django keeps it as if reused, and it is not migrated again).
    On PostgreSQL the template is made first when there is none."""
    option = request.config.getvalue
    if option("reuse_db") or option("create_db") or option("nomigrations"):
        return False
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            _copy_postgresql_template(connection)
        return True
    database = _test_database()
    if database is None:
        return False
    template = _template(database)
    if not template.exists():
        return False
    _remove(database)
    shutil.copyfile(template, database)
    return True


@pytest.fixture(scope="session")
def django_db_keepdb(request, _migrated_template):
    return bool(request.config.getvalue("reuse_db")) or _migrated_template


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, request, _migrated_template, django_db_blocker):
    """pytest-django's setup, then: keep a freshly migrated database as the template; at the
    end remove this run's copy of the template, which pytest-django keeps."""
    option = request.config.getvalue
    database = _test_database()
    fresh = not (_migrated_template or option("reuse_db") or option("nomigrations"))
    if database is not None and fresh:
        _keep_as_template(database, _template(database))
    with django_db_blocker.unblock():
        take_reference_snapshot()
    yield
    # The database is gone after this: a transactional test torn down last (its teardown runs
    # the session's) finds no rows to give back.
    _snapshots.clear()
    _kept.clear()
    if database is not None:
        with django_db_blocker.unblock():
            connections.close_all()
        Path(f"{database}.{SNAPSHOT}").unlink(missing_ok=True)
        for kept in database.parent.glob(f"{database.name}.{KEPT_PREFIX}*"):
            kept.unlink()
        if _migrated_template:
            _remove(database)
    elif _migrated_template and connections["default"].vendor == "postgresql":
        connection = connections["default"]
        with django_db_blocker.unblock():
            connections.close_all()
            try:
                connection.creation._destroy_test_db(connection.settings_dict["NAME"], 0)
            except Exception as error:  # as pytest-django's own teardown: said, not raised
                request.node.warn(pytest.PytestWarning(f"The test database stays: {error!r}"))


@pytest.fixture(scope="module")
def module_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """One transaction around a whole test module, rolled back after its last test: rows
    written by module-scoped fixtures (the personas of ``module_personas``, a matrix's objects)
    are made once and seen by every test of the module, each of which still runs in its own
    savepoint and undoes what it wrote. Files go to a folder of the module's own (the tests'
    ``private_media`` is pointed there by ``share_module_rows``). Yields that folder.

    Only for modules of plain (non-transactional) tests that read the shared rows or write
    under their own savepoint: a module-scoped fixture's objects are shared Python objects
    too, so a test must not change them in memory for the next."""
    media = tmp_path_factory.mktemp("module-media")
    # A response closed by a test (``response.close()``) sends ``request_finished``, whose
    # ``close_old_connections`` would drop the connection inside the transaction, and the
    # module's rows with it: the connection is kept for the module.
    connection = connections["default"]
    connection.close_if_unusable_or_obsolete = lambda: None
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        outer._from_testcase = True  # the tests' savepoints nest inside it as in a TestCase
        try:
            yield media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            del connection.close_if_unusable_or_obsolete


def share_module_rows(namespace: dict, personas) -> None:
    """Make the persona fixtures of a test module (``namespace``: its ``globals()``) the ones
    made once for the module (``module_personas``), and its uploads go to the module's folder.
    ``personas``: the names of ``tests.conftest.PERSONA_MAKERS`` and ``anon``."""

    def persona_fixture(name):
        def persona(module_personas):
            return module_personas[name]

        return pytest.fixture(name=name)(persona)

    for name in personas:
        namespace[f"_shared_{name}"] = persona_fixture(name)

    # Autouse and asking for ``module_personas``: the personas are made at the module's setup,
    # before any test's own transaction, even where a test asks for them only by name
    # (``request.getfixturevalue``): made inside a test, they would be undone with it.
    @pytest.fixture(name="private_media", autouse=True)
    def private_media(settings, module_rows, module_personas):
        settings.MEDIA_ROOT = module_rows

    namespace["_shared_private_media"] = private_media

    # A persona's login sets the cookie of its session made for the module: a login's own
    # writes (the session, the last login, the audit entry, django-axes' log) are not what a
    # module of shared rows tests, and cost 8–10 ms of CPU per test (decisions §114).
    @pytest.fixture(name="client")
    def client(module_sessions):
        return Client(kept=module_sessions)

    namespace["_shared_client"] = client


# Transactional tests (``transaction=True``, ``transactional_db``, ``live_server``) end with
# Django's flush, which empties every model table, so the next one would find the reference
# data that the migrations seeded gone. The rows of every table the flush empties are copied
# once per run, inside the database, right after it is set up, and copied back before a
# transactional test that finds them gone: the same rows with the same keys as migrated,
# without replaying the data migrations' loaders. Content types and permissions are left out:
# the flush's post_migrate makes them again.
SNAPSHOT = "reference_snapshot"
REMADE_BY_POST_MIGRATE = {"django_content_type", "auth_permission"}
# Per database alias: the tables copied and the row count of every flushed table at the copy.
_snapshots: dict[str, dict] = {}


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _snapshot_file(connection, name: str = SNAPSHOT) -> str:
    return f"{connection.settings_dict['NAME']}.{name}"


def _attach(connection, name: str = SNAPSHOT, path: Path | None = None) -> None:
    """SQLite keeps a copy in a file of its own (``path``, else one beside the test database),
    attached to the connection while used."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        if name not in {row[1] for row in cursor.fetchall()}:
            file = str(path) if path is not None else _snapshot_file(connection, name)
            cursor.execute(f"ATTACH DATABASE %s AS {name}", [file])


def _detach(connection, name: str = SNAPSHOT) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DETACH DATABASE {name}")


def _copy_tables(connection, name: str, tables) -> None:
    """Copy the rows of ``tables`` into the copy ``name`` (a schema on PostgreSQL, an attached
    file on SQLite), replacing an earlier copy of that name."""
    if connection.vendor == "sqlite":
        Path(_snapshot_file(connection, name)).unlink(missing_ok=True)
        _attach(connection, name)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            cursor.execute(f"CREATE SCHEMA {name}")
    try:
        with connection.cursor() as cursor:
            for table in tables:
                quoted = _quote(connection, table)
                cursor.execute(f"CREATE TABLE {name}.{quoted} AS SELECT * FROM {quoted}")  # noqa: S608 -- a table name of the schema
    finally:
        if connection.vendor == "sqlite":
            _detach(connection, name)


def _without_foreign_keys_first(connection, tables) -> list[str]:
    """SQLite copies ``INSERT INTO t SELECT * FROM other.t`` page by page, without looking
    for the rows that refer to the new ones, when ``t`` has no foreign key of its own: a row
    copied earlier that refers to one of them would stay counted as a violation at the
    commit. Such tables are copied first."""
    with connection.cursor() as cursor:

        def refers(table):
            cursor.execute(f"PRAGMA foreign_key_list({_quote(connection, table)})")
            return bool(cursor.fetchall())

        return sorted(tables, key=lambda table: (refers(table), table))


def _copy_back(connection, name: str, tables, alias: str, first=(), path=None) -> None:
    """Insert the rows of the copy ``name`` (on SQLite the file ``path`` if given) into
    ``tables``, in one transaction (after the statements ``first``): the foreign keys are
    checked at its end (deferred on both engines), so the order does not matter."""
    if connection.vendor == "sqlite":
        _attach(connection, name, path)
        tables = _without_foreign_keys_first(connection, tables)
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for statement in first:
                cursor.execute(statement)
            for table in tables:
                quoted = _quote(connection, table)
                cursor.execute(f"INSERT INTO {quoted} SELECT * FROM {name}.{quoted}")  # noqa: S608 -- a table name of the schema
            # The sequences stay ahead of the keys copied back (a flush may have reset them).
            models = [
                model
                for model in django_apps.get_models(include_auto_created=True)
                if model._meta.db_table in tables
            ]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    finally:
        if connection.vendor == "sqlite":
            _detach(connection, name)


def take_reference_snapshot(alias: str = "default") -> None:
    connection = connections[alias]
    flushed = connection.introspection.django_table_names(only_existing=True, include_views=False)
    counts = _row_counts(connection, flushed)
    tables = sorted(t for t, n in counts.items() if n and t not in REMADE_BY_POST_MIGRATE)
    _copy_tables(connection, SNAPSHOT, tables)
    _snapshots[alias] = {"tables": tables, "counts": counts}


def _row_counts(connection, tables) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")  # noqa: S608 -- a table name of the schema
            counts[table] = cursor.fetchone()[0]
    return counts


def reference_snapshot(alias: str = "default") -> dict:
    """The tables copied (``tables``) and each flushed table's row count then (``counts``)."""
    return _snapshots[alias]


def restore_reference_snapshot(alias: str = "default") -> None:
    """Copy the reference rows back into the emptied tables."""
    _copy_back(connections[alias], SNAPSHOT, _snapshots[alias]["tables"], alias)


# A whole state of the database kept for the transactional tests that start from it (the
# browser tests' demo, decisions §101): made by the first such test of the run, copied the same
# way as the reference rows, and put back for each later one instead of being made again.
KEPT_PREFIX = "kept_"
_kept: dict[tuple[str, str], list[str]] = {}


def keep_rows(name: str, alias: str = "default") -> None:
    """Copy the rows of every table the flush empties (content types and permissions aside, as
    for the reference rows) as the state ``name``."""
    connection = connections[alias]
    counts = _row_counts(connection, _snapshots[alias]["counts"])
    tables = sorted(t for t, n in counts.items() if n and t not in REMADE_BY_POST_MIGRATE)
    _copy_tables(connection, KEPT_PREFIX + name, tables)
    _kept[(alias, name)] = tables


def has_kept_rows(name: str, alias: str = "default") -> bool:
    return (alias, name) in _kept


def put_back_rows(name: str, alias: str = "default") -> None:
    """Make the database hold exactly the state ``name``: every table the flush empties is
    emptied as the flush does it (the audit trail's guard lets the flush through), then the
    kept rows are copied back with their keys, all in one transaction."""
    connection = connections[alias]
    flushed = [t for t in _snapshots[alias]["counts"] if t not in REMADE_BY_POST_MIGRATE]
    cascade = connection.vendor != "sqlite"  # TRUNCATE refuses a table other tables refer to
    emptied = connection.ops.sql_flush(no_style(), flushed, allow_cascade=cascade)
    with audit_maintenance():
        _copy_back(connection, KEPT_PREFIX + name, _kept[(alias, name)], alias, first=emptied)


def give_back_reference_rows(config, alias: str = "default") -> None:
    """Copy the reference rows back if a flush has emptied them; nothing when this process has
    not set up its test database (a test skipped before it, or never opening it)."""
    if alias not in _snapshots:
        return
    from greenfactory.core.models import AuditChainHead

    with config.stash[blocking_manager_key].unblock():
        if not AuditChainHead.objects.using(alias).exists():
            restore_reference_snapshot(alias)


def clear_committed_caches(config, alias: str = "default") -> None:
    """A transactional test commits what it writes. The flush empties the models' tables but
    not the database cache's (the rate limits' counts, ``CACHES["ratelimit"]``), so a public
    form posted in a browser test would use up the budget of a later test from the same
    address: every cache is cleared after a transactional test, whatever runs next."""
    if alias not in _snapshots:
        return
    from django.core.cache import caches

    with config.stash[blocking_manager_key].unblock():
        for cache in caches.all():
            cache.clear()
        # After a browser test the clear was seen to run on a connection of its own, not the
        # tests' (Django's connections are per context, and Playwright's sync API switches
        # greenlets): left open, it refused the test database's removal on PostgreSQL at the
        # end of the run.
        connections[alias].close()


# A whole database kept in a file of its own, beyond this run (the demo's replayed history,
# tests/demo/kept_history.py, decisions §107): SQLite only. Written as the connection sees the
# database, so a test may keep what it wrote inside its own transaction, and put back into a
# transactional test's database by the same copy as a kept state.
KEPT_FILE = "kept_file"


def save_database_file(path: Path, alias: str = "default") -> None:
    """Write the database as the connection ``alias`` sees it now (its uncommitted rows
    included: SQLite's ``serialize`` reads the connection's own pages) to ``path``, renamed
    into place when whole, in rollback-journal mode so that it is attached without a
    write-ahead log beside it."""
    connection = connections[alias]
    connection.ensure_connection()
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.partial")
    partial.write_bytes(connection.connection.serialize())
    raw = sqlite3.connect(partial)
    try:
        raw.execute("PRAGMA journal_mode=DELETE")
    finally:
        raw.close()
    os.replace(partial, path)


def put_back_database_file(path: Path, alias: str = "default") -> None:
    """Make the test database hold exactly the rows of the database file ``path`` (a file of
    the same migrations): every model table emptied as the flush does it, content types and
    permissions too (another process may have numbered them otherwise), then the file's rows
    copied in with their keys, all in one transaction."""
    from django.contrib.contenttypes.models import ContentType

    connection = connections[alias]
    every = connection.introspection.django_table_names(only_existing=True, include_views=False)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = []
        for table in sorted(every):
            query = f"SELECT EXISTS (SELECT 1 FROM {_quote(connection, table)})"  # noqa: S608 -- a table name of the schema
            if raw.execute(query).fetchone()[0]:
                tables.append(table)
    finally:
        raw.close()
    emptied = connection.ops.sql_flush(no_style(), every)
    with audit_maintenance():
        _copy_back(connection, KEPT_FILE, tables, alias, first=emptied, path=path)
    ContentType.objects.clear_cache()
