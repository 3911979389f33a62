"""Stored files that no row refers to, and their removal.

A domain function stores an uploaded file, then saves its row, in one transaction (e.g.
``applications.domain.drafts.add_evidence``). When the transaction rolls back the function
deletes the file; when the process dies first (SIGKILL, the OOM killer, a power cut) the
database rolls the row back but the file stays in the storage with nothing pointing to it: an
enterprise's document kept outside every permission check, backup count and retention rule.
``remove_orphan_files`` finds them by comparing the storage with every ``FileField`` of every
installed model, and deletes those older than a grace period (an upload in progress has its file
before its row commits; a title-list preview, kept without a row, expires after two hours).
"""

from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from .audit import record_event
from .backups import storage_names

GRACE = timedelta(hours=24)


def referenced_names() -> set[str]:
    """Every storage name a row of any installed model refers to."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{f"{field.name}__isnull": True})
                    .exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                )
    return names


def orphan_files(*, older_than: timedelta = GRACE) -> list[str]:
    """Stored files no row refers to, last modified more than ``older_than`` ago."""
    limit = timezone.now() - older_than
    used = referenced_names()
    return [
        name
        for name in storage_names()
        if name not in used and default_storage.get_modified_time(name) < limit
    ]


def remove_orphan_files(*, older_than: timedelta = GRACE, dry_run: bool = False) -> list[str]:
    """Delete the orphan files and return their names.

    Side effects: the files are deleted; one audit entry ``core.files.orphans_removed`` names
    them (none when nothing was found or on a dry run).
    """
    found = orphan_files(older_than=older_than)
    if dry_run or not found:
        return found
    for name in found:
        default_storage.delete(name)
    hours = older_than / timedelta(hours=1)
    record_event(
        "core.files.orphans_removed",
        changes={"count": len(found), "files": found[:500], "older_than_hours": hours},
    )
    return found
