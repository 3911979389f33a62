"""The shape both lists published above the city are imported in (decisions §85): the title
lists and the removal lists go upload → preview → confirm through one helper
(``titles/views/city/list_import.py``). What it does, it does for both: a refused upload or a
file with problems keeps the officer's choices; a stale confirmation sends the officer back to
the upload with one message."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = "2026年度绿色制造名单动态调整移出名单（测试）"

# Per import: its upload page, its confirmation, what the officer chose besides the file (as
# posted, as the form reads it back, and as the page shows it) and a choice the upload refuses
# (with its message and how the page shows it).
IMPORTS = {
    "title list": {
        "upload": "titles:title_import",
        "confirm": "titles:title_import_confirm",
        "posted": {"level": "national", "year": "2024", "grade": "near_zero"},
        "chosen": {"level": "national", "year": 2024, "grade": "near_zero"},
        "shown": ['<option value="national" selected>', '<option value="near_zero" selected>'],
        "typed": ['value="2024"'],
        "refused": ({"year": "2099"}, "The year cannot be in the future.", 'value="2099"'),
    },
    "removal list": {
        "upload": "titles:removal_import",
        "confirm": "titles:removal_import_confirm",
        "posted": {"level": "national", "list_name": LIST, "decided_on": "2026-03-20"},
        "chosen": {"level": "national", "list_name": LIST, "decided_on": date(2026, 3, 20)},
        "shown": ['<option value="national" selected>', f'value="{LIST}"'],
        "typed": ['value="2026-03-20"'],
        "refused": (
            {"decided_on": "2099-01-01"},
            "Give the day of the decision; it cannot be in the future.",
            'value="2099-01-01"',
        ),
    },
}


@pytest.fixture(params=list(IMPORTS))
def listing(request):
    return IMPORTS[request.param]


def damaged() -> SimpleUploadedFile:
    return SimpleUploadedFile("名单.xlsx", b"PK\x03\x04 not a workbook")


def test_a_file_with_problems_keeps_the_officers_choices_for_the_corrected_file(
    client, city_officer, listing
):
    client.force_login(city_officer)
    url = reverse(listing["upload"])
    response = client.post(
        url, {**listing["posted"], "workbook": damaged()}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    report = response.context["report"]
    assert report.errors and report.token == ""
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial == listing["chosen"]
    html = response.text
    assert "<h2>Upload a corrected file</h2>" in html
    assert f'action="{url}"' in html
    assert reverse(listing["confirm"]) not in html
    for shown in listing["shown"] + listing["typed"]:
        assert shown in html


def test_a_refused_upload_keeps_what_the_officer_chose(client, city_officer, listing):
    client.force_login(city_officer)
    changed, message, typed = listing["refused"]
    posted = {**listing["posted"], **changed}
    response = client.post(
        reverse(listing["upload"]),
        {**posted, "workbook": damaged()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "report" not in response.context
    form = response.context["form"]
    assert [str(error) for errors in form.errors.values() for error in errors] == [message]
    html = response.text
    assert message in html
    for shown in [*listing["shown"], typed]:
        assert shown in html


@pytest.mark.parametrize("token", ["", "not-a-signed-reference"])
def test_a_stale_confirmation_goes_back_to_the_upload(client, city_officer, listing, token):
    client.force_login(city_officer)
    response = client.post(reverse(listing["confirm"]), {"token": token}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.url == reverse(listing["upload"])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This preview has expired or was already imported: upload the file again."
    ]


def test_the_upload_pages_post_to_themselves(client, city_officer, listing):
    client.force_login(city_officer)
    url = reverse(listing["upload"])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert f'<form method="post" enctype="multipart/form-data" action="{url}"' in response.text
