"""The Chinese catalogue is complete: zh-hans is the default language."""

from pathlib import Path

import polib

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
