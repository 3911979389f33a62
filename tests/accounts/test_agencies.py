import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from greenfactory.accounts.domain.agencies import (
    authorise_agency,
    register_agency,
    revoke_authorisation,
)
from greenfactory.accounts.domain.enterprises import StepRefused
from greenfactory.accounts.domain.queries import enterprises_visible_to
from greenfactory.core.models import AuditEvent
from tests.factories import valid_uscc

pytestmark = pytest.mark.django_db


def test_authorise_and_revoke_change_what_the_agency_sees(enterprise_user, agency_user):
    agency = agency_user.agency
    enterprise = enterprise_user.enterprise
    assert list(enterprises_visible_to(agency_user)) == [enterprise]
    revoke_authorisation(enterprise, actor=enterprise_user, agency_code=agency.code)
    assert list(enterprises_visible_to(agency_user)) == []
    authorise_agency(enterprise, actor=enterprise_user, agency_uscc=agency.uscc.lower())
    assert list(enterprises_visible_to(agency_user)) == [enterprise]
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.agency.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["accounts.agency.authorised", "accounts.agency.revoked"]


def test_unknown_and_duplicate_agencies_are_refused(enterprise_user, agency_user):
    enterprise = enterprise_user.enterprise
    with pytest.raises(StepRefused):
        authorise_agency(enterprise, actor=enterprise_user, agency_uscc=valid_uscc())
    with pytest.raises(StepRefused):
        authorise_agency(enterprise, actor=enterprise_user, agency_uscc=agency_user.agency.uscc)


def test_only_the_enterprise_authorises(enterprise, other_enterprise_user, agency_user):
    with pytest.raises(PermissionDenied):
        authorise_agency(
            enterprise, actor=other_enterprise_user, agency_uscc=agency_user.agency.uscc
        )
    with pytest.raises(PermissionDenied):
        revoke_authorisation(enterprise, actor=agency_user, agency_code=agency_user.agency.code)


def test_system_admin_registers_agencies_with_valid_codes(client, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("accounts:agency_list"),
        {"uscc": "91320412MA1MXXXX0", "name": "某机构"},
    )
    assert response.status_code == 200
    assert "uscc" in response.context["form"].errors
    code = valid_uscc()
    response = client.post(reverse("accounts:agency_list"), {"uscc": code, "name": "某机构"})
    assert response.status_code == 302
    with pytest.raises(PermissionDenied):
        register_agency(actor=client_user_placeholder(), uscc=valid_uscc(), name="x")


def client_user_placeholder():
    from tests.factories import UserFactory

    return UserFactory(role="expert")


def test_bad_credit_code_in_the_profile_form_gives_a_message(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("accounts:agency_authorise"), {"agency_uscc": "123"}, follow=True
    )
    assert "18" in response.content.decode()
