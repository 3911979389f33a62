"""The session store (``accounts.sessions``): the session and its account read in one query,
checked as Django checks any user it loads, and nothing kept between requests, so an ended
session ends for every server process at its next request."""

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.accounts.models import AccountSession, User
from greenfactory.accounts.second_factor import usable_code
from greenfactory.accounts.sessions import SessionStore, checked_payload
from greenfactory.urls import urlpatterns as platform_urlpatterns
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
LOGOUT = reverse("accounts:logout")


def scope(request):
    user = request.user
    if not user.is_authenticated:
        return HttpResponse("anonymous")
    return HttpResponse(f"{user.username} {user.region.code if user.region else '-'}")


urlpatterns = [path("scope/", scope), *platform_urlpatterns]


def two_step_login(client, user):
    """The officer's own login: password, then a code of the confirmed device."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    client.post(CODE, {"code": usable_code(device)})
    assert client.session[SESSION_KEY] == str(user.pk)
    return device


def tables_read(queries) -> list[str]:
    return [query["sql"].split(" FROM ")[1].split()[0] for query in queries.captured_queries]


@pytest.mark.urls(__name__)
def test_an_officers_request_reads_the_session_and_the_user_in_one_query(client, district_officer):
    device = two_step_login(client, district_officer)
    assert client.session["otp_device_id"] == device.persistent_id
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/scope/")
    assert response.content.decode() == "wujin 320412"
    # The session joined with its account and the account's region; no device, no second read.
    assert tables_read(queries) == ['"accounts_accountsession"']
    assert 'JOIN "accounts_user"' in queries.captured_queries[0]["sql"]
    assert 'JOIN "accounts_region"' in queries.captured_queries[0]["sql"]


@pytest.mark.urls(__name__)
def test_an_anonymous_request_with_no_cookie_reads_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/scope/").content == b"anonymous"
    assert len(queries) == 0


def test_the_session_row_names_its_account_only_once_logged_in(client, district_officer):
    TOTPDevice.objects.create(user=district_officer, name="phone", confirmed=True)
    client.post(LOGIN, {"username": "wujin", "password": PASSWORD})
    pending = AccountSession.objects.get(session_key=client.session.session_key)
    assert pending.user_id is None  # the password step does not log in
    client.post(CODE, {"code": usable_code(TOTPDevice.objects.get(user=district_officer))})
    row = AccountSession.objects.get(session_key=client.session.session_key)
    assert row.user_id == district_officer.pk
    client.post(LOGOUT)
    assert not AccountSession.objects.filter(user=district_officer).exists()


@pytest.mark.urls(__name__)
def test_a_logout_ends_the_session_for_every_other_holder_of_its_cookie(client, district_officer):
    """What a second server process does with the same cookie: nothing is kept between
    requests, so the next request after the logout finds no session."""
    two_step_login(client, district_officer)
    elsewhere = Client()
    elsewhere.cookies["sessionid"] = client.cookies["sessionid"].value
    assert elsewhere.get("/scope/").content == b"wujin 320412"
    client.post(LOGOUT)
    assert elsewhere.get("/scope/").content == b"anonymous"


@pytest.mark.urls(__name__)
def test_an_account_deactivated_behind_the_sessions_back_is_refused(client, district_officer):
    """Read with the session, the account is still checked as Django checks any: inactive
    means anonymous, even when nothing deleted the session."""
    two_step_login(client, district_officer)
    User.objects.filter(pk=district_officer.pk).update(is_active=False)
    assert client.get("/scope/").content == b"anonymous"


@pytest.mark.urls(__name__)
def test_a_password_changed_behind_the_sessions_back_ends_it(client, district_officer):
    two_step_login(client, district_officer)
    key = client.session.session_key
    User.objects.filter(pk=district_officer.pk).update(password="md5$other$0123")
    assert client.get("/scope/").content == b"anonymous"
    assert not AccountSession.objects.filter(session_key=key).exists()  # flushed


@pytest.mark.urls(__name__)
def test_the_account_comes_from_the_sessions_data_not_from_its_column(
    client, district_officer, other_district_officer
):
    """A row whose column named another account (never written so) gives no one else's
    login: the account read with the session is used only when it is the session's own."""
    two_step_login(client, district_officer)
    AccountSession.objects.filter(session_key=client.session.session_key).update(
        user=other_district_officer
    )
    assert client.get("/scope/").content == b"wujin 320412"


@pytest.mark.urls(__name__)
def test_a_session_hash_from_before_is_still_checked(client, district_officer):
    two_step_login(client, district_officer)
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    assert client.get("/scope/").content == b"anonymous"


def test_the_compiled_read_gives_the_orms_own_rows(client, district_officer, enterprise_user):
    """The session's query is compiled once per connection; each field of the session, its
    account and the account's scope is what the ORM reads, for an officer, an enterprise user
    and a session without a login."""
    from datetime import timedelta

    from django.utils import timezone

    from greenfactory.accounts.sessions import ACCOUNT_RELATED, SessionStore, session_read

    two_step_login(client, district_officer)
    other = Client()
    other.force_login(enterprise_user)
    without_login = SessionStore()
    without_login["seen"] = 1
    without_login.save()
    keys = [client.session.session_key, other.session.session_key, without_login.session_key]
    assert AccountSession.objects.get(session_key=without_login.session_key).user_id is None
    read = session_read("default")
    # Named placeholders: Django's SQLite cursor rewrites positional ones with a regular
    # expression over the whole join at every execution (decisions §104).
    assert "%s" not in read.sql
    assert read.sql.count("%(key)s") == 1
    for key in keys:
        compiled = read.first(key=key)
        orm = AccountSession.objects.select_related(*ACCOUNT_RELATED).get(session_key=key)
        assert vars_of(compiled) == vars_of(orm)
        assert vars_of(compiled.user) == vars_of(orm.user)
        if orm.user is not None:
            for related in ("region", "enterprise", "agency"):
                assert vars_of(getattr(compiled.user, related)) == vars_of(
                    getattr(orm.user, related)
                )
    assert read.first(key="no-such-session") is None
    # An expired row is no session, as Django's own read filters it.
    AccountSession.objects.filter(session_key=keys[0]).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(keys[0])
    assert expired.load() == {}
    assert expired.account is None
    assert expired.session_key is None
    assert SessionStore(keys[1]).load() != {}


def vars_of(obj):
    if obj is None:
        return None
    return {name: value for name, value in vars(obj).items() if name != "_state"}


def test_a_session_text_is_checked_once_and_decodes_as_djangos(settings):
    store = SessionStore()
    data = {SESSION_KEY: "7", "seen_at": 1, "filters": ["a" * 300]}  # long enough to compress
    text = store.encode(data)
    checked_payload.cache_clear()
    assert store.decode(text) == SessionBase.decode(store, text) == data
    assert store.decode(text) == data
    assert (checked_payload.cache_info().misses, checked_payload.cache_info().hits) == (1, 1)

    decoded = store.decode(text)
    decoded["filters"].append("changed")  # each request gets data of its own
    assert store.decode(text) == data

    tampered = text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]
    assert store.decode(tampered) == {}
    settings.SECRET_KEY = "another-key-" * 5
    assert store.decode(text) == {}
