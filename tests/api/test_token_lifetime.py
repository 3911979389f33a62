"""API tokens end with every credential event of their user: a password reset, the user's own
change, a forced change or an expired password, a role change, a deactivation; the security
administrator lists and revokes anyone's tokens; each API write names the token that made it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.accounts.domain.accounts import grant_role, set_account_active
from greenfactory.accounts.domain.activations import release_activation
from greenfactory.accounts.domain.passwords import change_password, reset_password
from greenfactory.accounts.enums import Role
from greenfactory.api.domain.tokens import issue_token, user_for_key
from greenfactory.core.domain.audit import verify_chain
from greenfactory.core.models import AuditEvent

from .test_writes import scored_item

pytestmark = pytest.mark.django_db


def revoked_for(token, reason):
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.filter(action="api.token.revoked", object_id=token.code).get()
    assert event.changes["reason"] == reason
    return event


def test_a_password_reset_ends_the_tokens_when_released(
    enterprise_user, system_admin, security_admin
):
    token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    activation = reset_password(enterprise_user, actor=system_admin)
    assert user_for_key(key) is not None
    release_activation(activation, actor=security_admin)
    assert user_for_key(key) is None
    assert revoked_for(token, "password_reset").actor == security_admin


def test_the_users_own_password_change_ends_the_tokens(enterprise_user):
    token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    change_password(
        enterprise_user, actor=enterprise_user, new_password="Another-Horse-42", keep_session=None
    )
    assert user_for_key(key) is None
    revoked_for(token, "password_changed")


def test_a_forced_change_stops_the_tokens_until_done(enterprise_user):
    _token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    type(enterprise_user).objects.filter(pk=enterprise_user.pk).update(must_change_password=True)
    assert user_for_key(key) is None


def test_an_expired_password_stops_the_tokens(enterprise_user, settings):
    _token, key = issue_token(actor=enterprise_user, name="erp", days=365)
    assert user_for_key(key) is not None
    with time_machine.travel(timezone.now() + timedelta(days=120)):
        assert user_for_key(key) is None


def test_a_role_change_ends_the_tokens(assigned_expert, security_admin, district_officer):
    token, key = issue_token(actor=assigned_expert, name="scores", days=30)
    grant_role(
        assigned_expert,
        actor=security_admin,
        role=Role.DISTRICT_OFFICER,
        region=district_officer.region,
    )
    assert user_for_key(key) is None
    revoked_for(token, "role_changed")


def test_a_deactivation_ends_the_tokens(enterprise_user, system_admin):
    token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    set_account_active(enterprise_user, actor=system_admin, active=False)
    revoked_for(token, "deactivated")
    set_account_active(enterprise_user, actor=system_admin, active=True)
    assert user_for_key(key) is None


def test_other_users_tokens_are_untouched(enterprise_user, other_enterprise_user, system_admin):
    _mine, key = issue_token(actor=other_enterprise_user, name="erp", days=30)
    set_account_active(enterprise_user, actor=system_admin, active=False)
    assert user_for_key(key) is not None


def test_the_security_administrator_lists_and_revokes_anyones_tokens(
    client, enterprise_user, assigned_expert, security_admin
):
    token, key = issue_token(actor=enterprise_user, name="ERP 同步", days=30)
    issue_token(actor=assigned_expert, name="评分脚本", days=30)
    client.force_login(security_admin)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "ERP 同步" in text and "评分脚本" in text and enterprise_user.username in text
    assert key not in text and token.digest not in text
    assert client.post(reverse("api:token_revoke", args=[token.code])).status_code == 302
    assert user_for_key(key) is None
    assert revoked_for(token, "revoked").actor == security_admin


@pytest.mark.parametrize("persona", ["system_admin", "audit_admin", "city_officer"])
def test_no_one_else_sees_or_revokes_others_tokens(client, request, enterprise_user, persona):
    token, key = issue_token(actor=enterprise_user, name="ERP 同步", days=30)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get(reverse("api:tokens"))
    assert "ERP 同步" not in page.content.decode()
    assert client.post(reverse("api:token_revoke", args=[token.code])).status_code == 404
    assert user_for_key(key) is not None


def test_an_api_write_names_its_token(client, api_objects, enterprise_user):
    token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    client.logout()
    draft = api_objects["draft"]
    item = scored_item(draft)
    url = reverse("api:self_evaluation_row", kwargs={"code": draft.code, "indicator": item.code})
    body = {"revision": 0, "score": "1.00", "explanation": "能源管理体系已运行"}
    response = client.put(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(action="applications.self_evaluation.saved")
    assert event.via == f"token:{token.prefix}"
    assert verify_chain()[1] == []


def test_a_page_write_is_not_marked_as_a_token(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("api:tokens"), {"name": "erp", "days": "30"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="api.token.issued")
    assert event.via == ""
    assert verify_chain()[1] == []


@pytest.mark.queries
def test_the_security_admins_list_reads_the_same_for_one_token_or_many(
    client, security_admin, enterprise_user, assigned_expert
):
    issue_token(actor=enterprise_user, name="one", days=30)
    client.force_login(security_admin)
    url = reverse("api:tokens")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        issue_token(actor=assigned_expert, name=f"t{n}", days=30)
        issue_token(actor=enterprise_user, name=f"e{n}", days=30)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("gf_") == 11
    assert len(many) == len(one)
