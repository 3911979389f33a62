import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.reviews.models import AuditFinding
from tests.factories import ExpertFactory, ReviewedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(enterprise_user, assigned_expert):
    """Reviewed, with a site-audit finding that changed a score."""
    application = ReviewedApplicationFactory(
        enterprise=enterprise_user.enterprise,
        submitted_by=enterprise_user,
        experts=[assigned_expert, ExpertFactory(), ExpertFactory()],
    )
    AuditFinding.objects.create(
        audit=application.site_audits.get(),
        indicator=application.self_evaluations.filter(score__gt=1).first().indicator,
        methods=["on_site"],
        change_reason="现场查看发现部分改造尚未完工。",
    )
    return application


def test_timeline_shows_every_step_in_order(client, application, city_officer):
    client.force_login(city_officer)
    response = client.get(reverse("dashboards:timeline", args=[application.code]))
    events = response.context["events"]
    kinds = [event.kind for event in events]
    for kind in ("状态", "已提交版本", "文件", "辖市区初审", "现场审核", "专家评审"):
        assert kind in kinds, kind
    assert [event.at for event in events] == sorted(event.at for event in events)
    assert any("部分改造尚未完工" in event.detail for event in events)  # the audit's change


@pytest.mark.queries
def test_timeline_cost_does_not_grow_with_its_length(
    client, application, city_officer, enterprise_user
):
    from django.core.files.base import ContentFile

    from greenfactory.applications.models import EvidenceFile, StatusChange

    client.force_login(city_officer)
    url = reverse("dashboards:timeline", args=[application.code])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    uploader = enterprise_user
    for n in range(5):
        item = EvidenceFile(
            application=application,
            original_name=f"extra{n}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=uploader,
        )
        item.file.save(f"extra{n}.pdf", ContentFile(b"%PDF"), save=True)
        StatusChange.objects.create(
            application=application,
            from_state="submitted",
            to_state="returned",
            actor=uploader,
            reason=f"r{n}",
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert len(response.context["events"]) >= 10
    assert len(after) == len(before)


def test_timeline_is_for_officers_of_the_region(request, client, application):
    url = reverse("dashboards:timeline", args=[application.code])
    expected = {
        "city_officer": 200,
        "district_officer": 200,
        "other_district_officer": 404,
        "enterprise_user": 403,
        "assigned_expert": 403,
    }
    for persona, status in expected.items():
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url).status_code == status, persona


def test_timeline_shows_ranking_change_and_decision(client, city_officer):
    import datetime

    from greenfactory.recognition.domain.ranking import (
        compute_ranking,
        propose_change,
        record_decision,
    )
    from tests.recognition.ranked import reviewed_batch

    batch, apps = reviewed_batch([90, 80], quota=1)
    ranking = compute_ranking(batch, actor=city_officer)
    propose_change(ranking, apps[1], actor=city_officer, include=True, reason="市重点培育企业")
    record_decision(
        batch,
        actor=city_officer,
        meeting_on=datetime.date(2019, 11, 20),
        minutes_reference="党组会议纪要〔2019〕12号",
        decided={},
    )
    client.force_login(city_officer)
    response = client.get(reverse("dashboards:timeline", args=[apps[1].code]))
    texts = [(event.kind, event.text, event.detail) for event in response.context["events"]]
    assert ("排名", "未拟入选", "在 2 家符合条件的企业中排第 2 名，超出名额 1 名") in texts
    assert ("排名", "提议增补", "市重点培育企业") in texts
    assert ("党组会议决定", "入选", "党组会议纪要〔2019〕12号") in texts


def test_every_time_on_the_timeline_is_shanghai_time(client, application, city_officer):
    """Times are kept in UTC; each one shown is the local (Asia/Shanghai) time, eight hours on."""
    import re
    from datetime import datetime
    from zoneinfo import ZoneInfo

    audit = application.site_audits.get()
    local = datetime(2026, 3, 9, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    type(audit).objects.filter(pk=audit.pk).update(scheduled_for=local)
    client.force_login(city_officer)
    response = client.get(reverse("dashboards:timeline", args=[application.code]))
    html = response.content.decode()
    assert "2026-03-09 09:30" in html
    assert "2026-03-09 01:30" not in html
    events = response.context["events"]
    # Every kind of entry holds an aware time, so the page converts each one to local time.
    assert all(event.at.tzinfo is not None for event in events)
    shown = re.findall(r"<td>(\d{4}-\d\d-\d\d \d\d:\d\d)</td>", html)
    from django.utils import timezone

    assert shown == [f"{timezone.localtime(event.at):%Y-%m-%d %H:%M}" for event in events]
