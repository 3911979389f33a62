"""Two-step login: officers and the three administrators type a TOTP code after their password
(enrolling a device the first time); wrong codes lock the login name like wrong passwords."""

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.accounts.domain.second_factor import reset_second_factor
from greenfactory.accounts.enums import Role
from greenfactory.accounts.second_factor import PENDING_KEY, needs_second_factor, usable_code
from greenfactory.core.models import AuditEvent
from greenfactory.demo.second_factor import demo_totp_key
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
PROFILE = reverse("accounts:profile")
ENTERPRISES = reverse("accounts:enterprise_list")


def password_step(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_of(user):
    return usable_code(TOTPDevice.objects.get(user=user))


def logged_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("role", Role.values)
def test_officers_and_administrators_need_a_second_factor(role):
    wanted = {
        Role.DISTRICT_OFFICER,
        Role.CITY_OFFICER,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
    assert needs_second_factor(UserFactory.build(role=role)) == (role in wanted)


def test_the_password_alone_does_not_log_an_officer_in(client, district_officer):
    enrolled(district_officer)
    response = password_step(client, "wujin")
    assert response.status_code == 302
    assert response["Location"] == CODE
    assert logged_in_as(client) is None
    assert client.get(ENTERPRISES)["Location"].startswith(LOGIN)
    assert not AuditEvent.objects.filter(action="accounts.login").exists()


def test_enrolment_shows_the_qr_code_and_secret_and_needs_a_valid_code(client, district_officer):
    password_step(client, "wujin")
    page = client.get(CODE).content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'<p class="secret">([A-Z2-7 ]+)</p>', page).group(1)
    device = TOTPDevice.objects.get(user=district_officer)
    assert not device.confirmed
    # The secret on the page is the device's: an app given it computes the accepted code.
    key = b32decode(secret.replace(" ", ""))
    assert key == device.bin_key
    assert client.get(CODE).content.decode().count(secret) == 1  # the same until confirmed

    before = client.session.session_key
    response = client.post(CODE, {"code": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert logged_in_as(client) == str(district_officer.pk)
    assert client.session.session_key != before
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(ENTERPRISES).status_code == 200
    events = list(
        AuditEvent.objects.order_by("seq").values_list("action", "actor_username", "changes")
    )
    assert events == [
        ("accounts.second_factor.enrolled", "wujin", {"device": device.persistent_id}),
        ("accounts.login", "wujin", {"second_factor": device.persistent_id}),
    ]


def test_an_enrolled_officer_logs_in_with_the_code_and_no_qr_code(client, city_officer):
    enrolled(city_officer)
    step_one = client.session.session_key
    password_step(client, "city")
    page = client.get(CODE).content.decode()
    assert "data:image/svg+xml" not in page
    assert 'class="secret"' not in page
    assert client.session.session_key != step_one
    response = client.post(CODE, {"code": code_of(city_officer)})
    assert response["Location"] == reverse("dashboards:home")
    assert logged_in_as(client) == str(city_officer.pk)


def test_the_next_address_survives_the_second_step(client, district_officer):
    enrolled(district_officer)
    client.post(
        f"{LOGIN}?next={ENTERPRISES}",
        {"username": "wujin", "password": PASSWORD, "next": ENTERPRISES},
    )
    response = client.post(CODE, {"code": code_of(district_officer)})
    assert response["Location"] == ENTERPRISES


def test_a_code_is_used_once(client, city_officer):
    device = enrolled(city_officer)
    password_step(client, "city")
    code = usable_code(device)
    client.post(CODE, {"code": code})
    client.post(reverse("accounts:logout"))
    password_step(client, "city")
    response = client.post(CODE, {"code": code})
    assert response.status_code == 200
    assert logged_in_as(client) is None


def test_a_bad_code_says_why_keeps_what_was_typed_and_is_audited(client, city_officer):
    enrolled(city_officer)
    password_step(client, "city")
    response = client.post(CODE, {"code": "12ab56"})
    page = response.content.decode()
    assert gettext("Type the 6 digits shown by the authenticator app.") in page
    assert 'value="12ab56"' in page
    response = client.post(CODE, {"code": "000000" if code_of(city_officer) != "000000" else "1"})
    message = gettext(
        "The code is wrong or has expired. After %(limit)s failed attempts the account "
        "is locked for %(minutes)s minutes."
    ) % {"limit": 5, "minutes": 30}
    assert message in response.content.decode()
    assert logged_in_as(client) is None
    assert (
        AuditEvent.objects.filter(
            action="accounts.second_factor.failed", actor_username="city"
        ).count()
        == 1
    )


def wrong_code(user):
    right = code_of(user)
    return "111111" if right != "111111" else "222222"


def test_five_wrong_codes_lock_the_login_name(client, city_officer, district_officer):
    enrolled(city_officer)
    password_step(client, "city")
    for _ in range(4):
        assert client.post(CODE, {"code": wrong_code(city_officer)}).status_code == 200
    locked = client.post(CODE, {"code": wrong_code(city_officer)})
    assert locked.status_code == 403
    assert "该账号因连续5次登录失败已被锁定" in locked.content.decode()
    # The right code, and then the right password, are refused during the lock.
    assert client.post(CODE, {"code": code_of(city_officer)})["Location"] == LOGIN
    assert password_step(client, "city").status_code == 403
    assert logged_in_as(client) is None
    assert AuditEvent.objects.filter(action="accounts.second_factor.failed").count() == 5
    assert AuditEvent.objects.filter(action="accounts.locked_out", actor_username="city").exists()
    # Another officer on the same address is not locked.
    assert password_step(client, "wujin")["Location"] == CODE


def test_the_password_step_does_not_clear_the_failed_codes(client, city_officer):
    """Otherwise typing the right password again would allow endless code guessing."""
    enrolled(city_officer)
    for _ in range(5):
        password_step(client, "city")
        client.post(CODE, {"code": wrong_code(city_officer)})
    assert password_step(client, "city").status_code == 403


def test_the_pending_login_lasts_five_minutes(client, city_officer, time_machine):
    time_machine.move_to("2026-11-25 09:00:00+08:00", tick=False)
    enrolled(city_officer)
    password_step(client, "city")
    time_machine.move_to("2026-11-25 09:05:30+08:00", tick=False)
    response = client.post(CODE, {"code": code_of(city_officer)}, follow=True)
    assert response.redirect_chain[0][0] == LOGIN
    message = gettext("Your login has expired or was not started. Log in again.")
    assert message in response.content.decode()
    assert logged_in_as(client) is None


def test_without_the_password_step_there_is_nothing_to_confirm(client, city_officer):
    enrolled(city_officer)
    assert client.post(CODE, {"code": code_of(city_officer)})["Location"] == LOGIN
    assert logged_in_as(client) is None


def test_a_password_changed_meanwhile_ends_the_pending_login(client, city_officer):
    enrolled(city_officer)
    password_step(client, "city")
    city_officer.set_password("Another-Horse-77")
    city_officer.save()
    assert client.post(CODE, {"code": code_of(city_officer)})["Location"] == LOGIN
    assert logged_in_as(client) is None


@pytest.mark.parametrize("persona", ["enterprise_user", "agency_user", "assigned_expert"])
def test_enterprise_agency_and_expert_users_keep_one_factor(request, client, persona):
    user = request.getfixturevalue(persona)
    response = password_step(client, user.username)
    assert response["Location"] == reverse("dashboards:home")
    assert logged_in_as(client) == str(user.pk)


def test_the_security_admin_resets_a_lost_second_factor(client, security_admin, city_officer):
    enrolled(city_officer)
    client.force_login(security_admin)
    detail = reverse("accounts:account_detail", kwargs={"code": city_officer.code})
    assert gettext("Reset the second factor") in client.get(detail).content.decode()
    response = client.post(
        reverse("accounts:account_reset_second_factor", kwargs={"code": city_officer.code})
    )
    assert response["Location"] == detail
    assert not TOTPDevice.objects.filter(user=city_officer).exists()
    event = AuditEvent.objects.get(action="accounts.second_factor.reset")
    assert (event.actor_username, event.object_id) == ("secadmin", city_officer.code)
    # At the next login the officer enrols again.
    client.logout()
    password_step(client, "city")
    assert "data:image/svg+xml" in client.get(CODE).content.decode()


def test_nobody_resets_their_own_second_factor_and_only_the_security_admin_resets(
    security_admin, system_admin, city_officer
):
    from django.core.exceptions import PermissionDenied

    for account, actor in (
        (security_admin, security_admin),
        (city_officer, system_admin),
        (city_officer, city_officer),
    ):
        enrolled(account)
        with pytest.raises(PermissionDenied):
            reset_second_factor(account, actor=actor)
    assert TOTPDevice.objects.count() == 3
    assert not AuditEvent.objects.filter(action="accounts.second_factor.reset").exists()


def test_totp_code_prints_a_code_that_logs_in(client, city_officer):
    enrolled(city_officer)
    out = StringIO()
    call_command("totp_code", "city", stdout=out)
    password_step(client, "city")
    client.post(CODE, {"code": out.getvalue().strip()})
    assert logged_in_as(client) == str(city_officer.pk)


def test_totp_code_is_refused_outside_demo_and_tests(settings, city_officer):
    enrolled(city_officer)
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="DJANGO_ENV=demo"):
        call_command("totp_code", "city", stdout=StringIO())


def test_demo_secrets_come_from_the_demo_password():
    assert demo_totp_key("Demo-Password-2026", "city") != demo_totp_key("Other-Pass-2026", "city")
    assert demo_totp_key("Demo-Password-2026", "city") != demo_totp_key(
        "Demo-Password-2026", "city2"
    )
    assert len(bytes.fromhex(demo_totp_key("Demo-Password-2026", "city"))) == 20


def test_a_one_factor_login_drops_a_pending_second_step(client, city_officer, enterprise_user):
    enrolled(city_officer)
    password_step(client, "city")
    password_step(client, "ent")
    assert logged_in_as(client) == str(enterprise_user.pk)
    assert PENDING_KEY not in client.session


def test_every_page_links_to_the_password_change(client, city_officer):
    client.force_login(city_officer)
    assert f'href="{reverse("accounts:password_change")}"' in client.get("/").content.decode()
