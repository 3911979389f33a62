"""The demo's replayed history, loaded by the test that checks it and kept for the browser's
recognition journey, which reads it (decisions §107).

``load_demo(applications=False)`` replays 2019–2026 (about 24 s of CPU): the history test of
``tests/demo`` loads it because the loading is what it checks; the journey only needs the rows
it leaves. The first of them to need it with no kept copy loads it and keeps the database as
that connection sees it (inside the history test's own transaction, or committed by the
journey) in a file beside the test template, with its files, under a lock: the other waits
for it (the journey) or loads without keeping (the history test, which must load anyway).
The journey then gets the kept rows put back, keys included, and the files linked into its
own media folder. The copy is keyed as the template is (every source file of the platform,
``tests.database.template_key``) and by the day (the demo's current batches follow the
calendar), so a change to the loader or to anything it calls makes a new one. SQLite only:
on PostgreSQL (where ``.ci/run`` leaves these tests out) each loads its own.
"""

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from greenfactory.demo.data import load_demo
from tests.database import put_back_database_file, save_database_file, template_key

HISTORY_PASSWORD = "Demo-Password-2026"
PREFIX = "test-history-"


def history_file() -> Path | None:
    """Where the kept history goes; None where it is not kept (not SQLite)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return None
    day = timezone.localdate().isoformat()
    return Path(settings.VAR_DIR) / f"{PREFIX}{template_key()}-{day}.sqlite3"


def _media(kept: Path) -> Path:
    return kept.with_suffix(".media")


@contextmanager
def _locked(*, wait: bool):
    """The kept history's lock, across the run's processes: yields whether it is held (always
    when ``wait``)."""
    path = Path(settings.VAR_DIR) / f"{PREFIX}lock"
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _keep(kept: Path, media_root) -> None:
    """Keep the database as the connection sees it and the files it wrote (linked, not
    copied); the kept copies of other keys and days go."""
    media = _media(kept)
    shutil.rmtree(media, ignore_errors=True)
    partial = media.with_name(f"{media.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    if Path(media_root).exists():
        shutil.copytree(media_root, partial, copy_function=os.link)
    else:
        partial.mkdir()
    partial.rename(media)
    save_database_file(kept)  # last: the file says the copy is whole
    for old in kept.parent.glob(f"{PREFIX}*"):
        if old not in {kept, media, kept.parent / f"{PREFIX}lock"}:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def load_history() -> None:
    """The history test's load: ``load_demo`` with the history and no applications of this
    year, always run; kept when no copy is kept yet and no other process is making one."""
    kept = history_file()
    with _locked(wait=False) as held:
        load_demo(HISTORY_PASSWORD, applications=False)
        if held and kept is not None and not kept.exists():
            _keep(kept, settings.MEDIA_ROOT)


def history(load) -> bool:
    """The history for a test that reads it: the kept copy put back (waiting while another
    process makes it), else ``load()`` (which commits) and the result kept. True when it was
    put back."""
    kept = history_file()
    if kept is None:
        load()
        return False
    with _locked(wait=True):
        if kept.exists():
            put_back_database_file(kept)
            shutil.copytree(
                _media(kept), settings.MEDIA_ROOT, copy_function=os.link, dirs_exist_ok=True
            )
            return True
        load()
        _keep(kept, settings.MEDIA_ROOT)
        return False
