"""Every action the code writes to the audit trail reads in words on the audit page."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.core.audit_labels import action_label
from greenfactory.core.domain.audit import record_event

SRC = Path(__file__).resolve().parents[2] / "src" / "greenfactory"
APPS = (
    "accounts|api|applications|core|cultivation|dashboards|demo|filings|outreach|programme|"
    "recognition|reviews|rewards|supervision|titles"
)
CODE = re.compile(r'"((?:' + APPS + r')\.[a-z_]+\.[a-z_]+)"')
NOT_ACTIONS = re.compile(r"\.(html|txt|py|css|js|png|svg|csv|xlsx|docx|pdf|json|zip)$")


def written_actions() -> set[str]:
    codes = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        codes |= {c for c in CODE.findall(path.read_text(encoding="utf-8"))}
    return {code for code in codes if not NOT_ACTIONS.search(code)}


def test_every_action_written_has_words():
    codes = written_actions()
    assert len(codes) > 100
    assert sorted(code for code in codes if action_label(code) == code) == []


def test_an_unknown_action_shows_its_code():
    assert action_label("tests.thing.happened") == "tests.thing.happened"


@pytest.mark.django_db
def test_the_audit_page_shows_the_action_in_chinese_with_its_code(client, audit_admin):
    record_event("applications.application.submitted")
    record_event("accounts.login")
    client.force_login(audit_admin)
    html = client.get(reverse("core:audit_list")).content.decode()
    with translation.override("zh-hans"):
        assert action_label("applications.application.submitted") in html
        assert action_label("accounts.login") in html
    assert "applications.application.submitted" in html


def test_an_object_of_the_same_name_in_another_app_has_its_own_words():
    from django.utils.translation import override

    with override("en"):
        assert action_label("cultivation.candidate.added").startswith("Cultivation candidate")
        assert action_label("titles.candidate.selected") == (
            "Candidate recommended to the province · selected"
        )
