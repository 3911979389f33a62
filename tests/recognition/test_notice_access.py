"""Who may open the public notice's pages: everyone the public ones, the city bureau of the batch's
region the officer's ones. Invisible → 404, visible but not allowed → 403, anonymous → login."""

import pytest
import time_machine
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from greenfactory.recognition.domain.objections import submit_objection
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.recognition.test_notice import MONDAY, decided_batch, publish

pytestmark = pytest.mark.django_db

ADMINS_404 = {"system_admin": 404, "security_admin": 404, "audit_admin": 404}

ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "recognition:notice_list": ("get", None, {}, 200),
    "recognition:notice": ("get", "notice", {}, 200),
    "recognition:objection_new": ("get", "notice", {}, 200),
    "recognition:objection_done": ("get", "receipt", {}, 200),
    "recognition:notice_manage": (
        "get",
        "batch",
        {"anon": LOGIN, "city_officer": 200, **ADMINS_404},
        403,
    ),
    "recognition:notice_close": (
        "post",
        "batch",
        {"anon": LOGIN, "city_officer": 302, **ADMINS_404},
        403,
    ),
    "recognition:objection_detail": ("get", "objection", {"anon": LOGIN, "city_officer": 200}, 404),
    "recognition:objection_attachment": (
        "get",
        "attachment",
        {"anon": LOGIN, "city_officer": 200},
        404,
    ),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def module_notice_objects(module_personas):
    """A published notice with one objection carrying one file, made once for the module's
    cells (each cell's own writes are undone after it)."""
    caches["ratelimit"].clear()
    with time_machine.travel(MONDAY, tick=False):
        notice = publish(decided_batch(), module_personas["city_officer"])
        objection = submit_objection(
            notice,
            entry=notice.entries.first(),
            name="李四",
            contact="13900000000",
            reason="理由",
            attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        return {
            "notice": {"code": notice.code},
            "receipt": {"code": notice.code, "objection_code": objection.code},
            "batch": {"batch_code": notice.batch.code},
            "objection": {"code": objection.code},
            "attachment": {"code": objection.code, "file_code": objection.attachments.get().code},
            None: {},
        }


@pytest.fixture
def notice_objects(time_machine, module_notice_objects):
    """The notice's objects, on the Monday its period is open."""
    caches["ratelimit"].clear()
    time_machine.move_to(MONDAY, tick=False)
    return module_notice_objects


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_gets_the_expected_answer(request, client, notice_objects, name, persona):
    check_row(request, client, ROWS, notice_objects, name, persona)


def test_every_notice_url_has_a_row():
    from greenfactory.recognition.urls import notice as urls_notice

    assert {f"recognition:{p.name}" for p in urls_notice.urlpatterns} == set(ROWS)
