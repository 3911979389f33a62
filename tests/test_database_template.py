"""The kept test database is rebuilt whenever anything that shapes it changes."""

import pytest

from tests.database import template_key

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database


def tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    template_key.cache_clear()
    return template_key(root)


BASE = {
    "pyproject.toml": 'dependencies = ["Django==5.2"]',
    "src/greenfactory/core/migrations/0001_initial.py": "operations = []",
    "src/greenfactory/programme/data/system.json": "{}",
    "src/greenfactory/core/templates/core/base.html": "<html>",
    "src/greenfactory/locale/zh_Hans/LC_MESSAGES/django.po": 'msgid ""',
}


def test_the_key_follows_the_migrations_their_code_and_data_and_the_pins(tmp_path):
    keys = {"base": tree(tmp_path / "base", BASE)}
    for label, change in [
        ("migration", {"src/greenfactory/core/migrations/0001_initial.py": "operations = [1]"}),
        ("new migration", {"src/greenfactory/core/migrations/0002_more.py": "operations = []"}),
        ("code", {"src/greenfactory/programme/domain/systems.py": "SHIPPED = 2"}),
        ("data", {"src/greenfactory/programme/data/system.json": '{"a": 1}'}),
        ("pins", {"pyproject.toml": 'dependencies = ["Django==5.2.1"]'}),
    ]:
        keys[label] = tree(tmp_path / label.replace(" ", "_"), {**BASE, **change})
    assert len(set(keys.values())) == len(keys)


def test_templates_and_translations_do_not_shape_the_database(tmp_path):
    base = tree(tmp_path / "base", BASE)
    changed = {
        "src/greenfactory/core/templates/core/base.html": "<html lang=zh>",
        "src/greenfactory/locale/zh_Hans/LC_MESSAGES/django.po": 'msgid "x"',
    }
    assert tree(tmp_path / "pages", {**BASE, **changed}) == base
