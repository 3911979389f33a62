"""三员分立 against the administrators themselves: no administrator learns a password that
works, none can act as another user alone, and none acts on another administrator's account;
the first administrators come from the server's command line, each with its own link."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.accounts.domain.accounts import grant_role, set_account_active
from greenfactory.accounts.domain.activations import (
    ACTIVATION_HOURS,
    activation_for_key,
    cancel_activation,
    release_activation,
    request_activation,
)
from greenfactory.accounts.domain.enterprises import StepRefused
from greenfactory.accounts.domain.passwords import reset_password
from greenfactory.accounts.domain.second_factor import reset_second_factor
from greenfactory.accounts.enums import ADMIN_ROLES, ActivationPurpose, Role
from greenfactory.accounts.models import User
from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import OutboundEmail
from tests.conftest import PASSWORD
from tests.factories import OfficerFactory, UserFactory, region

pytestmark = pytest.mark.django_db

NEW = "Own-Choice-Password-77"
LINK = re.compile(r"https?://\S+/accounts/activate/(?P<key>[\w-]+)/")


def key_in(text: str) -> str:
    return LINK.search(text).group("key")


def activate(client, key, password=NEW):
    url = reverse("accounts:activate", args=[key])
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_the_holder_sets_their_own_password_from_the_link_sent_to_them(
    client, system_admin, security_admin, settings
):
    client.force_login(system_admin)
    client.post(
        reverse("accounts:account_create"),
        {"username": "zhou", "last_name": "周", "first_name": "专家", "email": "zhou@example.cn"},
    )
    account = User.objects.get(username="zhou")
    assert not account.has_usable_password()
    client.force_login(security_admin)
    activation = account.activations.get()
    response = client.post(reverse("accounts:activation_release", args=[activation.code]))
    assert response.status_code == 302
    email = OutboundEmail.objects.get(to="zhou@example.cn")
    key = key_in(email.body)
    page = client.get(reverse("accounts:account_detail", args=[account.code]))
    assert key not in page.content.decode()
    assert key not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    anonymous = Client()
    assert anonymous.get(reverse("accounts:activate", args=[key])).status_code == 200
    assert activate(anonymous, key)["Location"] == reverse(settings.LOGIN_URL)
    account.refresh_from_db()
    assert account.check_password(NEW)
    event = AuditEvent.objects.get(action="accounts.activation.completed")
    assert event.actor == account
    assert activate(Client(), key, "Another-Choice-88").status_code == 404
    account.refresh_from_db()
    assert account.check_password(NEW)


def test_without_an_e_mail_address_the_link_is_shown_once_to_the_releasing_officer(
    client, system_admin, security_admin
):
    account = OfficerFactory(username="li", region=region("320412"), email="")
    activation = reset_password(account, actor=system_admin)
    client.force_login(security_admin)
    response = client.post(reverse("accounts:activation_release", args=[activation.code]))
    assert response.status_code == 200
    key = key_in(response.content.decode())
    assert "no-store" in response["Cache-Control"]
    assert not OutboundEmail.objects.exists()
    assert activation_for_key(key).account == account
    again = client.get(reverse("accounts:account_detail", args=[account.code]))
    assert key not in again.content.decode()


def test_a_release_ends_every_credential_the_account_held(system_admin, security_admin):
    officer = OfficerFactory(username="li", region=region("320412"), email="")
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    session = Client()
    session.force_login(officer)
    activation = reset_password(officer, actor=system_admin)
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    release_activation(activation, actor=security_admin)
    officer.refresh_from_db()
    assert not officer.has_usable_password()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert "_auth_user_id" not in session.session


@pytest.mark.parametrize("persona", ["system_admin", "audit_admin", "city_officer"])
def test_only_the_security_admin_releases(request, persona, system_admin, enterprise_user):
    activation = reset_password(enterprise_user, actor=system_admin)
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        release_activation(activation, actor=actor)
    activation.refresh_from_db()
    assert activation.is_pending


@pytest.mark.parametrize("persona", ["security_admin", "audit_admin", "city_officer"])
def test_only_the_system_admin_asks_for_an_activation(request, persona, enterprise_user):
    with pytest.raises(PermissionDenied):
        request_activation(enterprise_user, actor=request.getfixturevalue(persona), purpose="reset")


def test_no_one_can_release_what_they_asked_for(enterprise_user):
    both = UserFactory(username="both", role=Role.SECURITY_ADMIN)
    sysadmin = UserFactory(username="sys", role=Role.SYSTEM_ADMIN)
    activation = reset_password(enterprise_user, actor=sysadmin)
    type(activation).objects.filter(pk=activation.pk).update(requested_by=both)
    activation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        release_activation(activation, actor=both)


def test_an_expired_or_cancelled_link_does_not_work(system_admin, security_admin):
    account = OfficerFactory(username="li", region=region("320412"), email="")
    activation = reset_password(account, actor=system_admin)
    _released, link = release_activation(activation, actor=security_admin)
    key = key_in(link)
    with time_machine.travel(timezone.now() + timedelta(hours=ACTIVATION_HOURS, seconds=1)):
        assert activation_for_key(key) is None
        assert Client().get(reverse("accounts:activate", args=[key])).status_code == 404
    cancel_activation(activation, actor=system_admin)
    assert activation_for_key(key) is None
    with pytest.raises(StepRefused):
        release_activation(activation, actor=security_admin)


def test_the_activation_page_keeps_what_was_typed_and_names_the_rule(system_admin, security_admin):
    account = OfficerFactory(username="li", region=region("320412"), email="")
    _activation, link = release_activation(
        reset_password(account, actor=system_admin), actor=security_admin
    )
    client = Client()
    response = client.post(
        reverse("accounts:activate", args=[key_in(link)]),
        {"new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["new_password2"]
    account.refresh_from_db()
    assert not account.has_usable_password()


@pytest.mark.parametrize("target", ["system_admin", "security_admin", "audit_admin"])
@pytest.mark.parametrize("actor", ["system_admin", "security_admin"])
def test_no_administrator_acts_on_another_administrators_account(request, actor, target):
    if actor == target:
        return
    administrator = request.getfixturevalue(target)
    acting = request.getfixturevalue(actor)
    for step in (
        lambda: set_account_active(administrator, actor=acting, active=False),
        lambda: reset_password(administrator, actor=acting),
        lambda: reset_second_factor(administrator, actor=acting),
        lambda: grant_role(administrator, actor=acting, role=Role.EXPERT),
    ):
        with pytest.raises(PermissionDenied):
            step()
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.role == target_role(target)


def target_role(name):
    return {
        "system_admin": Role.SYSTEM_ADMIN,
        "security_admin": Role.SECURITY_ADMIN,
        "audit_admin": Role.AUDIT_ADMIN,
    }[name]


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_the_security_admin_cannot_create_an_administrator(security_admin, role):
    account = UserFactory(username="new-admin", role="")
    with pytest.raises(StepRefused):
        grant_role(account, actor=security_admin, role=role)
    account.refresh_from_db()
    assert account.role == ""


def test_the_first_administrators_come_from_the_command_line():
    out = io.StringIO()
    call_command(
        "create_administrators",
        "--system=xitong",
        "--security=anquan",
        "--audit=shenji",
        "--security-email=anquan@example.gov.cn",
        stdout=out,
    )
    lines = dict(line.split("\t") for line in out.getvalue().splitlines() if "\t" in line)
    assert set(lines) == {"xitong", "anquan", "shenji"}
    roles = dict(User.objects.filter(username__in=lines).values_list("username", "role"))
    assert roles == {
        "xitong": Role.SYSTEM_ADMIN,
        "anquan": Role.SECURITY_ADMIN,
        "shenji": Role.AUDIT_ADMIN,
    }
    assert not any(u.has_usable_password() for u in User.objects.filter(username__in=lines))
    client = Client()
    assert activate(client, key_in(lines["anquan"]))["Location"].startswith("/accounts/login")
    assert User.objects.get(username="anquan").check_password(NEW)
    events = AuditEvent.objects.filter(action="accounts.administrator.created")
    assert events.count() == 3
    assert all(e.actor_username.startswith("manage.py (") for e in events)
    with pytest.raises(CommandError, match=r"manage\.py administrator"):
        call_command("create_administrators", "--system=a", "--security=b", "--audit=c", stdout=out)


def test_an_administrators_password_is_reset_on_the_command_line_only(security_admin):
    out = io.StringIO()
    call_command("administrator", "reset", security_admin.username, stdout=out)
    security_admin.refresh_from_db()
    assert not security_admin.has_usable_password()
    key = key_in(out.getvalue())
    assert activation_for_key(key).account == security_admin
    assert AuditEvent.objects.filter(action="accounts.activation.issued_on_server").exists()
    call_command("administrator", "deactivate", security_admin.username, stdout=out)
    security_admin.refresh_from_db()
    assert not security_admin.is_active
    with pytest.raises(CommandError):
        call_command("administrator", "reset", "ent-none", stdout=out)


def test_an_officer_cannot_be_taken_over_by_the_system_administrator_alone(client, system_admin):
    """The attack of the penetration test: reset an officer without a second factor, read the
    password, log in and enrol one's own authenticator. Now no password is ever shown."""
    officer = OfficerFactory(username="wj", region=region("320412"), email="")
    client.force_login(system_admin)
    response = client.post(reverse("accounts:account_reset_password", args=[officer.code]))
    body = client.get(response["Location"]).content.decode()
    assert not LINK.search(body)
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    login = Client().post(reverse("accounts:login"), {"username": "wj", "password": "x" * 12})
    assert login.status_code == 200
    assert officer.activations.get().purpose == ActivationPurpose.RESET
