"""API tokens: issued and revoked by their user on the API tokens page, shown once, kept only
as a hash, with an end date and an audit entry each way."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenfactory.api.domain.tokens import MAX_ACTIVE_TOKENS, issue_token, user_for_key
from greenfactory.api.models import ApiToken
from greenfactory.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, enterprise_user):
    client.force_login(enterprise_user)
    return reverse("api:tokens")


def test_a_token_is_shown_once_and_kept_only_as_a_hash(client, page, enterprise_user):
    response = client.post(page, {"name": "ERP 同步", "days": "90"})
    assert response.status_code == 200
    key = response.context["key"]
    assert key.startswith("gf_") and key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (enterprise_user, "ERP 同步")
    assert key not in {token.digest, token.prefix} and token.prefix in key
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    event = AuditEvent.objects.get(action="api.token.issued")
    assert event.actor == enterprise_user and key not in str(event.changes)
    again = client.get(page)
    assert key not in again.content.decode() and "ERP 同步" in again.content.decode()


def test_a_token_opens_the_api_as_its_user(client, api_objects, enterprise_user):
    _token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    client.logout()
    url = reverse("api:application_detail", kwargs=api_objects["kwargs"]["submitted"])
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["code"] == api_objects["submitted"].code
    assert ApiToken.objects.get().last_used_at is not None


def test_bad_input_is_shown_and_what_was_typed_is_kept(client, page):
    response = client.post(page, {"name": "  ", "days": "7"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"name", "days"}
    assert form["days"].value() == "7"
    response = client.post(page, {"name": "每日导出", "days": "7"})
    assert response.status_code == 400
    assert 'value="每日导出"' in response.content.decode()


def test_revoking_ends_the_token_at_once(client, page, enterprise_user):
    token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    response = client.post(reverse("api:token_revoke", args=[token.code]))
    assert response.status_code == 302
    assert user_for_key(key) is None
    assert AuditEvent.objects.filter(action="api.token.revoked", actor=enterprise_user).exists()
    client.logout()
    refused = client.get(reverse("api:batch_list"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 401


def test_nobody_revokes_another_users_token(client, enterprise_user, other_enterprise_user):
    token, key = issue_token(actor=other_enterprise_user, name="erp", days=30)
    client.force_login(enterprise_user)
    assert client.post(reverse("api:token_revoke", args=[token.code])).status_code == 404
    assert user_for_key(key) == (other_enterprise_user, token)


def test_expired_wrong_and_deactivated_keys_are_refused(enterprise_user, time_machine):
    token, key = issue_token(actor=enterprise_user, name="erp", days=30)
    prefix = key.rsplit("_", 1)[0]
    assert user_for_key(f"{prefix}_wrong") is None
    assert user_for_key("gf_nothing") is None
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert user_for_key(key) is None
    time_machine.move_to(timezone.now() - timedelta(days=31))
    assert user_for_key(key) == (enterprise_user, token)
    enterprise_user.is_active = False
    enterprise_user.save()
    assert user_for_key(key) is None


def test_at_most_ten_active_tokens(client, page, enterprise_user):
    for n in range(MAX_ACTIVE_TOKENS):
        issue_token(actor=enterprise_user, name=f"t{n}", days=30)
    response = client.post(page, {"name": "one more", "days": "30"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_the_token_list_costs_the_same_for_one_and_many(
    client, page, enterprise_user, django_assert_num_queries
):
    issue_token(actor=enterprise_user, name="t0", days=30)
    client.get(page)  # the session's first request writes its start
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for n in range(1, 6):
        issue_token(actor=enterprise_user, name=f"t{n}", days=30)
    with django_assert_num_queries(len(one)):
        assert client.get(page).content.decode().count("gf_") == 6


def test_the_navigation_leads_to_the_tokens_page_except_for_administrators(
    client, enterprise_user, system_admin
):
    link = f'href="{reverse("api:tokens")}"'
    client.force_login(enterprise_user)
    assert link in client.get(reverse("dashboards:home")).content.decode()
    client.force_login(system_admin)
    assert link not in client.get(reverse("dashboards:home")).content.decode()
