"""The spot-check pages: the forms' bad input, query counts, and the public record (who reaches
which: ``test_pages_access.py``)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.supervision.enums import CheckState
from greenfactory.supervision.models import SpotCheckRound
from tests.factories import EnterpriseFactory, region

from .helpers import make_round, make_title

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(city_officer, enterprise):
    make_title(enterprise)
    round_ = make_round(city_officer, sample_count=1)
    from greenfactory.supervision.domain.rounds import draw_sample

    return draw_sample(round_, actor=city_officer, seed="matrix01")


def test_a_draft_round_is_not_public(client, city_officer):
    draft = make_round(city_officer, sample_count=1)
    assert client.get(reverse("supervision:public_round", args=[draft.code])).status_code == 404


def test_new_round_form_keeps_what_was_typed(client, city_officer):
    client.force_login(city_officer)
    response = client.post(
        reverse("supervision:round_new"),
        {
            "year": "2026",
            "title": "2026年抽检（草稿）",
            "cohort_years": "3",
            "levels": ["city"],
            "sample_count": "5",
            "sample_ratio": "0.2",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026年抽检（草稿）" in body
    assert "alert" in body
    assert not SpotCheckRound.objects.exists()


def test_draw_from_the_page_with_a_bad_seed_keeps_the_round_a_draft(client, city_officer):
    make_title()
    round_ = make_round(city_officer, sample_count=1)
    client.force_login(city_officer)
    response = client.post(reverse("supervision:round_draw", args=[round_.code]), {"seed": "a b"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.seed is None
    page = client.get(reverse("supervision:round", args=[round_.code]))
    assert 'role="alert"' in page.content.decode() or "error" in page.content.decode()


def test_decision_form_refusal_keeps_the_reason(client, city_officer, drawn):
    check = drawn.checks.get()
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.AUDITED)
    client.force_login(city_officer)
    response = client.post(
        reverse("supervision:check_decide", args=[check.code]),
        {"to": CheckState.RECTIFYING, "reason": "固废综合利用率不达标"},
    )
    assert response.status_code == 400
    assert "固废综合利用率不达标" in response.content.decode()
    check.refresh_from_db()
    assert check.state == CheckState.IN_PROGRESS
    response = client.post(
        reverse("supervision:check_decide", args=[check.code]),
        {
            "to": CheckState.RECTIFYING,
            "reason": "固废综合利用率不达标",
            "rectify_by": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.state == CheckState.RECTIFYING


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("city_officer", 400), ("district_officer", 403), ("enterprise_user", 403)],
)
def test_passed_without_summary_and_audit_is_refused_at_the_form(
    request, client, city_officer, drawn, persona, expected
):
    check = drawn.checks.get()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the new messages, whatever the catalogue
    Application.objects.filter(pk=check.application_id).update(state=ApplicationState.AUDITED)
    client.force_login(request.getfixturevalue(persona))
    if expected == 400:
        page = client.get(reverse("supervision:check", args=[check.code]))
        assert page.context["pass_problems"] == [
            "The factory has not filed its three-year summary.",
            "No on-site audit of the factory has been completed.",
        ]
    url = reverse("supervision:check_decide", args=[check.code])
    response = client.post(url, {"to": CheckState.PASSED, "reason": ""})
    assert response.status_code == expected
    if expected == 400:
        html = response.content.decode()
        assert "The factory has not filed its three-year summary." in html
        assert "No on-site audit of the factory has been completed." in html
        assert "Give the reason to record the check passed without them." in html
    check.refresh_from_db()
    assert check.state == CheckState.IN_PROGRESS
    if expected == 400:
        passed = client.post(url, {"to": CheckState.PASSED, "reason": "企业已关停，按通过归档"})
        assert passed.status_code == 302
        check.refresh_from_db()
        assert check.state == CheckState.PASSED


def test_summary_form_keeps_the_text_when_too_long(client, enterprise_user, drawn):
    check = drawn.checks.get()
    client.force_login(enterprise_user)
    text = "变化" * 10001
    response = client.post(
        reverse("supervision:check_summary", args=[check.code]), {"changes": text}
    )
    assert response.status_code == 400
    assert text[:200] in response.content.decode()


def test_public_record_lets_anyone_redraw(client, drawn):
    response = client.get(reverse("supervision:public_cohort", args=[drawn.code]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["抽签编号", "分层", "摘要sha256(种子:抽签编号)", "是否抽中（1是0否）"]
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''%E6%8A%BD%E6%A3%80%E5%90%8D%E5%8D%95-{drawn.code}.csv"
    )
    assert len(rows) == 2
    page = client.get(reverse("supervision:public_round", args=[drawn.code]))
    assert "matrix01" in page.content.decode()


def make_many(city_officer, n):
    for index in range(n):
        make_title(EnterpriseFactory(district=region(("320412", "320411")[index % 2])))
    round_ = make_round(city_officer, sample_count=n)
    from greenfactory.supervision.domain.rounds import draw_sample

    return draw_sample(round_, actor=city_officer, seed=f"many{n:04d}")


@pytest.mark.parametrize("n", [1, 6])
def test_query_counts_do_not_grow_with_rows(client, city_officer, django_assert_max_num_queries, n):
    round_ = make_many(city_officer, n)
    client.force_login(city_officer)
    pages = [
        reverse("supervision:rounds"),
        reverse("supervision:round", args=[round_.code]),
        reverse("supervision:checks"),
        reverse("supervision:public_rounds"),
        reverse("supervision:public_round", args=[round_.code]),
    ]
    for url in pages:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_enterprise_home_lists_its_open_check(
    client, enterprise_user, other_enterprise_user, drawn
):
    check = drawn.checks.get()
    client.force_login(enterprise_user)
    assert reverse("supervision:check", args=[check.code]) in client.get("/").content.decode()
    client.force_login(other_enterprise_user)
    assert check.code not in client.get("/").content.decode()


def test_an_officer_is_not_led_to_a_check_application_it_may_not_open(
    client, city_officer, enterprise_user, drawn
):
    """The check's application is the enterprise's draft until it submits it: officers see its
    state, without a link that would answer 404; the enterprise has the link."""
    check = drawn.checks.select_related("application").get()
    link = reverse("applications:application_detail", args=[check.application.code])
    client.force_login(city_officer)
    for url in (reverse("supervision:checks"), reverse("supervision:round", args=[drawn.code])):
        html = client.get(url).content.decode()
        assert link not in html
        assert check.application.get_state_display() in html
    client.force_login(enterprise_user)
    assert link in client.get(reverse("supervision:checks")).content.decode()
    assert client.get(link).status_code == 200
    Application.objects.filter(pk=check.application.pk).update(
        submitted_at=timezone.now(), state=ApplicationState.SUBMITTED
    )
    client.force_login(city_officer)
    assert link in client.get(reverse("supervision:checks")).content.decode()
    assert client.get(link).status_code == 200
