"""Password history (not one of the last 5), expiry after 90 days, and the forced change of a
password issued by an administrator."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from greenfactory.accounts.domain.passwords import change_password, reset_password
from greenfactory.accounts.models import PasswordHistory, User
from greenfactory.core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CHANGE = reverse("accounts:password_change")
HOME = reverse("dashboards:home")
PROFILE = reverse("accounts:profile")
NEW = ["Fresh-Horse-11", "Fresh-Horse-22", "Fresh-Horse-33", "Fresh-Horse-44", "Fresh-Horse-55"]


def change(user, new):
    change_password(user, actor=user, new_password=new, keep_session=None)


def reused(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return any(e.code == "password_reused" for e in error.error_list)
    return False


def test_none_of_the_last_five_passwords_is_accepted(enterprise_user):
    assert reused(PASSWORD, enterprise_user)
    for new in NEW[:4]:
        change(enterprise_user, new)
    # Current + 4 before: the first password and each of the four are refused.
    assert [reused(p, enterprise_user) for p in [PASSWORD, *NEW[:4]]] == [True] * 5
    change(enterprise_user, NEW[4])
    # Now the first one is the sixth last: allowed again; the last five are not.
    assert not reused(PASSWORD, enterprise_user)
    assert [reused(p, enterprise_user) for p in NEW] == [True] * 5
    assert PasswordHistory.objects.filter(user=enterprise_user).count() == 5
    assert not reused("Never-Used-Horse-1", enterprise_user)


def test_the_history_keeps_hashes_only(enterprise_user):
    change(enterprise_user, NEW[0])
    stored = PasswordHistory.objects.filter(user=enterprise_user).values_list("password", flat=True)
    assert all(value.startswith("md5$") or "$" in value for value in stored)
    assert NEW[0] not in list(stored)


def test_the_change_page_refuses_a_reused_password_and_says_why(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert (
        ngettext(
            "Do not use your last %(n)d password again.",
            "Do not use any of your last %(n)d passwords again.",
            5,
        )
        % {"n": 5}
        in response.content.decode()
    )
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(PASSWORD)


def test_the_change_page_keeps_the_form_on_a_wrong_current_password(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        CHANGE, {"old_password": "wrong", "new_password1": NEW[0], "new_password2": NEW[0]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert "旧密码不正确" in response.content.decode()
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(PASSWORD)


def test_an_own_change_keeps_the_session_restarts_the_age_and_is_audited(
    client, enterprise_user, time_machine
):
    from greenfactory.core.models import AuditEvent

    time_machine.move_to("2026-11-25 09:00:00+08:00", tick=False)
    client.force_login(enterprise_user)
    response = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW[0], "new_password2": NEW[0]}
    )
    assert response["Location"] == HOME
    assert client.get(PROFILE).status_code == 200
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(NEW[0])
    assert enterprise_user.password_changed_at == timezone.now()
    event = AuditEvent.objects.get(action="accounts.password.changed")
    assert (event.actor_username, event.changes["was_required"]) == ("ent", False)


def test_an_issued_password_is_changed_before_anything_else(client):
    account = UserFactory(username="newbie", must_change_password=True)
    issued = PASSWORD
    response = client.post(LOGIN, {"username": "newbie", "password": issued})
    assert response.status_code == 302
    # Every page leads to the change; the change page, logout and the language switch do not.
    assert client.get(HOME)["Location"] == CHANGE
    assert client.get(reverse("notifications:inbox"))["Location"] == CHANGE
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert (
        gettext(
            "Your password was issued by an administrator. Choose your own before you continue."
        )
        in page.content.decode()
    )
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    client.post(CHANGE, {"old_password": issued, "new_password1": NEW[0], "new_password2": NEW[0]})
    account.refresh_from_db()
    assert not account.must_change_password
    assert client.get(HOME).status_code == 200


def test_logout_stays_reachable_with_an_issued_password(client):
    account = UserFactory(username="newbie", must_change_password=True)
    client.force_login(account)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == HOME
    assert "_auth_user_id" not in client.session


def test_a_password_expires_after_90_days(client, time_machine):
    time_machine.move_to("2026-01-01 09:00:00+08:00", tick=False)
    user = UserFactory(username="old", role="expert")
    time_machine.move_to("2026-03-31 08:00:00+08:00", tick=False)  # day 89
    client.force_login(user)
    assert client.get(HOME).status_code == 200
    time_machine.move_to("2026-04-01 09:00:01+08:00", tick=False)  # day 90 passed
    client.force_login(user)
    assert client.get(HOME)["Location"] == CHANGE
    client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW[0], "new_password2": NEW[0]}
    )
    assert client.get(HOME).status_code == 200


def test_expiry_follows_the_setting_and_0_turns_it_off(client, settings, time_machine):
    time_machine.move_to("2026-01-01 09:00:00+08:00", tick=False)
    user = UserFactory(username="old", role="expert")
    time_machine.move_to("2026-01-12 09:00:00+08:00", tick=False)
    client.force_login(user)
    settings.PASSWORD_MAX_AGE_DAYS = 10
    assert client.get(HOME)["Location"] == CHANGE
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert client.get(HOME).status_code == 200


def test_a_reset_asked_for_changes_nothing_until_the_security_admin_releases_it(
    client, system_admin, security_admin, enterprise_user
):
    from django.test import Client

    user_client = Client()
    user_client.force_login(enterprise_user)
    client.force_login(system_admin)
    response = client.post(
        reverse("accounts:account_reset_password", kwargs={"code": enterprise_user.code})
    )
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(PASSWORD)
    assert user_client.get(PROFILE).status_code == 200
    activation = enterprise_user.activations.get()
    client.force_login(security_admin)
    client.post(reverse("accounts:activation_release", kwargs={"code": activation.code}))
    enterprise_user.refresh_from_db()
    assert not enterprise_user.has_usable_password()
    assert user_client.get(PROFILE)["Location"].startswith(LOGIN)
    event = AuditEvent.objects.get(action="accounts.activation.released")
    assert event.actor == security_admin and event.changes["requested_by"] == "sysadmin"


@pytest.mark.parametrize("persona", ["security_admin", "audit_admin", "city_officer"])
def test_only_the_system_admin_resets_passwords(request, persona, enterprise_user):
    with pytest.raises(PermissionDenied):
        reset_password(enterprise_user, actor=request.getfixturevalue(persona))


def test_nobody_resets_their_own_password(system_admin):
    with pytest.raises(PermissionDenied):
        reset_password(system_admin, actor=system_admin)


def test_nobody_changes_another_users_password(system_admin, enterprise_user):
    with pytest.raises(PermissionDenied):
        change_password(enterprise_user, actor=system_admin, new_password=NEW[0], keep_session=None)
    assert User.objects.get(pk=enterprise_user.pk).check_password(PASSWORD)


def test_the_demo_logins_get_a_fresh_password_in_real_time(transactional_db, time_machine):
    """The demo replays 2019; its logins must not all be sent to change an expired password."""
    from greenfactory.demo.data import load_demo

    _password, logins = load_demo("Demo-Password-2026", applications=False, history=False)
    User.objects.filter(username__in=[name for name, _ in logins]).update(
        password_changed_at=timezone.now() - timedelta(days=400), must_change_password=True
    )
    load_demo("Demo-Password-2026", applications=False, history=False)
    stale = User.objects.filter(username__in=[name for name, _ in logins]).filter(
        password_changed_at__lt=timezone.now() - timedelta(minutes=5)
    )
    assert not stale.exists()
    assert not User.objects.filter(must_change_password=True).exists()


def test_an_htmx_request_is_sent_to_the_change_page_as_a_whole(client):
    account = UserFactory(username="newbie", must_change_password=True)
    client.force_login(account)
    response = client.get(HOME, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, CHANGE)
