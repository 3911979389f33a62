"""重大事项变更: the enterprise reports, its district and then the city acknowledge or return;
the title registry shows the reports (decisions §65)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenfactory.core.models import AuditEvent
from greenfactory.filings.domain.changes import (
    CHANGE_MOVES,
    MajorChangeRefused,
    acknowledge_change,
    report_major_change,
    return_change,
)
from greenfactory.filings.enums import MajorChangeKind, MajorChangeState
from greenfactory.filings.models import MajorChange
from greenfactory.notifications.models import Notification
from greenfactory.titles.enums import TitleLevel
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, region

from .conftest import grant

pytestmark = pytest.mark.django_db


def reported(user, **changes):
    data = {
        "kind": MajorChangeKind.NAME,
        "effective_on": date(2025, 9, 1),
        "before": "常州绿源新材料有限公司",
        "after": "江苏绿源新材料股份有限公司",
        "description": "股份制改造，统一社会信用代码不变。",
    }
    data.update(changes)
    return report_major_change(actor=user, **data)


def test_reported_then_acknowledged_by_district_and_city(
    enterprise_user, district_officer, city_officer, other_district_officer
):
    change = reported(enterprise_user)
    assert change.state == MajorChangeState.REPORTED
    assert Notification.objects.filter(recipient=district_officer).count() == 1
    with pytest.raises(PermissionDenied):
        acknowledge_change(change, actor=city_officer)  # the district first
    with pytest.raises(PermissionDenied):
        acknowledge_change(change, actor=other_district_officer)
    change = acknowledge_change(change, actor=district_officer, note="已核实营业执照。")
    assert change.state == MajorChangeState.DISTRICT_ACKNOWLEDGED
    assert Notification.objects.filter(recipient=city_officer).count() == 1
    with pytest.raises(PermissionDenied):
        acknowledge_change(change, actor=district_officer)
    change = acknowledge_change(change, actor=city_officer)
    assert change.state == MajorChangeState.CITY_ACKNOWLEDGED
    assert [c.to_state for c in change.status_changes.all()] == ["district_ack", "city_ack"]
    assert list(
        AuditEvent.objects.filter(action__startswith="filings.major_change.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "filings.major_change.reported",
        "filings.major_change.district_acknowledged",
        "filings.major_change.city_acknowledged",
    ]
    with pytest.raises(MajorChangeRefused):
        return_change(change, actor=city_officer, reason="晚了")


def test_returned_with_a_reason(enterprise_user, district_officer):
    change = reported(enterprise_user, kind=MajorChangeKind.BOUNDARY)
    with pytest.raises(MajorChangeRefused):
        return_change(change, actor=district_officer, reason=" ")
    change = return_change(change, actor=district_officer, reason="请附上新厂区平面图。")
    assert (change.state, change.note) == (MajorChangeState.RETURNED, "请附上新厂区平面图。")
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1


@pytest.mark.parametrize("start", list(MajorChangeState))
@pytest.mark.parametrize("to", list(MajorChangeState))
def test_only_the_tables_moves_pass(request, enterprise_user, start, to):
    from greenfactory.core.domain.workflow import move

    change = reported(enterprise_user)
    MajorChange.objects.filter(pk=change.pk).update(state=start)
    change.refresh_from_db()
    step = CHANGE_MOVES.get((start, to))
    who = (
        "city_officer"
        if step is not None and step.permission == "filings.city_acknowledge_change"
        else "district_officer"
    )
    actor = request.getfixturevalue(who)
    if step is None:
        with pytest.raises(MajorChangeRefused):
            move(change, to, actor=actor, reason="理由")
        return
    assert move(change, to, actor=actor, reason="理由").state == to


def test_refused_reports(enterprise_user, district_officer):
    with pytest.raises(PermissionDenied):
        reported(district_officer)
    with pytest.raises(MajorChangeRefused), translation.override("en"):
        reported(enterprise_user, effective_on=date(2099, 1, 1))
    with pytest.raises(MajorChangeRefused):
        reported(enterprise_user, kind="rename")
    with pytest.raises(MajorChangeRefused):
        reported(enterprise_user, description="  ")
    assert not MajorChange.objects.exists()


def test_the_enterprise_reports_on_its_page(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("filings:enterprise_changes"),
        {
            "kind": "address",
            "effective_on": "2099-01-01",
            "after": "武进区新厂址",
            "description": "搬迁",
        },
    )
    assert response.status_code == 400
    assert "武进区新厂址" in response.content.decode()
    response = client.post(
        reverse("filings:enterprise_changes"),
        {
            "kind": "address",
            "effective_on": "2025-06-30",
            "after": "武进区新厂址",
            "description": "搬迁",
        },
    )
    change = MajorChange.objects.get()
    assert response["Location"] == reverse("filings:change", args=[change.code])
    assert change.enterprise == enterprise_user.enterprise


def test_officers_act_on_the_page(client, enterprise_user, district_officer, city_officer):
    change = reported(enterprise_user)
    client.force_login(city_officer)
    url = reverse("filings:change_acknowledge", args=[change.code])
    assert client.post(url, {}).status_code == 403
    client.force_login(district_officer)
    assert client.post(reverse("filings:change_return", args=[change.code]), {}).status_code == 400
    assert client.post(url, {"note": "已核实"}).status_code == 302
    change.refresh_from_db()
    assert change.state == MajorChangeState.DISTRICT_ACKNOWLEDGED
    # the next step is the city's
    assert client.post(url, {}).status_code == 403
    return_change(change, actor=city_officer, reason="材料不全")
    # a returned report: the state is told, nothing moves
    response = client.post(url, {})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == MajorChangeState.RETURNED


def test_the_registry_shows_the_reports(client, enterprise, enterprise_user, city_officer, batch):
    title = grant(enterprise, 2022, level=TitleLevel.PROVINCIAL)
    reported(enterprise_user)
    client.force_login(city_officer)
    page = client.get(reverse("titles:title", args=[title.code]))
    assert page.status_code == 200
    (event,) = page.context["events"]
    assert event[0] == date(2025, 9, 1)
    assert "股份制改造" in page.content.decode()


def _many(count, start=0):
    for number in range(start, start + count):
        enterprise = EnterpriseFactory(district=region("320412"))
        user = EnterpriseUserFactory(enterprise=enterprise, username=f"chg{number}")
        reported(user)


@pytest.mark.parametrize(
    ("name", "persona"),
    [("filings:changes", "district_officer"), ("filings:changes", "city_officer")],
)
def test_change_list_queries_do_not_grow(request, client, django_assert_num_queries, name, persona):
    client.force_login(request.getfixturevalue(persona))
    _many(1)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name)).status_code == 200
    _many(5, start=1)
    with django_assert_num_queries(len(one)):
        response = client.get(reverse(name))
    assert len(response.context["changes"]) == 6


def test_enterprise_page_queries_do_not_grow(client, enterprise_user, django_assert_num_queries):
    client.force_login(enterprise_user)
    reported(enterprise_user)
    client.get(reverse("filings:enterprise_changes"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("filings:enterprise_changes"))
    for number in range(4):
        reported(enterprise_user, description=f"变更 {number}")
    with django_assert_num_queries(len(one)):
        client.get(reverse("filings:enterprise_changes"))
