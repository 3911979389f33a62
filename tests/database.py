"""The SQLite test database is migrated once and kept as a template for later runs.

Migrating takes most of a short run: Django renders the models of every migration state, and
the data migrations seed the reference data (regions, industries, indicator systems,
coefficient tables, the audit chain's head and guard). The template is keyed by everything that
shapes the migrated database — every source and data file of the platform (the migrations and
the code they run), ``pyproject.toml`` (the pinned Django and third-party apps with their own
migrations) and the SQLite library — so a change to any of them builds a new one: unlike
``--reuse-db``, a stale database is never used. Each run (each xdist worker) copies the template
to its own file and removes it at the end; ``--create-db`` migrates afresh, ``--reuse-db``
keeps pytest-django's own behaviour. PostgreSQL is migrated as before.
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
from django.db import connections, transaction
from django.test import override_settings

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


@pytest.fixture(scope="session")
def _migrated_template(request, django_db_modify_db_settings):
    """Put a copy of the matching template where this run's test database goes: True when
    there was one (then pytest-django keeps it as if reused, and it is not migrated again)."""
    option = request.config.getvalue
    if option("reuse_db") or option("create_db") or option("nomigrations"):
        return False
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
    yield
    if database is not None and _migrated_template:
        with django_db_blocker.unblock():
            connections.close_all()
        _remove(database)


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
