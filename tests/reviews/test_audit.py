"""On-site audit (现场审核): scheduling the joint team, findings, completion, acknowledgement."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.models import AuditEvent
from greenfactory.reviews.domain.audit import (
    acknowledge_site_audit,
    add_audit_photo,
    complete_site_audit,
    record_finding,
    record_findings,
    schedule_site_audit,
)

pytestmark = pytest.mark.django_db


def qualitative(application):
    return application.batch.indicator_system.indicators.filter(kind="qualitative").first()


def test_scheduling_moves_the_application_and_keeps_the_team(
    recommended, city_officer, district_officer, assigned_expert
):
    audit = schedule_site_audit(
        recommended,
        actor=city_officer,
        when=timezone.now() + timedelta(days=3),
        location="企业一号会议室",
        members=[city_officer, district_officer, assigned_expert],
        lead=city_officer,
    )
    recommended.refresh_from_db()
    assert recommended.state == ApplicationState.SITE_AUDIT
    assert set(audit.members.values_list("user__username", "is_lead")) == {
        ("city", True),
        ("wujin", False),
        ("expert", False),
    }
    assert AuditEvent.objects.filter(
        action="applications.application.site_audit_scheduled"
    ).exists()


def test_team_must_be_joint(recommended, city_officer, other_district_officer, enterprise_user):
    when = timezone.now() + timedelta(days=3)
    with pytest.raises(TransitionRefused, match="武进区"):
        schedule_site_audit(
            recommended,
            actor=city_officer,
            when=when,
            location="x",
            members=[city_officer, other_district_officer],
            lead=city_officer,
        )
    with pytest.raises(TransitionRefused):
        schedule_site_audit(
            recommended,
            actor=city_officer,
            when=when,
            location="x",
            members=[city_officer, enterprise_user],
            lead=city_officer,
        )
    recommended.refresh_from_db()
    assert recommended.state == ApplicationState.RECOMMENDED


def test_past_date_and_wrong_actor_are_refused(recommended, city_officer, district_officer):
    with pytest.raises(TransitionRefused):
        schedule_site_audit(
            recommended,
            actor=city_officer,
            when=timezone.now() - timedelta(hours=1),
            location="x",
            members=[city_officer, district_officer],
            lead=city_officer,
        )
    with pytest.raises(PermissionDenied):
        schedule_site_audit(
            recommended,
            actor=district_officer,
            when=timezone.now() + timedelta(days=1),
            location="x",
            members=[city_officer, district_officer],
            lead=city_officer,
        )


def test_a_changed_figure_needs_a_reason_and_keeps_both(audit, assigned_expert):
    recommended = audit.application
    item = qualitative(recommended)
    own = recommended.self_evaluations.get(indicator=item).score
    lower = max(own - Decimal("0.5"), Decimal(0))
    with pytest.raises(TransitionRefused):
        record_finding(
            audit,
            item,
            actor=assigned_expert,
            data={"verified_score": lower, "methods": ["originals"]},
        )
    finding = record_finding(
        audit,
        item,
        actor=assigned_expert,
        data={
            "verified_score": lower,
            "methods": ["originals", "bogus"],
            "change_reason": "原件与填报不符",
        },
    )
    assert (finding.enterprise_score, finding.verified_score) == (own, lower)
    assert finding.methods == ["originals"]
    with pytest.raises(TransitionRefused):
        record_finding(
            audit,
            item,
            actor=assigned_expert,
            data={"verified_score": item.max_points + 1, "change_reason": "x"},
        )


def test_several_findings_are_one_edit_each_checked_and_entered_in_order(audit, assigned_expert):
    recommended = audit.application
    first, second = recommended.batch.indicator_system.indicators.filter(kind="qualitative")[:2]
    own = {row.indicator_id: row.score for row in recommended.self_evaluations.all()}
    lower = max(own[second.pk] - Decimal("0.5"), Decimal(0))
    entries = AuditEvent.objects.filter(action="reviews.site_audit.finding_recorded")
    # One refused (a changed figure without its reason): none is recorded.
    with pytest.raises(TransitionRefused):
        record_findings(
            audit,
            [
                (first, {"verified_score": own[first.pk], "finding": "一致"}),
                (second, {"verified_score": lower}),
            ],
            actor=assigned_expert,
        )
    assert not audit.findings.exists()
    assert not entries.exists()
    made = record_findings(
        audit,
        [
            (first, {"verified_score": own[first.pk], "finding": "一致"}),
            (second, {"verified_score": own[second.pk]}),
            (second, {"verified_score": lower, "change_reason": "现场未完工"}),
        ],
        actor=assigned_expert,
    )
    assert [f.indicator_id for f in made] == [first.pk, second.pk, second.pk]
    assert audit.findings.count() == 2
    again = audit.findings.get(indicator=second)
    assert (again.enterprise_score, again.verified_score, again.change_reason) == (
        own[second.pk],
        lower,
        "现场未完工",
    )
    assert [e.changes["indicator"] for e in entries.order_by("seq")] == [
        first.code,
        second.code,
        second.code,
    ]
    assert entries.order_by("seq").last().changes["verified_score"] == [
        str(own[second.pk]),
        str(lower),
    ]


def test_only_team_members_record(audit, unassigned_expert, other_district_officer):
    recommended = audit.application
    item = qualitative(recommended)
    for outsider in (unassigned_expert, other_district_officer):
        with pytest.raises(PermissionDenied):
            record_finding(audit, item, actor=outsider, data={})


def test_completion_produces_the_record_and_the_enterprise_acknowledges(
    audit,
    city_officer,
    enterprise_user,
    other_enterprise_user,
    django_capture_on_commit_callbacks,
):
    recommended = audit.application
    with pytest.raises(TransitionRefused):
        complete_site_audit(audit, actor=city_officer, conclusion=" ")
    with django_capture_on_commit_callbacks(execute=True):
        complete_site_audit(audit, actor=city_officer, conclusion="材料属实，同意进入专家评审。")
    audit.refresh_from_db()
    recommended.refresh_from_db()
    assert recommended.state == ApplicationState.AUDITED
    with audit.record.open("rb") as record:
        assert record.read(5) == b"%PDF-"
    with pytest.raises(PermissionDenied):
        acknowledge_site_audit(audit, actor=other_enterprise_user)
    acknowledge_site_audit(audit, actor=enterprise_user)
    with pytest.raises(TransitionRefused):
        acknowledge_site_audit(audit, actor=enterprise_user)
    with translation.override("en"), pytest.raises(TransitionRefused) as again:
        complete_site_audit(audit, actor=city_officer, conclusion="again")
    assert str(again.value) == "This audit has already been completed."


def test_a_completed_audit_tells_its_team_so_and_offers_no_finish(
    client, audit, city_officer, district_officer
):
    """The table says when (a scheduled audit), the permission who (the lead or a city officer
    of the team): a second finish is told the state, not 403, and the page hides the button."""
    url = reverse("reviews:audit_detail", args=[audit.code])
    finish = reverse("reviews:audit_complete", args=[audit.code])
    client.force_login(city_officer)
    assert finish.encode() in client.get(url).content
    complete_site_audit(audit, actor=city_officer, conclusion="材料属实。")
    assert finish.encode() not in client.get(url).content
    response = client.post(finish, {"conclusion": "再次"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This audit has already been completed." in response.content.decode()
    client.force_login(district_officer)  # a member, neither lead nor city officer
    assert finish.encode() not in client.get(url).content
    assert AuditEvent.objects.filter(action="reviews.site_audit.completed").count() == 1


def test_only_the_lead_or_a_city_officer_of_the_team_finishes(audit, district_officer):
    with pytest.raises(PermissionDenied):
        complete_site_audit(audit, actor=district_officer, conclusion="材料属实。")
    audit.refresh_from_db()
    assert audit.status == "scheduled"


def test_photos_must_be_images(audit, assigned_expert):
    with pytest.raises(ValidationError) as caught:
        add_audit_photo(
            audit, actor=assigned_expert, upload=SimpleUploadedFile("a.jpg", b"MZ executable")
        )
    assert caught.value.code == "type"
    assert not audit.photos.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("city_officer", 200),
        ("district_officer", 200),
        ("assigned_expert", 200),
        ("enterprise_user", 200),
        ("other_district_officer", 404),
        ("unassigned_expert", 404),
        ("other_enterprise_user", 404),
        ("audit_admin", 404),
    ],
)
def test_audit_page_per_role(request, client, audit, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reviews:audit_detail", args=[audit.code])).status_code == status


def test_finding_form_in_the_page(client, audit, district_officer):
    recommended = audit.application
    client.force_login(district_officer)
    item = qualitative(recommended)
    own = recommended.self_evaluations.get(indicator=item).score
    url = reverse("reviews:audit_detail", args=[audit.code])
    response = client.post(
        url,
        {
            "indicator": item.pk,
            f"i{item.pk}-verified_score": str(own),
            f"i{item.pk}-methods": ["recheck", "inquiry"],
            f"i{item.pk}-finding": "已复核",
        },
    )
    assert response.status_code == 302
    finding = audit.findings.get(indicator=item)
    assert (finding.methods, finding.finding) == (["recheck", "inquiry"], "已复核")
    client.get(url)  # the success message is shown
    bad = client.post(
        url,
        {"indicator": item.pk, f"i{item.pk}-verified_score": "abc", f"i{item.pk}-finding": "新"},
    )
    assert bad.status_code == 400  # the page again, with what was typed and the error there
    form = next(row["form"] for row in bad.context["rows"] if row["indicator"] == item)
    assert form.errors["verified_score"]
    assert form["finding"].value() == "新"
    assert "autofocus" in str(form["verified_score"])
    assert audit.findings.get(indicator=item).verified_score == own


def test_a_figure_copied_as_shown_is_not_a_change():
    from decimal import Decimal

    from greenfactory.reviews.domain.audit import SCORE_SHOWN, VALUE_SHOWN, differs_as_shown

    assert not differs_as_shown(Decimal("0.1235"), Decimal("0.123456"), VALUE_SHOWN)
    assert differs_as_shown(Decimal("0.1234"), Decimal("0.123456"), VALUE_SHOWN)
    assert not differs_as_shown(Decimal("2.5"), Decimal("2.50"), SCORE_SHOWN)
    assert differs_as_shown(Decimal("2"), None, SCORE_SHOWN)
    assert not differs_as_shown(None, Decimal("2"), SCORE_SHOWN)


def test_a_completed_audit_tells_its_team_that_findings_and_photos_are_closed(
    client, audit, city_officer, assigned_expert
):
    """When (a scheduled audit) is the audit workflow's ``edits``, who (a member) the
    permission's: a member finds the audit completed, told so where the finding was typed."""
    item = qualitative(audit.application)
    complete_site_audit(audit, actor=city_officer, conclusion="材料属实。")
    with translation.override("en"), pytest.raises(TransitionRefused) as closed:
        record_finding(audit, item, actor=assigned_expert, data={"finding": "补充"})
    assert str(closed.value) == "This audit has already been completed."
    with translation.override("en"), pytest.raises(TransitionRefused):
        add_audit_photo(
            audit, actor=assigned_expert, upload=SimpleUploadedFile("a.jpg", b"\xff\xd8\xff")
        )
    client.force_login(assigned_expert)
    url = reverse("reviews:audit_detail", args=[audit.code])
    response = client.post(
        url,
        {"indicator": item.pk, f"i{item.pk}-finding": "现场补充说明"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "This audit has already been completed." in response.content.decode()
    assert "现场补充说明" in response.content.decode()  # what was typed stays on the page
    assert b'name="indicator"' not in client.get(url).content  # no finding form is offered
    photo = reverse("reviews:audit_photo", args=[audit.code])
    response = client.post(
        photo,
        {"photo": SimpleUploadedFile("a.jpg", b"\xff\xd8\xff")},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "This audit has already been completed." in response.content.decode()
    assert not audit.findings.exists() and not audit.photos.exists()
