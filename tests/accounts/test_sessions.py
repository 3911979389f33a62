"""Sessions: an absolute lifetime of 12 hours however active; every session of an account ends
when it is deactivated or its password changes; logout ends the session on the server."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from greenfactory.accounts.domain.accounts import set_account_active
from greenfactory.accounts.domain.passwords import change_password
from greenfactory.accounts.domain.sessions import end_sessions
from greenfactory.accounts.models import AccountSession
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROFILE = reverse("accounts:profile")


def sessions_of(user):
    """Read from every stored session's data, not from the column that names its account."""
    return [
        session.session_key
        for session in AccountSession.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_a_session_ends_12_hours_after_login_however_active(client, enterprise_user, time_machine):
    time_machine.move_to("2026-11-25 08:00:00+08:00", tick=False)
    client.post(LOGIN, {"username": "ent", "password": PASSWORD})
    for hour in range(8, 20):
        for minute in (0, 20, 40):
            time_machine.move_to(f"2026-11-25 {hour:02d}:{minute:02d}:00+08:00", tick=False)
            assert client.get(PROFILE).status_code == 200, f"{hour}:{minute}"
    time_machine.move_to("2026-11-25 20:00:01+08:00", tick=False)
    response = client.get(PROFILE, follow=True)
    assert response.redirect_chain[0][0] == f"{LOGIN}?next={PROFILE}"
    message = gettext("Your session has ended after %(hours)s hours. Please log in again.")
    assert message % {"hours": 12} in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lifetime_follows_the_setting(client, enterprise_user, settings, time_machine):
    time_machine.move_to("2026-11-25 08:00:00+08:00", tick=False)
    settings.SESSION_ABSOLUTE_SECONDS = 600
    client.force_login(enterprise_user)
    time_machine.move_to("2026-11-25 08:09:00+08:00", tick=False)
    assert client.get(PROFILE).status_code == 200
    time_machine.move_to("2026-11-25 08:10:30+08:00", tick=False)
    assert client.get(PROFILE).status_code == 302


def test_deactivation_ends_every_session_of_the_account(
    system_admin, enterprise_user, other_enterprise_user
):
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.post(LOGIN, {"username": "ent", "password": PASSWORD})
    other = Client()
    other.force_login(other_enterprise_user)
    assert len(sessions_of(enterprise_user)) == 2

    set_account_active(enterprise_user, actor=system_admin, active=False)

    assert sessions_of(enterprise_user) == []
    for browser in browsers:
        assert browser.get(PROFILE)["Location"].startswith(LOGIN)
    assert other.get(PROFILE).status_code == 200
    from greenfactory.core.models import AuditEvent

    event = AuditEvent.objects.get(action="accounts.account.deactivated")
    assert event.changes["sessions_ended"] == 2


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(enterprise_user):
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post(LOGIN, {"username": "ent", "password": PASSWORD})
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Fresh-Horse-11",
            "new_password2": "Fresh-Horse-11",
        },
    )
    assert response.status_code == 302
    assert here.get(PROFILE).status_code == 200
    assert elsewhere.get(PROFILE)["Location"].startswith(LOGIN)
    assert sessions_of(enterprise_user) == [here.session.session_key]


def test_end_sessions_keeps_the_given_one(enterprise_user):
    browsers = [Client(), Client(), Client()]
    for browser in browsers:
        browser.force_login(enterprise_user)
    keep = browsers[0].session.session_key
    assert end_sessions(enterprise_user, keep=keep) == 2
    assert sessions_of(enterprise_user) == [keep]


def test_a_changed_password_from_the_domain_ends_every_session(enterprise_user):
    browser = Client()
    browser.force_login(enterprise_user)
    change_password(
        enterprise_user, actor=enterprise_user, new_password="Fresh-Horse-11", keep_session=None
    )
    assert sessions_of(enterprise_user) == []


def test_logout_deletes_the_session_on_the_server(client, enterprise_user):
    client.post(LOGIN, {"username": "ent", "password": PASSWORD})
    key = client.session.session_key
    assert AccountSession.objects.filter(session_key=key).exists()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not AccountSession.objects.filter(session_key=key).exists()
    assert "_auth_user_id" not in client.session
    # The old cookie is worth nothing.
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get(PROFILE)["Location"].startswith(LOGIN)
