"""The on-site audit through the API: the audit page's form, steps and refusals."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.models import SelfEvaluation
from greenfactory.core.models import AuditEvent
from greenfactory.programme.enums import IndicatorKind
from greenfactory.reviews.models import AuditFinding

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(api_objects):
    from greenfactory.reviews.models import SiteAudit

    return SiteAudit.objects.get(code=api_objects["kwargs"]["audit"]["code"])


def scored(audit):
    return audit.application.batch.indicator_system.indicators.filter(
        kind=IndicatorKind.QUALITATIVE, max_points__isnull=False
    ).first()


def put_finding(client, audit, indicator, body, headers):
    url = reverse("api:audit_finding", kwargs={"code": audit.code, "indicator": indicator.code})
    return client.put(url, body, content_type="application/json", **headers)


def test_a_finding_is_recorded_as_the_page_records_it(client, audit, district_officer, bearer):
    item = scored(audit)
    SelfEvaluation.objects.create(application=audit.application, indicator=item, score=2)
    body = {
        "methods": ["originals", "on_site"],
        "verified_score": "1.50",
        "change_reason": "计量器具未全部检定",
        "finding": "二级计量器具配备率不足",
    }
    response = put_finding(client, audit, item, body, bearer(district_officer))
    assert response.status_code == 200, response.content
    [shown] = response.json()["findings"]
    assert shown["indicator"] == item.code
    assert (shown["enterprise_score"], shown["verified_score"]) == ("2.00", "1.50")
    assert shown["methods"] == ["originals", "on_site"]
    finding = AuditFinding.objects.get(audit=audit, indicator=item)
    assert (finding.verified_score, finding.recorded_by) == (Decimal("1.50"), district_officer)
    event = AuditEvent.objects.get(action="reviews.site_audit.finding_recorded")
    assert event.actor == district_officer


def test_a_changed_figure_without_a_reason_is_refused_with_the_pages_message(
    client, audit, city_officer, bearer
):
    item = scored(audit)
    SelfEvaluation.objects.create(application=audit.application, indicator=item, score=2)
    response = put_finding(client, audit, item, {"verified_score": "1"}, bearer(city_officer))
    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.json()["detail"]["problems"] == [
            translation.gettext(
                "%(code)s: the verified figure differs from the enterprise's; give the reason."
            )
            % {"code": item.code}
        ]
    assert not AuditFinding.objects.exists()


@pytest.mark.parametrize(
    ("body", "code", "fields"),
    [
        ({"verified_score": "-1"}, "invalid", ["verified_score"]),
        ({"methods": "originals"}, "invalid", ["methods"]),
        ({"methods": ["guessing"]}, "invalid", ["methods"]),
        ({"verified_met": "maybe"}, "invalid", ["verified_met"]),
        ({"verified_met": ""}, "invalid", ["verified_met"]),
        ({"score": 1}, "unknown_field", None),
    ],
)
def test_bad_input_is_refused_with_the_documented_code(
    client, audit, city_officer, bearer, body, code, fields
):
    response = put_finding(client, audit, scored(audit), body, bearer(city_officer))
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    if fields:
        assert list(response.json()["detail"]) == fields
    assert not AuditFinding.objects.exists()


def test_completion_needs_the_conclusion_then_closes_the_audit(
    client, audit, city_officer, district_officer, bearer
):
    url = reverse("api:audit_complete", kwargs={"code": audit.code})
    headers = bearer(city_officer)
    empty = client.post(url, {"conclusion": " "}, content_type="application/json", **headers)
    assert empty.status_code == 409
    missing = client.post(url, {}, content_type="application/json", **headers)
    assert missing.status_code == 400 and list(missing.json()["detail"]) == ["conclusion"]
    done = client.post(url, {"conclusion": "符合要求"}, content_type="application/json", **headers)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed" and done.json()["conclusion"] == "符合要求"
    audit.application.refresh_from_db()
    assert audit.application.state == "audited"
    # Once completed, the team's steps are refused as out of order.
    again = client.post(url, {"conclusion": "x"}, content_type="application/json", **headers)
    assert again.status_code == 409
    late = put_finding(client, audit, scored(audit), {}, bearer(district_officer))
    assert late.status_code == 409


def test_outsiders_do_not_see_the_audit(
    client, audit, other_district_officer, unassigned_expert, agency_user, bearer
):
    for user in (other_district_officer, unassigned_expert, agency_user):
        headers = bearer(user)
        assert (
            client.get(reverse("api:site_audit", kwargs={"code": audit.code}), **headers)
        ).status_code == 404
        response = put_finding(client, audit, scored(audit), {"verified_met": True}, headers)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not AuditFinding.objects.exists()


def test_the_record_is_not_found_until_it_is_produced(client, audit, enterprise_user, bearer):
    url = reverse("api:audit_record", kwargs={"code": audit.code})
    ready = client.get(url, **bearer(enterprise_user))
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert b"".join(ready.streaming_content).startswith(b"%PDF")
    audit.record.delete(save=True)
    assert client.get(url, **bearer(enterprise_user)).status_code == 404
