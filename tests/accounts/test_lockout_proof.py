"""Anonymous requests cannot keep an officer or administrator locked out: while the login name
is locked by wrong passwords, its holder still logs in by giving the password and a code of
their second factor together — a proof an attacker without the device cannot give."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.accounts.second_factor import usable_code
from greenfactory.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"
PROOF = "accounts:login_with_code"


def wrong_passwords(name, count=5):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(count):
        attacker.post(reverse(LOGIN), {"username": name, "password": "Wrong-Guess-123"})


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def prove(client, name, password, code):
    return client.post(reverse(PROOF), {"username": name, "password": password, "code": code})


def test_an_attacker_sending_ten_wrong_passwords_an_hour_cannot_lock_out_the_security_admin(
    security_admin, time_machine
):
    device = enrolled(security_admin)
    time_machine.move_to("2026-12-01 09:00:00+08:00", tick=False)
    holder = Client()
    for hour in range(3):
        for minute in (0, 31):
            time_machine.move_to(f"2026-12-01 {9 + hour:02d}:{minute:02d}:00+08:00", tick=False)
            wrong_passwords(security_admin.username)
        time_machine.move_to(f"2026-12-01 {9 + hour:02d}:40:00+08:00", tick=False)
        page = holder.post(
            reverse(LOGIN), {"username": security_admin.username, "password": PASSWORD}
        )
        assert page.status_code == 403
        assert reverse(PROOF) in page.content.decode()
        device.refresh_from_db()
        response = prove(holder, security_admin.username, PASSWORD, usable_code(device))
        assert response.status_code == 302, response.content
        assert holder.session["_auth_user_id"] == str(security_admin.pk)
        holder.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(action="accounts.login", actor=security_admin).count() == 3


@pytest.mark.parametrize(
    ("password", "code_ok"), [(PASSWORD, False), ("Wrong-Guess-123", True), ("x", False)]
)
def test_the_proof_needs_both_and_says_the_same_whatever_is_wrong(
    district_officer, password, code_ok
):
    device = enrolled(district_officer)
    wrong_passwords(district_officer.username)
    code = usable_code(device) if code_ok else "000000"
    if code == usable_code(device) and not code_ok:
        code = "111111"
    client = Client()
    response = prove(client, district_officer.username, password, code)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert response.context["proof_form"].data["username"] == district_officer.username
    assert AuditEvent.objects.filter(action="accounts.login_failed").exists()


def test_no_proof_for_an_account_without_a_second_factor(enterprise_user, district_officer):
    wrong_passwords(enterprise_user.username)
    client = Client()
    locked = client.post(
        reverse(LOGIN), {"username": enterprise_user.username, "password": PASSWORD}
    )
    assert locked.status_code == 403
    response = prove(client, enterprise_user.username, PASSWORD, "123456")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    # An officer who has not enrolled yet has no device to prove with either.
    wrong_passwords(district_officer.username)
    assert prove(client, district_officer.username, PASSWORD, "123456").status_code == 403


def test_the_proof_is_rate_limited_per_login_name(district_officer, settings):
    device = enrolled(district_officer)
    settings.RATELIMIT_LOGIN_PER_NAME = "3/m"
    client = Client()
    for _ in range(3):
        prove(client, district_officer.username, "bad", "000000")
    limited = prove(client, district_officer.username, PASSWORD, usable_code(device))
    assert limited.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_used_code_cannot_be_replayed(district_officer, time_machine):
    time_machine.move_to("2026-12-01 09:00:00+08:00", tick=False)
    device = enrolled(district_officer)
    wrong_passwords(district_officer.username)
    code = usable_code(device)
    first = Client()
    assert prove(first, district_officer.username, PASSWORD, code).status_code == 302
    time_machine.shift(timedelta(seconds=5))
    second = Client()
    assert prove(second, district_officer.username, PASSWORD, code).status_code == 403
