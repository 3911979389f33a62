"""What every request no longer pays for when it does not use it: the unread count, counted
only when a template shows it, and the messages' storage, made only when it is used."""

import pytest
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import empty

from greenfactory.core.middleware import MessageMiddleware
from greenfactory.notifications.context_processors import unread
from greenfactory.notifications.domain.notify import notify

pytestmark = pytest.mark.django_db


def test_the_unread_count_is_read_only_when_shown(district_officer):
    notify([district_officer], subject="一")
    request = RequestFactory().get("/")
    request.user = district_officer
    with CaptureQueriesContext(connection) as queries:
        context = unread(request)
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert str(context["UNREAD_NOTIFICATIONS"]) == "1"
        assert bool(context["UNREAD_NOTIFICATIONS"]) is True
    assert len(queries) == 1


def _through_messages(view, cookies=None):
    request = RequestFactory().get("/")
    request.session = {}
    request.COOKIES = cookies or {}
    response = MessageMiddleware(lambda request: view(request))(request)
    return request, response


def test_a_request_that_adds_no_message_makes_no_storage():
    request, response = _through_messages(lambda request: HttpResponse("ok"))
    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies


def test_a_message_added_is_stored_for_the_next_page():
    def view(request):
        messages.info(request, "已保存")
        return HttpResponse("ok")

    _request, response = _through_messages(view)
    kept = {"messages": response.cookies["messages"].value}

    shown = []
    _through_messages(
        lambda request: shown.extend(messages.get_messages(request)) or HttpResponse(), kept
    )
    assert [str(message) for message in shown] == ["已保存"]
