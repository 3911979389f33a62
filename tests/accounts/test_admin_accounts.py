"""三员分立: the system administrator manages accounts, the security administrator grants
roles, the audit administrator only reads — and nobody acts on their own account."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from greenfactory.accounts.domain.accounts import (
    create_account,
    grant_role,
    issue_password,
    set_account_active,
)
from greenfactory.accounts.domain.enterprises import StepRefused
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.models import AuditEvent
from tests.factories import AgencyFactory, region

pytestmark = pytest.mark.django_db


def new_account(system_admin, username="newofficer"):
    account, activation = create_account(
        actor=system_admin,
        username=username,
        first_name="明",
        last_name="李",
        email="",
        phone="",
    )
    return account, activation


def test_system_admin_creates_an_account_without_a_role_or_a_password(system_admin):
    account, activation = new_account(system_admin)
    assert account.role == ""
    assert not account.has_usable_password()
    assert activation.is_pending and activation.requested_by == system_admin
    assert AuditEvent.objects.get(action="accounts.account.created").object_id == account.code
    assert AuditEvent.objects.filter(action="accounts.activation.requested").exists()


@pytest.mark.parametrize("persona", ["security_admin", "audit_admin", "city_officer"])
def test_only_the_system_admin_creates_accounts(request, persona):
    with pytest.raises(PermissionDenied):
        new_account(request.getfixturevalue(persona))
    assert not User.objects.filter(username="newofficer").exists()


def test_security_admin_grants_scoped_roles(system_admin, security_admin):
    account, _ = new_account(system_admin)
    account = grant_role(
        account, actor=security_admin, role=Role.DISTRICT_OFFICER, region=region("320412")
    )
    assert (account.role, account.region.code) == (Role.DISTRICT_OFFICER, "320412")
    event = AuditEvent.objects.get(action="accounts.account.role_granted")
    assert event.changes["role"] == ["", "district_officer"]


@pytest.mark.parametrize(
    ("role", "region_code", "agency"),
    [
        (Role.DISTRICT_OFFICER, None, False),
        (Role.DISTRICT_OFFICER, "320400", False),  # a city is not a district
        (Role.CITY_OFFICER, "320412", False),  # a district is not a city
        (Role.AGENCY, None, False),
        (Role.ENTERPRISE, None, False),  # enterprise accounts come from registration
        ("superuser", None, False),
    ],
)
def test_role_without_matching_scope_is_refused(
    system_admin, security_admin, role, region_code, agency
):
    account, _ = new_account(system_admin)
    with pytest.raises(StepRefused):
        grant_role(
            account,
            actor=security_admin,
            role=role,
            region=region(region_code) if region_code else None,
            agency=AgencyFactory() if agency else None,
        )
    account.refresh_from_db()
    assert account.role == ""


def test_agency_role_carries_its_agency(system_admin, security_admin):
    account, _ = new_account(system_admin)
    agency = AgencyFactory()
    account = grant_role(account, actor=security_admin, role=Role.AGENCY, agency=agency)
    assert account.agency == agency


@pytest.mark.parametrize("persona", ["system_admin", "audit_admin", "city_officer"])
def test_only_the_security_admin_grants_roles(request, system_admin, persona):
    account, _ = new_account(system_admin)
    with pytest.raises(PermissionDenied):
        grant_role(account, actor=request.getfixturevalue(persona), role=Role.EXPERT)


def test_nobody_acts_on_their_own_account(security_admin, system_admin):
    with pytest.raises(PermissionDenied):
        grant_role(security_admin, actor=security_admin, role=Role.SYSTEM_ADMIN)
    with pytest.raises(PermissionDenied):
        set_account_active(system_admin, actor=system_admin, active=False)


def test_enterprise_account_role_cannot_be_changed(security_admin, enterprise_user):
    with pytest.raises(StepRefused):
        grant_role(enterprise_user, actor=security_admin, role=Role.CITY_OFFICER)


def test_deactivation_is_audited_and_idempotent(system_admin, enterprise_user):
    set_account_active(enterprise_user, actor=system_admin, active=False)
    set_account_active(enterprise_user, actor=system_admin, active=False)
    enterprise_user.refresh_from_db()
    assert not enterprise_user.is_active
    assert AuditEvent.objects.filter(action="accounts.account.deactivated").count() == 1


def test_issued_passwords_pass_the_password_policy():
    from django.contrib.auth.password_validation import validate_password

    for _ in range(50):
        validate_password(issue_password())


def test_create_page_shows_no_password_and_the_activation_waiting(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("accounts:account_create"),
        {"username": "zhou", "last_name": "周", "first_name": "专家", "email": "", "phone": ""},
    )
    account = User.objects.get(username="zhou")
    assert response["Location"] == reverse("accounts:account_detail", args=[account.code])
    detail = client.get(response["Location"])
    assert detail.context["activation"].account == account
    assert not detail.context["can_release"]
    assert "password" not in detail.context


def test_create_page_refuses_a_taken_username(client, system_admin, enterprise_user):
    client.force_login(system_admin)
    response = client.post(
        reverse("accounts:account_create"),
        {"username": "ent", "last_name": "周", "first_name": "专家"},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username="ent").count() == 1


def test_grant_page_shows_scope_errors(client, system_admin, security_admin):
    account, _ = new_account(system_admin)
    client.force_login(security_admin)
    response = client.post(
        reverse("accounts:account_detail", args=[account.code]),
        {"role": Role.DISTRICT_OFFICER, "region": region("320400").pk},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    response = client.post(
        reverse("accounts:account_detail", args=[account.code]),
        {"role": Role.DISTRICT_OFFICER, "region": region("320411").pk},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.region.code == "320411"


def test_system_admin_cannot_grant_through_the_page(client, system_admin):
    account, _ = new_account(system_admin)
    client.force_login(system_admin)
    response = client.post(
        reverse("accounts:account_detail", args=[account.code]), {"role": Role.EXPERT}
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.role == ""
