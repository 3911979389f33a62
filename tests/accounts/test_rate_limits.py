"""Rate limits on login and exports: a 429 page in the user's language, the typed data kept."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import NoReverseMatch, include, path, reverse
from django_ratelimit.decorators import ratelimit

from greenfactory.accounts.enums import Role
from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.core.ratelimits import limit_exports
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
EXPORT = reverse("core:audit_export")
LOGIN_LIMITED = "短时间内来自您的网络地址或针对该登录名的登录尝试过多，请等待一分钟后再试。"
EXPORTS_LIMITED = "您在过去一小时内申请的导出过多，请稍后再申请；已申请的导出仍在生成中。"


@pytest.fixture(autouse=True)
def _fresh_counters(time_machine):
    """Counters start empty, and the clock stands still so no window rolls over mid-test."""
    time_machine.move_to("2026-11-25 10:00:30+08:00", tick=False)
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def test_the_limits_are_the_documented_ones(settings):
    assert settings.RATELIMIT_LOGIN_PER_ADDRESS == "30/m"
    assert settings.RATELIMIT_LOGIN_PER_NAME == "10/m"
    assert settings.RATELIMIT_EXPORTS == "20/h"
    assert settings.RATELIMIT_ENABLE


def test_login_is_limited_per_address_and_keeps_the_typed_name(client):
    for number in range(30):
        response = client.post(LOGIN, {"username": f"guess{number}", "password": "wrong-1234"})
        assert response.status_code == 200
    failures = AuditEvent.objects.filter(action="accounts.login_failed").count()
    attempts = AccessAttempt.objects.count()
    limited = client.post(LOGIN, {"username": "zhang.san", "password": "wrong-1234"})
    html = limited.content.decode()
    assert limited.status_code == 429
    assert LOGIN_LIMITED in html
    assert limited.context["form"]["username"].value() == "zhang.san"
    assert "wrong-1234" not in html
    # The password was not even tried: no failure recorded, nothing counted by the lockout.
    assert AuditEvent.objects.filter(action="accounts.login_failed").count() == failures
    assert AccessAttempt.objects.count() == attempts


def test_another_address_still_logs_in(client, enterprise_user):
    for number in range(31):
        client.post(LOGIN, {"username": f"guess{number}", "password": "x"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        LOGIN, {"username": "ent", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert response.status_code == 302


def test_addresses_behind_a_trusted_proxy_count_separately(client, settings, enterprise_user):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for number in range(31):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    blocked = client.post(
        LOGIN,
        {"username": "ent", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert blocked.status_code == 429
    other = client.post(
        LOGIN,
        {"username": "ent", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


def test_login_is_limited_per_name_whatever_the_address_or_case(client):
    statuses = [
        client.post(
            LOGIN,
            {"username": name, "password": "wrong-1234"},
            REMOTE_ADDR=f"10.1.0.{number}",
        ).status_code
        for number, name in enumerate(["ghost", "Ghost", "GHOST", "gHoSt"] * 3)
    ]
    # Each spelling failed three times, below django-axes' lockout of one exact name; the rate
    # limit counts them as one name and stops the eleventh attempt.
    assert statuses == [200] * 10 + [429, 429]


def test_there_is_no_self_service_password_reset_to_limit():
    """Passwords are reset by the system administrator; a reset page added later needs a limit."""
    with pytest.raises(NoReverseMatch):
        reverse("accounts:password_reset")


@pytest.fixture
def auditor(client, audit_admin):
    client.force_login(audit_admin)
    return client


def test_exports_are_limited_per_user_and_the_filter_is_kept(auditor, audit_admin, client):
    for _ in range(20):
        assert auditor.post(EXPORT, {"action": "accounts."}).status_code == 302
    limited = auditor.post(EXPORT, {"action": "accounts.login", "username": "wang"})
    html = limited.content.decode()
    assert limited.status_code == 429
    assert EXPORTS_LIMITED in html
    assert limited.context["form"]["action"].value() == "accounts.login"
    assert 'value="wang"' in html
    assert ExportJob.objects.filter(requested_by=audit_admin).count() == 20
    colleague = UserFactory(username="auditadmin2", role=Role.AUDIT_ADMIN)
    client.force_login(colleague)
    assert client.post(EXPORT, {"action": "accounts."}).status_code == 302


def test_every_export_view_can_share_the_budget(audit_admin):
    """``limit_exports`` is the decorator for the other apps' export requests."""
    calls = []

    @limit_exports
    def export_view(request):
        calls.append(request)
        from django.http import HttpResponse

        return HttpResponse(status=302)

    factory = RequestFactory()

    def post():
        request = factory.post("/export/")
        request.user = audit_admin
        return export_view(request)

    assert [post().status_code for _ in range(21)] == [302] * 20 + [429]
    assert len(calls) == 20


@ratelimit(group="tests", key="ip", rate="1/m", block=True)
def blocked_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = [path("limited/", blocked_view), path("", include("greenfactory.urls"))]


@pytest.mark.urls(__name__)
def test_a_blocking_limit_anywhere_gives_the_429_page(client):
    assert client.get("/limited/").status_code == 200
    response = client.get("/limited/")
    assert response.status_code == 429
    assert "短时间内请求过多，请稍候再试。" in response.content.decode()
