import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import Enterprise, User
from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import OutboundEmail
from tests.factories import EnterpriseFactory, industry, region, valid_uscc

pytestmark = pytest.mark.django_db

URL = reverse("accounts:register")


def form_data(**overrides):
    data = {
        "uscc": valid_uscc("320412"),
        "name": "常州绿能科技有限公司",
        "district": region("320412").pk,
        "industry": industry("38").pk,
        "established_on": "2012-05-08",
        "address": "常州市武进区绿色路8号",
        "contact_person": "李四",
        "phone": "13905191234",
        "email": "li@example.com",
        "username": "lvneng",
    }
    data.update(overrides)
    return data


PASSWORD = {"password1": "Green-Factory-2026", "password2": "Green-Factory-2026"}


def link_in_mail(to="li@example.com"):
    """The finishing link of the newest registration e-mail to ``to``, as a path."""
    body = OutboundEmail.objects.filter(to=to).latest("pk").body
    found = re.search(r"https?://[^/\s]+(/accounts/register/finish/\S+/)", body)
    return found.group(1) if found else None


def test_registration_creates_pending_enterprise_and_logs_in(client):
    data = form_data(uscc=" " + valid_uscc("320412").lower() + " ")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "li@example.com" in response.content.decode()
    assert not Enterprise.objects.exists()  # nothing before the mailbox is reached
    link = link_in_mail()
    page = client.get(link)
    assert "常州绿能科技有限公司" in page.content.decode()
    response = client.post(link, PASSWORD)
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name="常州绿能科技有限公司")
    assert enterprise.status == EnterpriseStatus.PENDING
    assert enterprise.uscc == data["uscc"].strip().upper()
    user = User.objects.get(username="lvneng")
    assert (user.role, user.enterprise) == (Role.ENTERPRISE, enterprise)
    assert user.password.startswith(("argon2", "md5"))
    assert AuditEvent.objects.filter(
        action="accounts.enterprise.registered", object_id=enterprise.code
    ).exists()
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_registration_page_renders_grouped_industries(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="C 制造业">' in html
    assert "常州经济开发区" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("uscc", "91320412MA1MXXXX0", "18"),  # length
        ("uscc", "91320412OA1MX0000P", "I、O、S、V、Z"),
        ("uscc", "913204120000000010", ""),
        ("phone", "12345", ""),
        ("username", "a b", ""),
        ("email", "", ""),
        ("district", "99999", ""),
        ("industry", "", ""),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, field, value, message):
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("password1", "password2"),
    [("Different-Pass-1", "Green-Factory-2026"), ("alllowercaseletters",) * 2],
)
def test_a_bad_password_at_the_link_is_refused_and_the_link_still_works(
    client, password1, password2
):
    client.post(URL, form_data())
    link = link_in_mail()
    response = client.post(link, {"password1": password1, "password2": password2})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.exists()
    assert client.post(link, PASSWORD).status_code == 302


def test_check_digit_error_is_explained(client):
    code = valid_uscc("320412")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(URL, form_data(uscc=wrong))
    assert "校验码有误" in response.context["form"].errors["uscc"][0]


def test_a_taken_credit_code_or_login_name_gets_the_same_page_as_a_free_one(
    client, enterprise_user
):
    existing = EnterpriseFactory(email="office@existing.example")
    free = client.post(URL, form_data(email="free@example.com"))
    by_code = client.post(URL, form_data(uscc=existing.uscc.lower(), email="code@example.com"))
    by_name = client.post(URL, form_data(username="ENT", email="name@example.com"))

    def page(response):
        """The page without the typed address and the (per-request) CSRF token."""
        html = response.content.decode().replace(response.context["email"], "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert free.status_code == by_code.status_code == by_name.status_code == 200
    assert page(free) == page(by_code) == page(by_name)
    assert Enterprise.objects.count() == 2
    # The mailbox is told what the page is not: a link, or why there is none.
    assert link_in_mail("free@example.com")
    assert link_in_mail("code@example.com") is None
    assert link_in_mail("name@example.com") is None
    assert "cannot be completed" in OutboundEmail.objects.get(to="name@example.com").body or (
        "无法完成" in OutboundEmail.objects.get(to="name@example.com").body
    )
    # The enterprise whose credit code was tried hears of it.
    assert OutboundEmail.objects.filter(to="office@existing.example").count() == 1
    requested = AuditEvent.objects.filter(action="accounts.registration.requested")
    assert [event.changes["available"] for event in requested.order_by("seq")] == [
        True,
        False,
        False,
    ]


def test_a_link_works_once_and_a_forged_or_old_link_not_at_all(client):
    client.post(URL, form_data())
    link = link_in_mail()
    assert client.post(link, PASSWORD).status_code == 302
    client.logout()
    again = client.post(link, PASSWORD)
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()
    assert User.objects.count() == 1
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({**form_data(), "username": "other"}, salt="elsewhere")
    assert client.get(reverse("accounts:register_finish", args=[forged])).status_code == 404
    client.post(URL, form_data(username="later", uscc=valid_uscc("320411")))
    later = link_in_mail()
    assert later != link and token
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert client.get(later).status_code == 404


def test_registration_is_rate_limited_per_address(client, settings):
    settings.RATELIMIT_REGISTRATION = "3/h"
    for _ in range(3):
        client.post(URL, form_data(uscc="123"), REMOTE_ADDR="203.0.113.5")
    limited = client.post(URL, form_data(), REMOTE_ADDR="203.0.113.5")
    assert limited.status_code == 429
    assert limited.context["form"]["username"].value() == "lvneng"
    assert not OutboundEmail.objects.exists()
    other = client.post(URL, form_data(), REMOTE_ADDR="203.0.113.6")
    assert other.status_code == 200
    assert link_in_mail()


def test_logged_in_user_is_sent_home(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(URL).status_code == 302


def test_errors_are_in_chinese_by_default_and_english_on_request(client):
    response = client.post(URL, form_data(uscc="123"))
    assert "统一社会信用代码应为18位，当前输入为3位。" in response.content.decode()
    client.cookies["gf_language"] = "en"
    response = client.post(URL, form_data(uscc="123"))
    assert "A unified social credit code has 18 characters; this one has 3." in (
        response.content.decode()
    )
