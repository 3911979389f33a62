"""The queue's sort options and table head are kept per language and chosen order (§94): each
request still marks its own order and reads its own language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def selected_order(page) -> str:
    text = page.content.decode()
    select = text[text.index('<select id="order"') :]
    select = select[: select.index("</select>")]
    return select.split(" selected>")[0].rsplit('value="', 1)[1].split('"')[0]


def head(page) -> str:
    text = page.content.decode()
    return text[text.index("<thead>") : text.index("</thead>")]


def test_each_request_marks_its_own_order_and_language(client, district_officer):
    client.force_login(district_officer)
    url = reverse("reviews:district_queue")
    assert selected_order(client.get(url, {"order": "name"})) == "name"
    assert selected_order(client.get(url, {"order": "score"})) == "score"
    assert selected_order(client.get(url)) == "submitted"
    assert selected_order(client.get(url, {"order": "name"})) == "name"
    english = head(client.get(url, headers={"accept-language": "en"}))
    assert "Enterprise" in english
    assert "Enterprise" not in head(client.get(url))
