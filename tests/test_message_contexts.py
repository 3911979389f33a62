"""An English message id that means two things in Chinese is never used without a context:
one id gets one translation, so the objector's name once read 起始日期 and a notice's title
批次名称. Every use of these ids names its meaning (``pgettext``, ``{% translate … context … %}``).
"""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import pgettext

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

SRC = Path(__file__).resolve().parents[1] / "src" / "greenfactory"

# id: the meanings it has on the pages (each a context in the catalogue).
AMBIGUOUS = {
    "Title": ("batch", "notice", "announcement", "training", "honour"),
    "title": ("batch", "notice", "announcement", "training", "honour", "spot-check round"),
    "From": ("date range", "objection"),
    "Closed": ("batch", "notice"),
    "Decision": ("pre-review", "objection"),
    "Register": ("account", "training", "directory"),
    "Entry": ("expert score", "ledger"),
    "Entries": ("expert score", "ledger"),
}
IDS = "|".join(re.escape(message) for message in AMBIGUOUS)
BARE_IN_TEMPLATE = re.compile(r'{%\s*(?:translate|trans)\s+"(' + IDS + r')"\s*(?:as \w+\s*)?%}')
BARE_IN_PYTHON = re.compile(r'\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*"(' + IDS + r')"\s*\)')


def bare_uses() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".html", ".txt", ".py"} or "migrations" in path.parts:
            continue
        pattern = BARE_IN_PYTHON if path.suffix == ".py" else BARE_IN_TEMPLATE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(SRC)}:{number}: {m}" for m in pattern.findall(line)]
    return found


def test_no_ambiguous_id_is_used_without_its_meaning():
    assert bare_uses() == []


def test_the_check_finds_a_bare_use(tmp_path):
    assert BARE_IN_TEMPLATE.search('<th>{% translate "Title" %}</th>')
    assert BARE_IN_PYTHON.search('label=_("From")')
    assert not BARE_IN_TEMPLATE.search('{% translate "Title" context "notice" %}')
    assert not BARE_IN_PYTHON.search('pgettext_lazy("objection", "From")')


def test_each_meaning_reads_as_a_bureau_writes_it():
    with translation.override("zh-hans"):
        assert pgettext("objection", "From") == "提出人"
        assert pgettext("date range", "From") == "起始日期"
        assert pgettext("notice", "Title") == "公示标题"
        assert pgettext("training", "title") == "培训名称"
        assert pgettext("honour", "title") == "称号"
        assert pgettext("notice", "Closed") == "公示已结束"
        assert pgettext("objection", "Decision") == "处理结论"
        assert pgettext("training", "Register") == "报名"
        assert pgettext("ledger", "Entry") == "台账条目"
        for message, contexts in AMBIGUOUS.items():
            for context in contexts:
                assert pgettext(context, message) != message, (context, message)
