"""The enterprise's application from start to submission, through the domain functions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from greenfactory.applications.domain.drafts import (
    StaleEdit,
    save_application_form,
    save_self_evaluation,
    start_application,
)
from greenfactory.applications.domain.figures import self_score
from greenfactory.applications.domain.submission import (
    SubmissionRefused,
    return_for_revision,
    submission_problems,
    submit_application,
)
from greenfactory.applications.domain.transitions import TRANSITIONS, TransitionRefused, transition
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, ApplicationVersion, StatusChange
from greenfactory.core.models import AuditEvent
from greenfactory.demo.applications import fill_application
from greenfactory.programme.enums import BatchState
from tests.factories import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[2018, 2025], ids=["six-aspect", "five-part"])
def batch(request):
    return BatchFactory(indicator_system=shipped_system(request.param), year=2026)


@pytest.fixture
def application(batch, enterprise_user):
    return start_application(batch, actor=enterprise_user)


def test_start_prefills_from_the_registry(application, enterprise_user):
    assert application.state == ApplicationState.DRAFT
    assert application.contact_person == enterprise_user.enterprise.contact_person
    assert AuditEvent.objects.filter(action="applications.application.started").exists()


def test_one_application_per_enterprise_and_batch(application, batch, enterprise_user):
    with pytest.raises(TransitionRefused):
        start_application(batch, actor=enterprise_user)


def test_unconfirmed_enterprise_cannot_start(batch, enterprise_user):
    enterprise_user.enterprise.status = "pending"
    enterprise_user.enterprise.save()
    with pytest.raises(TransitionRefused):
        start_application(batch, actor=enterprise_user)


@pytest.mark.parametrize("when", ["before", "after"])
def test_nobody_starts_outside_the_window(batch, enterprise_user, time_machine, when):
    moment = batch.opens_at - timedelta(minutes=1) if when == "before" else batch.closes_at
    time_machine.move_to(moment)
    with pytest.raises(TransitionRefused):
        start_application(batch, actor=enterprise_user)


def test_complete_application_submits_and_freezes_a_version(application, enterprise_user):
    fill_application(application, actor=enterprise_user)
    assert submission_problems(application) == []
    submit_application(application, actor=enterprise_user)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    version = ApplicationVersion.objects.get(application=application)
    assert version.number == 1
    assert Decimal(version.snapshot["self_score"]["total"]) == self_score(application).total
    assert StatusChange.objects.get(application=application).to_state == "submitted"


def test_empty_application_lists_every_reason(application, enterprise_user):
    with pytest.raises(SubmissionRefused) as caught:
        submit_application(application, actor=enterprise_user)
    problems = [str(p) for p in caught.value.problems]
    assert any("Negative list" in p or "不得申报" in p for p in problems)
    assert any("declaration" in p or "承诺" in p or "声明" in p for p in problems)
    assert len(problems) > 10
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_a_negative_list_yes_blocks_submission(application, enterprise_user):
    fill_application(application, actor=enterprise_user)
    declarations = dict(application.negative_list)
    declarations["dishonest_debtor"] = {"answer": True, "note": "2024年曾被列入"}
    application = save_application_form(
        application,
        actor=enterprise_user,
        data={"negative_list": declarations},
        certifications=[],
        revision=None,
    )
    problems = [str(p) for p in submission_problems(application)]
    assert len(problems) == 1
    assert "失信被执行人" in problems[0]


def test_failed_gate_and_unmet_required_item_block_submission(application, enterprise_user):
    fill_application(application, actor=enterprise_user)
    indicators = application.batch.indicator_system.indicators
    gate = indicators.filter(kind="gate").first()
    required = indicators.filter(requirement="required").order_by("position").first()
    save_self_evaluation(
        application,
        actor=enterprise_user,
        answers={gate: {"met": False}, required: {"met": False}},
        revision=None,
    )
    problems = [str(p) for p in submission_problems(application)]
    assert len(problems) == 2
    assert gate.code in problems[0]
    assert required.code in problems[1]


def test_missing_report_scan_blocks_submission(application, enterprise_user):
    fill_application(application, actor=enterprise_user)
    application.evidence_files.filter(kind="report_scan").delete()
    assert len(submission_problems(application)) == 1


def test_third_party_report_when_the_batch_requires_it(application, enterprise_user):
    application.batch.third_party_report_required = True
    application.batch.save()
    fill_application(application, actor=enterprise_user)  # the demo's filling attaches one
    assert submission_problems(application) == []
    application.evidence_files.filter(kind="third_party_report").delete()
    assert len(submission_problems(application)) == 1


def test_submission_after_the_window_is_refused(application, enterprise_user, time_machine):
    fill_application(application, actor=enterprise_user)
    time_machine.move_to(application.batch.closes_at + timedelta(seconds=1))
    with pytest.raises(SubmissionRefused):
        submit_application(application, actor=enterprise_user)


def test_submitted_application_is_read_only(application, enterprise_user):
    fill_application(application, actor=enterprise_user)
    submit_application(application, actor=enterprise_user)
    with pytest.raises(TransitionRefused):
        save_application_form(
            application,
            actor=enterprise_user,
            data={"products": "x"},
            certifications=[],
            revision=None,
        )


def test_agency_prepares_but_cannot_declare_or_submit(application, agency_user, enterprise_user):
    fill_application(application, actor=agency_user)
    application.refresh_from_db()
    assert application.prepared_by_agency == agency_user.agency
    assert not application.declaration_accepted  # the declaration is the enterprise's own
    with pytest.raises(PermissionDenied):
        submit_application(application, actor=agency_user)
    save_application_form(
        application,
        actor=enterprise_user,
        data={"declaration_accepted": True},
        certifications=[
            {"kind": c.kind, "certificate_no": c.certificate_no}
            for c in application.certifications.all()
        ],
        revision=None,
    )
    application.refresh_from_db()
    assert application.declaration_by == enterprise_user
    submit_application(application, actor=enterprise_user)


def test_other_enterprise_cannot_touch(application, other_enterprise_user):
    with pytest.raises(PermissionDenied):
        save_application_form(
            application,
            actor=other_enterprise_user,
            data={"products": "x"},
            certifications=[],
            revision=None,
        )


def test_stale_page_is_refused_not_overwritten(application, enterprise_user):
    seen = application.revision
    save_application_form(
        application,
        actor=enterprise_user,
        data={"products": "A"},
        certifications=[],
        revision=seen,
    )
    with pytest.raises(StaleEdit):
        save_application_form(
            application,
            actor=enterprise_user,
            data={"products": "B"},
            certifications=[],
            revision=seen,
        )
    application.refresh_from_db()
    assert application.products == "A"


def test_return_opens_a_new_version_and_resubmission_keeps_both(
    application, enterprise_user, district_officer
):
    fill_application(application, actor=enterprise_user)
    submit_application(application, actor=enterprise_user)
    return_for_revision(application, actor=district_officer, reason="3.1 证明材料不清晰")
    application.refresh_from_db()
    assert (application.state, application.version) == (ApplicationState.RETURNED, 2)
    save_application_form(
        application,
        actor=enterprise_user,
        data={"products": "修改后的产品"},
        certifications=[{"kind": "qms", "certificate_no": "NEW-1"}],
        revision=None,
    )
    # the report scan belongs to each version
    fill = application.evidence_files.filter(kind="report_scan").first()
    assert fill.version == 1
    from greenfactory.applications.domain.drafts import add_evidence
    from greenfactory.demo.applications import _pdf

    add_evidence(
        application, actor=enterprise_user, upload=_pdf("新版自评报告.pdf"), kind="report_scan"
    )
    submit_application(application, actor=enterprise_user)
    versions = list(application.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["form"]["products"] != versions[1].snapshot["form"]["products"]


def test_every_state_pair_outside_the_table_is_refused(application, city_officer, enterprise_user):
    for before in ApplicationState.values:
        for after in ApplicationState.values:
            if (before, after) in TRANSITIONS:
                continue
            Application.objects.filter(pk=application.pk).update(state=before)
            with pytest.raises(TransitionRefused):
                transition(application, after, actor=enterprise_user)


def test_closed_batch_keeps_its_state(batch):
    assert batch.state == BatchState.OPEN
    assert batch.closes_at > timezone.now()


def test_reviewers_see_what_changed_between_versions(
    client, application, enterprise_user, district_officer
):
    from greenfactory.applications.domain.versions import changes_in_latest_version
    from greenfactory.demo.applications import _pdf

    fill_application(application, actor=enterprise_user)
    submit_application(application, actor=enterprise_user)
    return_for_revision(application, actor=district_officer, reason="请补充")
    save_application_form(
        application,
        actor=enterprise_user,
        data={"employees": 999},
        certifications=[{"kind": "qms", "certificate_no": "Q-NEW"}],
        revision=None,
    )
    from greenfactory.applications.domain.drafts import add_evidence

    add_evidence(application, actor=enterprise_user, upload=_pdf("补充材料.pdf"))
    add_evidence(
        application, actor=enterprise_user, upload=_pdf("新版自评报告.pdf"), kind="report_scan"
    )
    submit_application(application, actor=enterprise_user)
    since, changes = changes_in_latest_version(application)
    assert since == 1
    keys = {(c.section, c.key) for c in changes}
    assert ("form", "employees") in keys
    assert ("certifications", "qms") in keys
    # the same demo PDF bytes are attached again: evidence is compared by content
    assert ("certifications", "ems") in keys
    client.force_login(district_officer)
    page = client.get(f"/applications/{application.code}/")
    assert "Q-NEW" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_submit_once():
    """The same enterprise presses submit in two browser tabs at the same moment."""
    import threading

    from django.db import connection

    from tests.factories import EnterpriseUserFactory

    user = EnterpriseUserFactory()
    batch = BatchFactory(indicator_system=shipped_system(2025))
    application = fill_application(start_application(batch, actor=user), actor=user)
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        try:
            barrier.wait()
            submit_application(application, actor=user)
            outcomes.append("submitted")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "submitted"]
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    assert StatusChange.objects.filter(application=application).count() == 1


def test_an_application_carries_its_enterprises_district(application):
    assert application.district_id == application.enterprise.district_id
    stored = Application.objects.get(pk=application.pk)
    assert stored.district_id == application.enterprise.district_id


def test_the_submission_keeps_the_versions_self_score(application, enterprise_user):
    fill_application(application, actor=enterprise_user)
    assert application.submitted_score is None
    submitted = submit_application(application, actor=enterprise_user)
    version = submitted.versions.get()
    stored = Application.objects.get(pk=application.pk)
    assert stored.submitted_score == version.self_score == self_score(stored).total


def test_several_files_attached_as_one_edit(application, enterprise_user):
    """``add_evidence_files``: the rows in order, one audit entry per file as ``add_evidence``
    writes it, the revision incremented once (decisions §102)."""
    from greenfactory.applications.domain.drafts import NewEvidence, add_evidence_files
    from greenfactory.demo.applications import _pdf

    revision = application.revision
    added = add_evidence_files(
        application,
        actor=enterprise_user,
        files=[
            NewEvidence(_pdf("能耗台账.pdf", "a")),
            NewEvidence(_pdf("自评报告.pdf", "a"), kind="report_scan"),
        ],
    )
    rows = list(application.evidence_files.order_by("pk"))
    assert rows == added
    assert [(r.original_name, r.kind, r.version) for r in rows] == [
        ("能耗台账.pdf", "evidence", 1),
        ("自评报告.pdf", "report_scan", 1),
    ]
    application.refresh_from_db()
    assert application.revision == revision + 1
    events = AuditEvent.objects.filter(action="applications.evidence.added").order_by("seq")
    assert [e.changes for e in events] == [
        {"file": r.original_name, "sha256": r.sha256, "kind": r.kind, "indicator": ""} for r in rows
    ]
    assert {(e.object_id, e.actor_username) for e in events} == {(application.code, "ent")}


def test_a_refused_file_stores_none_of_its_upload(application, enterprise_user, settings):
    """The second file is not a PDF: neither row is written and the first file, already
    stored, is deleted again."""
    from pathlib import Path

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from greenfactory.applications.domain.drafts import NewEvidence, add_evidence_files
    from greenfactory.demo.applications import _pdf

    revision = application.revision
    forged = SimpleUploadedFile("假的.pdf", b"not a PDF at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        add_evidence_files(
            application,
            actor=enterprise_user,
            files=[NewEvidence(_pdf("能耗台账.pdf", "a")), NewEvidence(forged)],
        )
    assert not application.evidence_files.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
    application.refresh_from_db()
    assert application.revision == revision
    assert not AuditEvent.objects.filter(action="applications.evidence.added").exists()
