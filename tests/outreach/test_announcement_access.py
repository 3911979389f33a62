"""Who may open an announcement's files (rows for the global role × page matrix): the city
bureau manages a draft's, everyone downloads a published one's, nobody a draft's from the public
address. The objects are made once for the module; each cell's own writes are undone after it."""

import pytest
from django.urls import reverse

from greenfactory.outreach.domain.announcements import (
    add_announcement_attachment,
    publish_announcement,
)
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows

from .test_announcement_attachments import docx, draft_of, pdf

pytestmark = pytest.mark.django_db

CITY_ONLY = {"anon": LOGIN, "city_officer": 200}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "outreach:announcement_manage": ("get", "draft", CITY_ONLY, 403),
    "outreach:announcement_file_check": ("get", "draft_file", CITY_ONLY, 403),
    "outreach:announcement_file_remove": (
        "post",
        "draft_file",
        {"anon": LOGIN, "city_officer": 302},
        403,
    ),
    "outreach:announcement_file": ("get", "published_file", {}, 200),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def announcement_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    city_officer = module_personas["city_officer"]
    draft = draft_of(city_officer)
    draft_file = add_announcement_attachment(draft, actor=city_officer, upload=pdf())
    published = draft_of(city_officer, title="已发布的通知")
    published_file = add_announcement_attachment(published, actor=city_officer, upload=docx())
    publish_announcement(published, actor=city_officer)
    return {
        "draft": {"code": draft.code},
        "draft_file": {"code": draft.code, "file_code": draft_file.code},
        "published_file": {"code": published.code, "file_code": published_file.code},
    }


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_announcement_files_per_role(request, client, announcement_objects, name, persona):
    check_row(request, client, ROWS, announcement_objects, name, persona)


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_downloads_a_draft_s_file_from_the_public_address(
    request, client, announcement_objects, persona
):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    kwargs = announcement_objects["draft_file"]
    assert client.get(reverse("outreach:announcement_file", kwargs=kwargs)).status_code == 404
