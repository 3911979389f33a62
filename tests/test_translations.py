"""The Chinese catalogue is complete: zh-hans is the default language."""

from pathlib import Path

import polib
import pytest

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

PO = (
    Path(__file__).resolve().parent.parent / "src/greenfactory/locale/zh_Hans/LC_MESSAGES/django.po"
)


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")
    for entry in polib.pofile(str(PO)).translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(translated)), (
            entry.msgid
        )


def test_the_catalogue_compiles_with_format_checks():
    """msgfmt --check refuses what compilemessages would: a translation whose % directives do
    not match its python-format message."""
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is missing (the Makefile installs gettext)"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
