import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from greenfactory.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_and_logout_are_audited_with_address(client, enterprise_user):
    response = client.post(
        LOGIN, {"username": "ent", "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "actor_username", "ip"))
    assert events == [
        ("accounts.login", "ent", "10.20.30.40"),
        ("accounts.logout", "ent", "127.0.0.1"),
    ]


def test_wrong_password_and_unknown_user_get_the_same_message(client, enterprise_user):
    wrong = attempt(client, "ent", "not-the-password")
    unknown = attempt(client, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "登录名或密码错误" in wrong.content.decode()
    failed = AuditEvent.objects.filter(action="accounts.login_failed")
    assert sorted(failed.values_list("actor_username", flat=True)) == ["ent", "nobody"]


def test_five_failures_lock_the_username_not_the_address(client, enterprise_user, city_officer):
    for _ in range(5):
        attempt(client, "ent", "wrong-password-1")
    locked = attempt(client, "ent", PASSWORD)
    assert locked.status_code == 403
    assert "该账号因连续5次登录失败已被锁定。请30分钟后重试" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user on the same address (a shared government LAN) still logs in.
    assert attempt(client, "city", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.locked_out", actor_username="ent").exists()


def test_lock_lifts_after_thirty_minutes(client, enterprise_user, time_machine):
    time_machine.move_to("2026-11-25 09:00:00+08:00", tick=False)
    for _ in range(5):
        attempt(client, "ent", "wrong-password-1")
    time_machine.move_to("2026-11-25 09:29:00+08:00", tick=False)
    assert attempt(client, "ent", PASSWORD).status_code == 403
    time_machine.move_to("2026-11-25 09:31:00+08:00", tick=False)
    assert attempt(client, "ent", PASSWORD).status_code == 302


def test_security_admin_unlocks(client, enterprise_user, security_admin):
    for _ in range(5):
        attempt(client, "ent", "wrong-password-1")
    assert AccessAttempt.objects.filter(username="ent").exists()
    client.force_login(security_admin)
    page = client.get(reverse("accounts:lockouts"))
    assert "ent" in page.content.decode()
    client.post(reverse("accounts:lockouts"), {"username": "ent"})
    assert not AccessAttempt.objects.filter(username="ent").exists()
    client.logout()
    assert attempt(client, "ent", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.account.unlocked").exists()


def test_deactivated_account_cannot_log_in_and_loses_its_session(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise_user.is_active = False
    enterprise_user.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert attempt(client, "ent", PASSWORD).status_code == 200


def test_session_expires_after_thirty_idle_minutes(client, enterprise_user, time_machine):
    time_machine.move_to("2026-11-25 09:00:00+08:00", tick=False)
    client.force_login(enterprise_user)
    time_machine.move_to("2026-11-25 09:20:00+08:00", tick=False)
    assert client.get(reverse("accounts:profile")).status_code == 200
    time_machine.move_to("2026-11-25 09:45:00+08:00", tick=False)
    assert client.get(reverse("accounts:profile")).status_code == 200
    time_machine.move_to("2026-11-25 10:16:00+08:00", tick=False)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_passwords_are_hashed_with_argon2(settings, db):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert make_password("Some-Password-1").startswith("argon2$argon2id$")


def test_logout_needs_post(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_an_active_session_is_saved_once_a_minute(client, enterprise_user, time_machine):
    from greenfactory.accounts.models import AccountSession

    time_machine.move_to("2026-11-25 09:00:00+08:00", tick=False)
    client.force_login(enterprise_user)
    client.get(reverse("accounts:profile"))
    key = client.session.session_key
    first = AccountSession.objects.get(session_key=key).expire_date
    time_machine.move_to("2026-11-25 09:00:40+08:00", tick=False)
    client.get(reverse("accounts:profile"))
    assert (
        AccountSession.objects.get(session_key=key).expire_date == first
    )  # no write within a minute
    time_machine.move_to("2026-11-25 09:01:05+08:00", tick=False)
    client.get(reverse("accounts:profile"))
    moved = AccountSession.objects.get(session_key=key).expire_date
    assert (moved - first).total_seconds() == 65
    # Idle for the timeout after the last save: the session has ended.
    time_machine.move_to("2026-11-25 09:31:06+08:00", tick=False)
    assert client.get(reverse("accounts:profile")).status_code == 302
