"""A title's status and its history: the table of moves (every pair), reasons, who may change
it, the title page, and what a revocation does to the public site."""

import itertools
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from greenfactory.core.models import AuditEvent
from greenfactory.notifications.models import Notification
from greenfactory.titles.certificates import format_number
from greenfactory.titles.domain.title_status import (
    TITLE_MOVES,
    TitleStatusRefused,
    change_title_status,
    next_statuses,
    revoke_title,
)
from greenfactory.titles.domain.titles import valid_until
from greenfactory.titles.enums import TitleSource, TitleStatus
from greenfactory.titles.models import Title, TitleStatusChange
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, UserFactory, region

pytestmark = pytest.mark.django_db

_sequence = itertools.count(1)
S = TitleStatus


def said(message, **params) -> str:
    """A message as the platform words it (in Chinese, the default language)."""
    with translation.override("zh-hans"):
        params = {key: str(value) for key, value in params.items()}
        return gettext(message) % params if params else gettext(message)


def make_title(enterprise, status=S.VALID, year=2025, level="city"):
    issued_on = date(year, 12, 1)
    return Title.objects.create(
        enterprise=enterprise,
        level=level,
        year=year,
        source=TitleSource.DESIGNATED,
        status=status,
        certificate_number=format_number("320400", year, level, next(_sequence)),
        issued_on=issued_on,
        valid_until=valid_until(issued_on),
    )


# ---- the table ------------------------------------------------------------------------------


def test_the_table_is_the_documented_one():
    assert {pair: move.needs_reason for pair, move in TITLE_MOVES.items()} == {
        (S.VALID, S.UNDER_CHECK): False,
        (S.UNDER_CHECK, S.VALID): False,
        (S.UNDER_CHECK, S.RECTIFYING): True,
        (S.RECTIFYING, S.UNDER_CHECK): False,
        (S.VALID, S.REVOKED): True,
        (S.UNDER_CHECK, S.REVOKED): True,
        (S.RECTIFYING, S.REVOKED): True,
    }
    assert next_statuses(S.REVOKED) == []
    assert next_statuses(S.VALID) == [S.UNDER_CHECK, S.REVOKED]


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(S.values, S.values)))
def test_every_pair_outside_the_table_is_refused(enterprise, city_officer, from_status, to_status):
    title = make_title(enterprise, status=from_status)
    if (from_status, to_status) in TITLE_MOVES:
        change_title_status(title, to_status, actor=city_officer, reason="抽检结论")
        title.refresh_from_db()
        assert title.status == to_status
        [change] = TitleStatusChange.objects.filter(title=title)
        assert (change.from_status, change.to_status, change.reason, change.actor) == (
            from_status,
            to_status,
            "抽检结论",
            city_officer,
        )
        event = AuditEvent.objects.get(action="recognition.title.status_changed")
        assert event.changes["status"] == [from_status, to_status]
        assert event.object_id == title.code
    else:
        with pytest.raises(TitleStatusRefused) as refused:
            change_title_status(title, to_status, actor=city_officer, reason="抽检结论")
        assert str(refused.value) == said(
            "A title that is “%(from)s” cannot become “%(to)s”.",
            **{"from": S(from_status).label, "to": S(to_status).label},
        )
        title.refresh_from_db()
        assert title.status == from_status
        assert not TitleStatusChange.objects.filter(title=title).exists()
        assert not AuditEvent.objects.filter(action="recognition.title.status_changed").exists()


def test_an_unknown_status_is_refused(enterprise, city_officer):
    title = make_title(enterprise)
    with pytest.raises(TitleStatusRefused):
        change_title_status(title, "suspended", actor=city_officer, reason="x")


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(S.VALID, S.REVOKED), (S.UNDER_CHECK, S.RECTIFYING), (S.RECTIFYING, S.REVOKED)],
)
def test_revocation_and_rectification_need_a_reason(
    enterprise, city_officer, from_status, to_status
):
    title = make_title(enterprise, status=from_status)
    with pytest.raises(TitleStatusRefused) as refused:
        change_title_status(title, to_status, actor=city_officer, reason="   ")
    assert str(refused.value) == said("Give the reason: it is kept with the title's history.")
    title.refresh_from_db()
    assert title.status == from_status


def test_a_check_may_start_and_pass_without_a_reason(enterprise, city_officer):
    title = make_title(enterprise)
    change_title_status(title, S.UNDER_CHECK, actor=city_officer)
    assert title.status == S.UNDER_CHECK  # the caller's object follows
    change_title_status(title, S.VALID, actor=city_officer)
    history = list(title.status_changes.values_list("from_status", "to_status"))
    assert history == [(S.VALID, S.UNDER_CHECK), (S.UNDER_CHECK, S.VALID)]


def test_only_city_officers_of_the_region_change_a_status(
    enterprise, district_officer, enterprise_user, system_admin, city_officer
):
    title = make_title(enterprise)
    for actor in (district_officer, enterprise_user, system_admin):
        with pytest.raises(PermissionDenied):
            revoke_title(title, actor=actor, reason="数据造假")
    elsewhere = UserFactory(username="nj", role="city_officer", region=region("320000"))
    revoke_title(title, actor=elsewhere, reason="省厅通报：数据造假")  # the province contains it
    assert Title.objects.get(pk=title.pk).status == S.REVOKED
    other_city = UserFactory(username="sz", role="city_officer", region=region("320402"))
    with pytest.raises(PermissionDenied):
        change_title_status(make_title(EnterpriseFactory()), S.UNDER_CHECK, actor=other_city)


def test_revocation_tells_the_enterprise(enterprise, city_officer):
    user = EnterpriseUserFactory(enterprise=enterprise, email="ent@example.com")
    title = make_title(enterprise)
    revoke_title(title, actor=city_officer, reason="提供虚假材料")
    [message] = Notification.objects.filter(recipient=user)
    with translation.override("zh-hans"):
        assert str(S.REVOKED.label) in message.subject
    assert "提供虚假材料" in message.body
    assert message.url == reverse("titles:factory", args=[enterprise.code])


# ---- what a revocation does to the public site ----------------------------------------------


def test_a_revoked_title_leaves_the_public_list_verifies_revoked_and_stays_in_open_data(
    client, enterprise, city_officer
):
    title = make_title(enterprise)
    other = make_title(EnterpriseFactory(name="常州另一绿色工厂有限公司"))
    listed = client.get(reverse("titles:factories"))
    assert enterprise in listed.context["page"].object_list

    revoke_title(title, actor=city_officer, reason="抽检不合格，整改未通过")

    listed = client.get(reverse("titles:factories"))
    assert [e.pk for e in listed.context["page"].object_list] == [other.enterprise_id]
    assert enterprise.name not in listed.content.decode()
    answer = client.get(reverse("titles:verify_number", args=[title.certificate_number]))
    assert answer.status_code == 200
    assert answer.context["result"].outcome == "revoked"
    assert "badge rejected" in answer.content.decode()
    data = json.loads(
        b"".join(client.get(reverse("titles:open_data", args=["json"])).streaming_content)
    )
    mine = next(row for row in data if row["certificate_number"] == title.certificate_number)
    assert mine["status"] == "revoked"
    page = client.get(reverse("titles:factory", args=[enterprise.code]))
    assert page.status_code == 200  # the factory's page shows the revoked title as revoked


def test_a_title_under_check_stays_listed_and_verifies_as_held(client, enterprise, city_officer):
    title = make_title(enterprise)
    change_title_status(title, S.UNDER_CHECK, actor=city_officer)
    assert enterprise in client.get(reverse("titles:factories")).context["page"].object_list
    answer = client.get(reverse("titles:verify_number", args=[title.certificate_number]))
    assert answer.context["result"].outcome == "valid"
    assert answer.context["result"].title.get_status_display() in answer.content.decode()


# ---- the title page -------------------------------------------------------------------------


def test_the_title_page_shows_the_history_and_changes_the_status(client, enterprise, city_officer):
    title = make_title(enterprise)
    TitleStatusChange.objects.create(title=title, from_status="", to_status=S.VALID)
    client.force_login(city_officer)
    url = reverse("titles:title", args=[title.code])
    page = client.get(url)
    assert page.status_code == 200
    assert [c for c, _label in page.context["form"].fields["status"].choices] == [
        S.UNDER_CHECK,
        S.REVOKED,
    ]
    refused = client.post(url, {"status": S.REVOKED, "reason": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["reason"]
    assert Title.objects.get(pk=title.pk).status == S.VALID
    impossible = client.post(url, {"status": S.RECTIFYING, "reason": "x"})
    assert impossible.status_code == 400
    done = client.post(url, {"status": S.REVOKED, "reason": "能耗数据造假"})
    assert done.status_code == 302 and done["Location"] == url
    page = client.get(url)
    assert page.context["form"] is None
    assert [(c.from_status, c.to_status) for c in page.context["history"]] == [
        ("", S.VALID),
        (S.VALID, S.REVOKED),
    ]
    assert "能耗数据造假" in page.content.decode()


def test_a_district_officer_reads_the_title_but_may_not_change_it(
    client, enterprise, district_officer, other_district_officer
):
    title = make_title(enterprise)
    url = reverse("titles:title", args=[title.code])
    client.force_login(district_officer)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url, {"status": S.UNDER_CHECK}).status_code == 403
    client.force_login(other_district_officer)
    assert client.get(url).status_code == 404
    assert Title.objects.get(pk=title.pk).status == S.VALID


@pytest.mark.queries
def test_the_title_page_costs_the_same_for_1_and_many_changes(client, enterprise, city_officer):
    title = make_title(enterprise)
    client.force_login(city_officer)
    url = reverse("titles:title", args=[title.code])
    change_title_status(title, S.UNDER_CHECK, actor=city_officer)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["history"]) == 1
    for to in (S.RECTIFYING, S.UNDER_CHECK, S.VALID, S.UNDER_CHECK):
        change_title_status(title, to, actor=city_officer, reason="整改")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["history"]) == 5
    assert len(many) == len(one)
