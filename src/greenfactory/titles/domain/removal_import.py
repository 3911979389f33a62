"""Importing a removal list (撤销名单) published above the city, decisions §71.

The MIIT and Jiangsu publish, with each year's list, the factories they remove from the
green-manufacturing lists (动态调整, e.g. 工信厅节函〔2023〕64号 附件5: 41 green factories of the
first six batches), by name and province, without credit codes. The city officer uploads such
a list with what the file itself does not say reliably: the level it removes, the list's name
and the day of the decision. The rows are read as the title lists are (``title_import_workbook``:
.xlsx or CSV, header found by its names, title above it) and matched the same way: by credit
code where the row has one, else by name (``title_import_names``: normal form, former names,
candidates with their confidence) for the officer to confirm or reject; nothing is struck on a
name alone.

A row strikes only titles of the programme the list names (decisions §84): its title column
or the list's title above the header saying 零碳工厂, 近零碳工厂 or 零碳（近零碳）工厂 (no grade
needed) names the zero-carbon factory; 绿色工厂 or nothing names the green factory.

Each row is then one of: to strike (its enterprise holds a title of that level and programme not
yet revoked), already struck (a re-import: skipped), not held (the enterprise holds no title of
that level on the platform: listed, not an error) or not on the platform (listed). Confirming
reads the stored file again and strikes every confirmed row's titles of that level in one
transaction through the title workflow (``title_status.change_title_status``): revoked from the
day of the decision, reason "列入撤销名单: <list name>"; any refusal strikes nothing.
"""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Enterprise
from greenfactory.applications.domain.excel_import import CellError
from greenfactory.core.domain.audit import record_event
from greenfactory.programme.enums import Programme

from ..enums import TitleLevel, TitleStatus
from ..models import Title
from .title_import import (
    TitleImportRefused,
    _as_upload,
    _discard,
    _stored_file,
    can_import_titles,
    keep_checked_list,
    read_list_upload,
)
from .title_import_names import candidates_for, enterprises_for_names
from .title_import_rows import WORD_OF_LEVEL, ImportReport, ListRow
from .title_import_workbook import _read_workbook
from .title_status import MAX_DOCUMENT, REMOVED_ABOVE_LEVELS, change_title_status

REMOVAL_SALT = "titles.removal_import"


class RemovalImportRefused(TitleImportRefused):
    """The removal list cannot be recorded; the message says why."""


def removal_reason(list_name: str) -> str:
    """The reason kept with each struck title's history."""
    return f"列入撤销名单: {list_name}"


@dataclass
class RemovalReport:
    """What a check of a removal list found. ``to_strike`` rows matched by credit code;
    ``candidates`` rows matched by name, for the officer to confirm; ``struck`` rows whose
    titles are struck already; ``not_held`` rows whose enterprise holds no title of the level;
    ``unmatched`` rows naming no enterprise of the region."""

    filename: str
    level: str
    list_name: str
    decided_on: date
    sha256: str = ""
    to_strike: list[ListRow] = field(default_factory=list)
    candidates: list[ListRow] = field(default_factory=list)
    struck: list[ListRow] = field(default_factory=list)
    not_held: list[ListRow] = field(default_factory=list)
    unmatched: list[ListRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def level_label(self) -> str:
        return TitleLevel(self.level).label

    @property
    def programme_labels(self) -> list[str]:
        """The programmes the rows named, as the preview shows them (decisions §84)."""
        rows = [
            *self.to_strike,
            *self.candidates,
            *self.struck,
            *self.not_held,
            *self.unmatched,
        ]
        return [
            str(Programme(p).label) for p in Programme.values if any(r.programme == p for r in rows)
        ]


def _check_request(actor, level: str, list_name: str, decided_on) -> None:
    if not can_import_titles(actor):
        raise PermissionDenied
    if level not in REMOVED_ABOVE_LEVELS:
        raise RemovalImportRefused(
            _("Only provincial and national lists are decided above the city.")
        )
    if not (list_name or "").strip() or len(list_name) > MAX_DOCUMENT:
        raise RemovalImportRefused(
            _("Give the list's name (at most %(max)s characters).") % {"max": MAX_DOCUMENT}
        )
    if decided_on is None or decided_on > timezone.localdate():
        raise RemovalImportRefused(_("Give the day of the decision; it cannot be in the future."))


def _titles_of(enterprise_ids, level: str) -> dict[tuple[int, str], list[Title]]:
    """The titles of ``level`` by enterprise and programme: a row strikes only its programme's."""
    held: dict[tuple[int, str], list[Title]] = {}
    for title in Title.objects.filter(enterprise_id__in=enterprise_ids, level=level).order_by(
        "year", "pk"
    ):
        held.setdefault((title.enterprise_id, title.programme), []).append(title)
    return held


def _live(titles: list[Title]) -> list[Title]:
    return [title for title in titles if title.status != TitleStatus.REVOKED]


def _sort(report: RemovalReport, rows: list[ListRow], actor) -> None:
    """Sort the rows by what striking them would do. A few queries, whatever the rows."""
    seen = set()
    unique = []
    for row in rows:
        if row.key in seen:
            continue
        seen.add(row.key)
        row.level = report.level
        unique.append(row)
    coded = [row for row in unique if row.uscc]
    named = [row for row in unique if not row.uscc]
    region = actor.region
    enterprises = {
        e.uscc: e
        for e in Enterprise.objects.filter(uscc__in=[row.uscc for row in coded]).select_related(
            "district"
        )
    }
    registry = enterprises_for_names(region) if named else []
    for row in named:
        row.candidates = candidates_for(row.name, registry)
    ids = {e.pk for e in enterprises.values()} | {
        c.enterprise.pk for row in named for c in row.candidates
    }
    held = _titles_of(ids, report.level)
    for row in coded:
        enterprise = enterprises.get(row.uscc)
        if (
            enterprise is None
            or enterprise.status != EnterpriseStatus.CONFIRMED
            or not region.contains(enterprise.district)
        ):
            row.unmatched_reason = _("No confirmed enterprise of your region has this code.")
            report.unmatched.append(row)
            continue
        row.enterprise = enterprise
        _place(report, row, held.get((enterprise.pk, row.programme), []))
    for row in named:
        if not row.candidates:
            row.unmatched_reason = _("No enterprise of this name in your region.")
            report.unmatched.append(row)
            continue
        holding = [
            c for c in row.candidates if _live(held.get((c.enterprise.pk, row.programme), []))
        ]
        if holding:
            row.candidates = holding
            row.titles = {c.ref: _live(held[(c.enterprise.pk, row.programme)]) for c in holding}
            report.candidates.append(row)
            continue
        struck = [c for c in row.candidates if held.get((c.enterprise.pk, row.programme))]
        row.enterprise = (struck or row.candidates)[0].enterprise
        _place(report, row, held.get((row.enterprise.pk, row.programme), []))


def _place(report: RemovalReport, row: ListRow, titles: list[Title]) -> None:
    live = _live(titles)
    if live:
        row.titles = {row.enterprise.code: live}
        report.to_strike.append(row)
    elif titles:
        row.held = _("Already struck: skipped.")
        report.struck.append(row)
    else:
        row.held = _("Holds no %(level)s title on the platform.") % {"level": row.level_label}
        report.not_held.append(row)


def _check(content: bytes, *, kind, filename, sha256, actor, level, list_name, decided_on):
    report = RemovalReport(
        filename=filename,
        level=level,
        list_name=list_name,
        decided_on=decided_on,
        sha256=sha256,
    )
    reading = ImportReport(filename=filename, sha256=sha256)
    rows = _read_workbook(
        io.BytesIO(content),
        reading,
        kind=kind,
        given={
            "level": WORD_OF_LEVEL[level],
            "year": str(decided_on.year),
            "source": list_name,
            "grade_free": True,  # a removal strikes the programme's title whatever its grade
        },
    )
    report.errors = reading.errors
    if rows and report.ok:
        _sort(report, rows, actor)
    return report


def preview_removal_import(
    upload, *, actor, level: str, list_name: str, decided_on
) -> RemovalReport:
    """Check an uploaded removal list and say what recording it would strike. Strikes nothing.

    Requires a city officer (``can_import_titles``); refused (``RemovalImportRefused``) for a
    city level, without the list's name or with a day in the future. When the file has no
    problem and a row to strike or to confirm, it is kept server-side and ``report.token``
    refers to it (two hours, this officer only) for ``import_removals``."""
    list_name = (list_name or "").strip()
    _check_request(actor, level, list_name, decided_on)
    upload = _as_upload(upload)
    filename = getattr(upload, "name", "") or "upload.xlsx"
    empty = RemovalReport(
        filename=filename, level=level, list_name=list_name, decided_on=decided_on
    )
    read = read_list_upload(upload, actor, empty.errors)
    if read is None:
        return empty
    kind, checked, content = read
    report = _check(
        content,
        kind=kind,
        filename=checked.name,
        sha256=checked.sha256,
        actor=actor,
        level=level,
        list_name=list_name,
        decided_on=decided_on,
    )
    if report.ok and (report.to_strike or report.candidates):
        report.token = keep_checked_list(
            content,
            kind,
            checked,
            actor=actor,
            salt=REMOVAL_SALT,
            level=level,
            list_name=list_name,
            decided_on=decided_on.isoformat(),
        )
    return report


def _confirmed_rows(report: RemovalReport, confirmed: set[str]) -> list[tuple[ListRow, list]]:
    offered = {
        f"{row.ref}={candidate.ref}": (row, candidate)
        for row in report.candidates
        for candidate in row.candidates
    }
    if confirmed - set(offered):
        raise RemovalImportRefused(
            _("The matches by name have changed since the preview: upload the file again.")
        )
    chosen: dict[int, ListRow] = {}
    rows = [(row, row.titles[row.enterprise.code]) for row in report.to_strike]
    for decision in sorted(confirmed):
        row, candidate = offered[decision]
        if id(row) in chosen:
            raise RemovalImportRefused(
                _("Row %(row)s was confirmed for two enterprises: choose one.") % {"row": row.ref}
            )
        chosen[id(row)] = row
        row.enterprise = candidate.enterprise
        rows.append((row, row.titles[candidate.ref]))
    return rows


def import_removals(token: str, *, actor, confirmed=()) -> list[Title]:
    """Strike the titles of the removal list a preview checked (``token`` from
    ``preview_removal_import``), for the rows matched by code and the matches by name the
    officer confirms (``"<sheet>!<row>=<enterprise code>"``; the others are rejected).

    Requires a city officer. The stored file is read again and checked again against the
    registry as it is now. All in one transaction, or nothing: each title of the level not yet
    revoked of each confirmed row moves to revoked through ``change_title_status`` (history
    row with reason "列入撤销名单: <list name>", ``revoked_on`` the day of the decision, audit
    entry ``recognition.title.status_changed`` with ``removed_above``, ``document`` and
    ``removal_list``, the enterprise barred and told); one audit entry
    ``titles.removal_list.imported`` for the file with the rows rejected, already struck, not
    held and not on the platform. Refused (``RemovalImportRefused``) when nothing is left to
    strike, a confirmation is stale, or a title was issued after the day of the decision."""
    if not can_import_titles(actor):
        raise PermissionDenied
    try:
        payload = _stored_file(token, actor, salt=REMOVAL_SALT)
    except TitleImportRefused as expired:
        raise RemovalImportRefused(str(expired)) from expired
    with default_storage.open(payload["file"], "rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != payload["sha256"]:
        raise RemovalImportRefused(
            _("This preview has expired or was already imported: upload the file again.")
        )
    decided_on = date.fromisoformat(payload["decided_on"])
    level, list_name = payload["level"], payload["list_name"]
    _check_request(actor, level, list_name, decided_on)
    with transaction.atomic():
        report = _check(
            content,
            kind=payload["kind"],
            filename=payload["name"],
            sha256=payload["sha256"],
            actor=actor,
            level=level,
            list_name=list_name,
            decided_on=decided_on,
        )
        if not report.ok:
            raise RemovalImportRefused(
                _("The file has %(n)s problems.") % {"n": len(report.errors)}
            )
        rows = _confirmed_rows(report, set(confirmed))
        if not rows:
            raise RemovalImportRefused(
                _("No confirmed row holds a title to strike: nothing was recorded.")
            )
        struck = []
        for row, titles in rows:
            for title in titles:
                if decided_on < title.issued_on:
                    raise RemovalImportRefused(
                        _(
                            "Row %(row)s: the decision of %(day)s precedes the issue of the "
                            "title of %(name)s on %(issued)s: nothing was recorded."
                        )
                        % {
                            "row": row.ref,
                            "day": decided_on.isoformat(),
                            "name": row.enterprise.name,
                            "issued": title.issued_on.isoformat(),
                        }
                    )
                struck.append(
                    change_title_status(
                        title,
                        TitleStatus.REVOKED,
                        actor=actor,
                        reason=removal_reason(list_name),
                        on=decided_on,
                        extra={
                            "removed_above": level,
                            "document": list_name,
                            "removal_list": payload["name"],
                            "row": row.ref,
                            "matched_by": "code" if row.uscc else "name",
                            "programme": row.programme,
                            "listed_name": row.name,
                        },
                    )
                )
        confirmed_ids = {id(row) for row, _titles in rows}
        record_event(
            "titles.removal_list.imported",
            actor=actor,
            changes={
                "file": payload["name"],
                "sha256": payload["sha256"],
                "level": level,
                "list_name": list_name,
                "decided_on": decided_on.isoformat(),
                "titles": [title.code for title in struck],
                "rejected": [row.ref for row in report.candidates if id(row) not in confirmed_ids],
                "already_struck": [row.ref for row in report.struck],
                "not_held": [row.ref for row in report.not_held],
                "unmatched": [row.ref for row in report.unmatched],
            },
        )
        name = payload["file"]
        transaction.on_commit(lambda: _discard(name))
    return struck
