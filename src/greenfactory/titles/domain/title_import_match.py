"""Matching the rows of a list of titles against the registry: which enterprise each row is,
titles already held, names that differ, and which external numbers become certificate numbers."""

import re

from django.utils.translation import gettext as _

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Enterprise

from ..certificates import parse_number
from ..enums import TitleLevel, TitleStatus
from ..models import Title
from .title_import_names import candidates_for, enterprises_for_names
from .title_import_rows import ImportReport, ListRow

CERTIFICATE_NUMBER_MAX = Title._meta.get_field("certificate_number").max_length
LOOKUP_CHUNK = 500
IMPORTED_LEVELS = (TitleLevel.PROVINCIAL, TitleLevel.NATIONAL)


def _name_key(name: str) -> str:
    table = str.maketrans("（）", "()")
    return re.sub(r"\s+", "", name or "").translate(table)


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _match(rows: list[ListRow], report: ImportReport, actor) -> None:
    """Sort the rows into matched (by credit code), candidates (by name, for the officer to
    confirm), unmatched and already held, and report duplicates. A few queries (per 500
    codes), whatever the number of rows."""
    first_seen: dict[tuple, ListRow] = {}
    for row in rows:
        earlier = first_seen.get(row.key)
        if earlier is not None:
            report.error(
                row.sheet,
                row.row,
                row.letters.get("uscc"),
                _(
                    "%(code)s is listed twice for the %(level)s title of %(year)s (also in "
                    "%(sheet)s row %(row)s)."
                )
                % {
                    "code": row.uscc,
                    "level": row.level_label,
                    "year": row.year,
                    "sheet": earlier.sheet,
                    "row": earlier.row,
                },
                "duplicate",
            )
        else:
            first_seen[row.key] = row
    rows = list(first_seen.values())
    named = [row for row in rows if not row.uscc]
    rows = [row for row in rows if row.uscc]
    if named:
        registry = enterprises_for_names(actor.region)
        for row in named:
            row.candidates = candidates_for(row.name, registry)
            if row.candidates:
                report.candidates.append(row)
            else:
                row.unmatched_reason = _("No enterprise of this name in your region.")
                report.unmatched.append(row)
    codes = sorted({row.uscc for row in rows})
    enterprises = {}
    for chunk in _chunks(codes):
        for enterprise in (
            Enterprise.objects.filter(uscc__in=chunk)
            .select_related("district")
            .prefetch_related("names")
        ):
            enterprises[enterprise.uscc] = enterprise
    region = actor.region
    for row in rows:
        enterprise = enterprises.get(row.uscc)
        if enterprise is None:
            row.unmatched_reason = _("Not registered on the platform.")
        elif enterprise.status != EnterpriseStatus.CONFIRMED:
            row.unmatched_reason = _("Registered but not confirmed by its district.")
        elif not region.contains(enterprise.district):
            row.unmatched_reason = _("Registered outside your region.")
        else:
            row.enterprise = enterprise
            _compare_name(row, enterprise)
            report.matched.append(row)
            continue
        report.unmatched.append(row)
    _report_held(report)
    _decide_numbers(report)


def _compare_name(row: ListRow, enterprise: Enterprise) -> None:
    if not row.name:
        row.warnings.append(_("No name in the file to compare with the registry."))
        return
    if _name_key(row.name) == _name_key(enterprise.name):
        return
    former = {_name_key(change.old_name) for change in enterprise.names.all()}
    if _name_key(row.name) in former:
        row.warnings.append(
            _("The name in the file is a former name of %(name)s.") % {"name": enterprise.name}
        )
    else:
        row.warnings.append(
            _("The name in the file differs from the registered name %(name)s.")
            % {"name": enterprise.name}
        )


def _report_held(report: ImportReport) -> None:
    """Lists are cumulative: a row whose title the enterprise already holds is set aside as
    already held (never imported twice), with what differs from the title on the platform."""
    rows = [*report.matched, *report.candidates]
    ids = sorted({enterprise.pk for row in rows for enterprise in _enterprises(row)})
    held = {}
    for chunk in _chunks(ids):
        for title in Title.objects.filter(enterprise_id__in=chunk, level__in=IMPORTED_LEVELS):
            held[(title.enterprise_id, title.programme, title.level, title.year)] = title
    set_aside = set()
    for row in rows:
        title, enterprise = _held_title(row, held)
        if title is None:
            continue
        set_aside.add(id(row))
        row.enterprise = enterprise
        row.held = _("Already held (%(status)s).") % {"status": TitleStatus(title.status).label}
        row.changes = _changes(row, title)
        report.held.append(row)
    report.matched = [row for row in report.matched if id(row) not in set_aside]
    report.candidates = [row for row in report.candidates if id(row) not in set_aside]


def _held_title(row: ListRow, held: dict) -> tuple:
    """The title the row names that is already held, and its enterprise; for a row matched by
    name only when the name is certain (confidence 100) or every candidate holds such a title;
    otherwise the candidates holding one are dropped and the officer chooses among the rest."""
    if row.enterprise is not None:
        return held.get(row.title_key(row.enterprise.pk)), row.enterprise
    holding = [c for c in row.candidates if row.title_key(c.enterprise.pk) in held]
    if not holding:
        return None, None
    certain = [c for c in holding if c.confidence == 100]
    if certain or len(holding) == len(row.candidates):
        chosen = (certain or holding)[0].enterprise
        return held[row.title_key(chosen.pk)], chosen
    row.candidates = [c for c in row.candidates if c not in holding]
    return None, None


def _enterprises(row: ListRow) -> list:
    if row.enterprise is not None:
        return [row.enterprise]
    return [candidate.enterprise for candidate in row.candidates]


def _changes(row: ListRow, title: Title) -> list[str]:
    """What the list says differently of a title already held: reported, never applied."""
    changes = []
    if row.issued_on and title.issued_on and row.issued_on != title.issued_on:
        changes.append(
            _("Date of issue: %(held)s on the platform, %(listed)s in the list.")
            % {"held": title.issued_on.isoformat(), "listed": row.issued_on.isoformat()}
        )
    if (
        row.number
        and title.certificate_number
        and row.number != title.certificate_number
        and parse_number(title.certificate_number) is None
    ):
        changes.append(
            _("Certificate number: %(held)s on the platform, %(listed)s in the list.")
            % {"held": title.certificate_number, "listed": row.number}
        )
    return changes


def _decide_numbers(report: ImportReport) -> None:
    """An external number becomes the title's certificate number only when it is the row's own
    (no other row of the file has it), fits, does not look like one of this platform's
    numbers and no title holds it yet. Otherwise it is kept with the history only."""
    counts: dict[str, int] = {}
    for row in (*report.matched, *report.candidates, *report.unmatched, *report.held):
        if row.number:
            counts[row.number] = counts.get(row.number, 0) + 1
    candidates = sorted(
        {
            row.number
            for row in (*report.matched, *report.candidates)
            if row.number
            and counts[row.number] == 1
            and len(row.number) <= CERTIFICATE_NUMBER_MAX
            and parse_number(row.number) is None
        }
    )
    taken = set()
    for chunk in _chunks(candidates):
        taken.update(
            Title.objects.filter(certificate_number__in=chunk).values_list(
                "certificate_number", flat=True
            )
        )
    for row in (*report.matched, *report.candidates):
        if not row.number:
            continue
        if counts[row.number] > 1:
            row.warnings.append(
                _(
                    "“%(number)s” is on %(n)s rows: kept as the list's document number, not as "
                    "a certificate number."
                )
                % {"number": row.number, "n": counts[row.number]}
            )
        elif len(row.number) > CERTIFICATE_NUMBER_MAX:
            row.warnings.append(
                _("The number is longer than %(max)s characters: kept with the history only.")
                % {"max": CERTIFICATE_NUMBER_MAX}
            )
        elif parse_number(row.number) is not None:
            row.warnings.append(
                _(
                    "“%(number)s” has the form of this platform's own certificate numbers: kept "
                    "with the history only."
                )
                % {"number": row.number}
            )
        elif row.number in taken:
            row.warnings.append(
                _(
                    "Another title already has the certificate number “%(number)s”: kept with "
                    "the history only."
                )
                % {"number": row.number}
            )
        else:
            row.certificate_number = row.number
