import pytest
from django.urls import reverse

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import Enterprise, User
from greenfactory.core.models import AuditEvent
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
        "password1": "Green-Factory-2026",
        "password2": "Green-Factory-2026",
    }
    data.update(overrides)
    return data


def test_registration_creates_pending_enterprise_and_logs_in(client):
    data = form_data(uscc=" " + valid_uscc("320412").lower() + " ")
    response = client.post(URL, data)
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
        ("password2", "Different-Pass-1", ""),
        ("password1", "alllowercaseletters", ""),
        ("district", "99999", ""),
        ("industry", "", ""),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, field, value, message):
    data = form_data(**{field: value})
    if field == "password1":
        data["password2"] = value
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_check_digit_error_is_explained(client):
    code = valid_uscc("320412")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(URL, form_data(uscc=wrong))
    assert "校验码有误" in response.context["form"].errors["uscc"][0]


def test_a_taken_credit_code_or_login_name_gets_one_answer_that_names_neither(
    client, enterprise_user
):
    existing = EnterpriseFactory()
    by_code = client.post(URL, form_data(uscc=existing.uscc.lower()))
    by_name = client.post(URL, form_data(username="ENT"))
    assert by_code.status_code == by_name.status_code == 200
    answers = [r.context["form"].errors for r in (by_code, by_name)]
    assert answers[0] == answers[1]
    assert set(answers[0]) == {"__all__"}
    assert Enterprise.objects.count() == 2
    # What was typed is kept (the password excepted, as on every login form).
    assert by_name.context["form"]["name"].value() == "常州绿能科技有限公司"


def test_registration_is_rate_limited_per_address(client, settings):
    settings.RATELIMIT_REGISTRATION = "3/h"
    for _ in range(3):
        client.post(URL, form_data(uscc="123"), REMOTE_ADDR="203.0.113.5")
    limited = client.post(URL, form_data(), REMOTE_ADDR="203.0.113.5")
    assert limited.status_code == 429
    assert limited.context["form"]["username"].value() == "lvneng"
    assert not User.objects.filter(username="lvneng").exists()
    other = client.post(URL, form_data(), REMOTE_ADDR="203.0.113.6")
    assert other.status_code == 302


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
