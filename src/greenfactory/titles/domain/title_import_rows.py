"""The rows of a list of titles: its columns, what one row and one check hold, and reading the
values of one row (credit code, level, year, date of issue)."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from greenfactory.accounts.models import Enterprise
from greenfactory.accounts.uscc import normalise_uscc, validate_registrable_uscc
from greenfactory.applications.domain.excel_import import CellError, cell_text
from greenfactory.programme.enums import Programme, TitleGrade
from greenfactory.programme.programmes import terms

from ..enums import TitleLevel
from .title_import_names import normalise_name

MAX_SOURCE = 200
# The national green-manufacturing system began with the 2016 plan; its first list is of 2017.
MIN_YEAR = 2016


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool


COLUMNS = (
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "统一信用代码"), False),
    Column("name", "企业名称", ("单位名称", "企业", "名称", "工厂名称"), True),
    Column("level", "级别", ("称号级别", "层级"), False),
    Column("year", "年份", ("年度",), False),
    Column("number", "证书编号/文号", ("证书编号", "文号", "证书号", "证书编号或文号"), False),
    Column("source", "批次/文件名称", ("批次", "文件名称", "名单名称", "批次或文件名称"), False),
    Column("issued_on", "发证日期", ("认定日期", "发文日期"), False),
    # The title the row grants, where a list names it per row (绿色工厂, 零碳工厂, 近零碳工厂):
    # a zero-carbon title's grade is read from it (decisions §83).
    Column("title", "称号", ("称号名称", "称号类别", "称号类型", "工厂类别"), False),
)
# Read but not in the template: the province of a national list (the match is by region anyway).
PUBLISHED_COLUMNS = (
    Column(
        "province",
        "地区",
        ("所在地区", "设区市", "省份", "所在地", "省(区、市)", "省(自治区、直辖市)"),
        False,
    ),
)
HEADERS = {
    name: column
    for column in (*COLUMNS, *PUBLISHED_COLUMNS)
    for name in (column.header, *column.aliases, column.key)
}

LEVEL_WORDS = {
    "省级": TitleLevel.PROVINCIAL,
    "省级绿色工厂": TitleLevel.PROVINCIAL,
    "省": TitleLevel.PROVINCIAL,
    "provincial": TitleLevel.PROVINCIAL,
    "p": TitleLevel.PROVINCIAL,
    "国家级": TitleLevel.NATIONAL,
    "国家级绿色工厂": TitleLevel.NATIONAL,
    "国家": TitleLevel.NATIONAL,
    "national": TitleLevel.NATIONAL,
    "n": TitleLevel.NATIONAL,
}
WORD_OF_LEVEL = {TitleLevel.PROVINCIAL: "省级", TitleLevel.NATIONAL: "国家级"}  # as lists say it
CITY_WORDS = {"市级", "市级绿色工厂", "市", "city", "c"}


@dataclass
class ListRow:
    """One row of the uploaded list, as read and matched."""

    sheet: str
    row: int
    uscc: str
    name: str
    level: str | None
    year: int | None
    number: str = ""
    source: str = ""
    issued_on: date | None = None
    letters: dict = field(default_factory=dict)
    enterprise: Enterprise | None = None
    unmatched_reason: str = ""
    certificate_number: str | None = None
    warnings: list[str] = field(default_factory=list)

    candidates: list = field(default_factory=list)
    held: str = ""
    changes: list[str] = field(default_factory=list)
    programme: str = Programme.GREEN_FACTORY
    grade: str = ""

    @property
    def key(self) -> tuple:
        name = self.uscc or f"name:{normalise_name(self.name)}"
        return (name, self.programme, self.level, self.year)

    def title_key(self, enterprise_id) -> tuple:
        """The title this row grants to an enterprise, as one is held once on the platform."""
        return (enterprise_id, self.programme, self.level, self.year)

    @property
    def ref(self) -> str:
        """The row as the officer's confirmation names it."""
        return f"{self.sheet}!{self.row}"

    @property
    def issued(self) -> date:
        return self.issued_on or date(self.year, 1, 1)

    @property
    def level_label(self) -> str:
        """The level as the preview shows it; a zero-carbon row's title with its grade."""
        if not self.level:
            return ""
        if self.programme != Programme.GREEN_FACTORY:
            return str(terms(self.programme).title_label(self.level, self.grade))
        return TitleLevel(self.level).label

    @property
    def reference(self) -> str:
        """Where the title comes from, kept with its history: the list and its number."""
        return "；".join(part for part in (self.source, self.number) if part)


@dataclass
class ImportReport:
    """What a check of the file found: the rows to import, the rows not on the platform, and
    every problem. ``token`` refers to the stored file once the check passed."""

    filename: str
    sha256: str = ""
    matched: list[ListRow] = field(default_factory=list)
    candidates: list[ListRow] = field(default_factory=list)
    unmatched: list[ListRow] = field(default_factory=list)
    held: list[ListRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.matched) + len(self.candidates) + len(self.unmatched) + len(self.held)

    @property
    def warned(self) -> list[ListRow]:
        return [row for row in self.matched if row.warnings]

    def error(self, sheet, row, letter, message, code) -> None:
        self.errors.append(CellError(sheet, row, letter, str(message), code))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return cell_text(value)


def _shown(value) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _read_row(
    sheet, number, values, positions, report: ImportReport, defaults: dict | None = None
) -> ListRow | None:
    """One row; ``defaults`` are the level, year and list named by the title above the header
    (one file per batch), used where the row has none."""
    defaults = defaults or {}
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}

    def cell(key):
        index = positions.get(key)
        return values[index] if index is not None and index < len(values) else None

    def error(key, message, code):
        report.error(sheet, number, letters.get(key), message, code)

    before = len(report.errors)
    raw_code = cell("uscc")
    uscc = ""
    if isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
        error(
            "uscc",
            _(
                "The credit code is stored as a number, which loses digits: format the column "
                "as text and type the code again."
            ),
            "uscc_number",
        )
    elif _blank(raw_code):
        if _blank(cell("name")):
            error(
                "name",
                _("The row has neither a credit code nor an enterprise name."),
                "uscc_missing",
            )
    else:
        uscc = normalise_uscc(_text(raw_code))
        try:
            validate_registrable_uscc(uscc)
        except ValidationError as invalid:
            error(
                "uscc",
                _("“%(code)s” is not a valid credit code: %(problem)s")
                % {"code": _shown(uscc), "problem": " ".join(invalid.messages)},
                "uscc_invalid",
            )
    level = _level(_or(cell("level"), defaults.get("level")), error)
    year = _year(_or(cell("year"), defaults.get("year")), error)
    issued_on = _issued_on(cell("issued_on"), year, error)
    kind = _kind(
        _or(cell("title"), defaults.get("title")),
        defaults.get("grade"),
        error,
        grade_needed=not defaults.get("grade_free"),
    )
    source = _text(_or(cell("source"), defaults.get("source")))
    if len(source) > MAX_SOURCE:
        error(
            "source",
            _("The batch or document name is longer than %(max)s characters.")
            % {"max": MAX_SOURCE},
            "too_long",
        )
    if len(report.errors) > before:
        return None
    return ListRow(
        sheet=sheet,
        row=number,
        uscc=uscc,
        name=_text(cell("name")),
        level=level,
        year=year,
        number=re.sub(r"\s+", " ", _text(cell("number"))),
        source=source,
        issued_on=issued_on,
        letters=letters,
        programme=kind[0],
        grade=kind[1],
    )


# 零碳（近零碳）工厂: the programme's collective name, which names no grade.
BOTH_GRADES = re.compile(r"零碳[（(]近零碳[)）]")


def _kind(value, officer_grade, error, *, grade_needed: bool = True) -> tuple[str, str]:
    """The programme and grade of the row's title: from the row's title column or the list's
    title above the header (零碳工厂, 近零碳工厂, 绿色工厂), else the grade the officer chose
    for the list (a zero-carbon list), else a green factory as before. A zero-carbon title
    naming no grade (零碳（近零碳）工厂) takes the officer's grade or is refused at the row —
    unless ``grade_needed`` is false (a removal list strikes the programme's title whatever
    its grade, decisions §84)."""
    if _blank(value):
        if officer_grade:
            return Programme.ZERO_CARBON, officer_grade
        return Programme.GREEN_FACTORY, ""
    word = re.sub(r"\s+", "", _text(value))
    if "零碳" in word:
        if BOTH_GRADES.search(word):
            if officer_grade:
                return Programme.ZERO_CARBON, officer_grade
            if not grade_needed:
                return Programme.ZERO_CARBON, ""
            error(
                "title",
                _(
                    "“%(value)s” names no grade: write 零碳工厂 or 近零碳工厂 in the row, or "
                    "choose the grade on the upload form."
                )
                % {"value": _shown(value)},
                "grade_missing",
            )
            return Programme.ZERO_CARBON, ""
        grade = TitleGrade.NEAR_ZERO if "近零碳" in word else TitleGrade.ZERO
        return Programme.ZERO_CARBON, grade
    if "绿色" in word:
        return Programme.GREEN_FACTORY, ""
    error(
        "title",
        _("Unknown title “%(value)s”: write 绿色工厂, 零碳工厂 or 近零碳工厂.")
        % {"value": _shown(value)},
        "title_unknown",
    )
    return Programme.GREEN_FACTORY, ""


def _or(value, default):
    return default if _blank(value) else value


def _level(value, error) -> str | None:
    if _blank(value):
        error("level", _("The level is missing: write 省级 or 国家级."), "level_missing")
        return None
    word = re.sub(r"\s+", "", _text(value)).lower()
    if word in LEVEL_WORDS:
        return LEVEL_WORDS[word]
    if word in CITY_WORDS:
        error(
            "level",
            _("City-level titles are designated on this platform, not imported."),
            "level_city",
        )
    else:
        error(
            "level",
            _("Unknown level “%(value)s”: write 省级 or 国家级.") % {"value": _shown(value)},
            "level_unknown",
        )
    return None


def _year(value, error) -> int | None:
    if _blank(value):
        error("year", _("The year is missing."), "year_missing")
        return None
    text = _text(value)
    text = text.removesuffix("年度").removesuffix("年").strip()
    if isinstance(value, bool) or not text.isdigit():
        error("year", _("“%(value)s” is not a year.") % {"value": _shown(value)}, "year")
        return None
    year = int(text)
    last = timezone.localdate().year
    if not MIN_YEAR <= year <= last:
        error(
            "year",
            _("The year %(year)s is out of range: %(first)s to %(last)s.")
            % {"year": year, "first": MIN_YEAR, "last": last},
            "year_range",
        )
        return None
    return year


DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _issued_on(value, year, error) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        match = DATE_PATTERN.fullmatch(_text(value))
        try:
            day = date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            day = None
        if day is None:
            error(
                "issued_on",
                _("“%(value)s” is not a date: write it as 2024-12-31.") % {"value": _shown(value)},
                "date",
            )
            return None
    if year is None:
        return day
    latest = min(date(year + 1, 12, 31), timezone.localdate())
    if not date(year, 1, 1) <= day <= latest:
        error(
            "issued_on",
            _(
                "The date %(day)s does not fit the year %(year)s: it must lie between "
                "%(first)s and %(last)s."
            )
            % {
                "day": day.isoformat(),
                "year": year,
                "first": date(year, 1, 1).isoformat(),
                "last": latest.isoformat(),
            },
            "date_range",
        )
        return None
    return day
