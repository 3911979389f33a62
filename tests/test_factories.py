"""Each factory builds what the domain considers that state: the next step of the workflow
accepts it, and the reads that list objects in that state find it."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greenfactory.applications.domain.drafts import add_evidence
from greenfactory.applications.domain.submission import submission_problems, submit_application
from greenfactory.applications.enums import ApplicationState, EvidenceKind
from greenfactory.filings.domain.filings import accept_filing, submit_filing
from greenfactory.filings.domain.queries import filings_visible_to
from greenfactory.programme.domain.batches import is_open_for_applications
from greenfactory.recognition.domain.notice_queries import open_notices
from greenfactory.recognition.domain.objections import decide_objection, investigate_objection
from greenfactory.recognition.domain.ranking import compute_ranking
from greenfactory.recognition.enums import ObjectionOutcome
from greenfactory.reviews.domain.audit import complete_site_audit, team_problems
from greenfactory.reviews.domain.district import (
    recommend_application,
    recommendation_problems,
    review_of,
    save_district_review,
)
from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.domain.expert_queries import my_assignments
from greenfactory.reviews.domain.expert_scores import ScoringRefused, complete_expert_review
from greenfactory.reviews.domain.queries import district_queue, recommendations_for
from greenfactory.rewards.domain.ledger import (
    LedgerRefused,
    approve_entry,
    cancel_entry,
    pay_entry,
)
from greenfactory.rewards.enums import LedgerStatus
from greenfactory.supervision.domain.checks import next_states
from greenfactory.supervision.enums import CheckState
from greenfactory.titles.domain.public_queries import held_titles
from tests.factories import (
    CLEAN_CHECKLIST,
    AcceptedFilingFactory,
    ApprovedLedgerEntryFactory,
    AuditedApplicationFactory,
    BatchFactory,
    CityOfficerFactory,
    ClosedBatchFactory,
    ClosedNoticeFactory,
    DistrictRejectedApplicationFactory,
    DraftApplicationFactory,
    DraftBatchFactory,
    ExpertFactory,
    ExpertReviewApplicationFactory,
    FilingFactory,
    InvestigatingObjectionFactory,
    LedgerEntryFactory,
    ObjectionFactory,
    PaidLedgerEntryFactory,
    PassedSpotCheckFactory,
    PublicNoticeFactory,
    RecommendedApplicationFactory,
    RectifyingSpotCheckFactory,
    ReturnedApplicationFactory,
    ReturnedFilingFactory,
    ReviewedApplicationFactory,
    RevokedSpotCheckFactory,
    RevokedTitleFactory,
    SiteAuditApplicationFactory,
    SpotCheckFactory,
    SubmittedApplicationFactory,
    SubmittedFilingFactory,
    TitleFactory,
    UpheldObjectionFactory,
    UserFactory,
    shipped_system,
)
from tests.factories.accounts import PASSWORD
from tests.factories.applications import TINY_PDF
from tests.factories.titles import TitleStatus

pytestmark = pytest.mark.django_db

S = ApplicationState


@pytest.fixture(params=[2018, 2025], ids=["GBT36132-2018", "GBT36132-2025"])
def batch(request):
    return BatchFactory(indicator_system=shipped_system(request.param))


def states(application):
    return [(c.from_state, c.to_state) for c in application.status_changes.order_by("pk")]


# ---- batches --------------------------------------------------------------------------------


def test_batches_in_each_state():
    assert [
        is_open_for_applications(factory())
        for factory in (DraftBatchFactory, BatchFactory, ClosedBatchFactory)
    ] == [False, True, False]


# ---- applications ---------------------------------------------------------------------------


def test_a_draft_is_empty_and_filled_can_be_submitted(batch, enterprise_user):
    draft = DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise)
    assert (draft.state, draft.versions.count(), draft.self_evaluations.count()) == (S.DRAFT, 0, 0)
    assert draft.contact_person == enterprise_user.enterprise.contact_person
    assert len(submission_problems(draft)) > 1
    draft.delete()
    filled = DraftApplicationFactory(
        batch=batch, enterprise=enterprise_user.enterprise, filled=True
    )
    assert submission_problems(filled) == []
    submitted = submit_application(filled, actor=enterprise_user)
    assert submitted.state == S.SUBMITTED


def test_each_piece_of_evidence_is_a_stored_file_of_its_own_name_and_bytes(enterprise_user):
    application = DraftApplicationFactory(enterprise=enterprise_user.enterprise, filled=True)
    files = list(application.evidence_files.all())
    assert len(files) > 10
    assert len({f.file.name for f in files}) == len(files)
    for evidence in files:
        assert evidence.file.name.startswith(f"evidence/{application.code}/")
        with evidence.file.open("rb") as stored:
            assert stored.read() == TINY_PDF
        assert evidence.sha256 == hashlib.sha256(TINY_PDF).hexdigest()
        assert evidence.size == len(TINY_PDF)


def test_a_factory_account_has_the_password_and_keeps_it_in_its_history(settings):
    account = UserFactory()
    assert account.check_password(PASSWORD)
    assert list(account.password_history.values_list("password", flat=True)) == [account.password]
    # Under other hashers the account gets a hash they check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert UserFactory().password.startswith("pbkdf2_sha256$")


def test_a_submitted_application_waits_in_its_districts_queue(
    batch, district_officer, other_district_officer
):
    application = SubmittedApplicationFactory(batch=batch)
    version = application.versions.get()
    assert (version.number, version.self_score) == (1, application.submitted_score)
    assert Decimal(70) < application.submitted_score < Decimal(90)
    assert states(application) == [(S.DRAFT, S.SUBMITTED)]
    assert list(district_queue(district_officer)) == [application]
    assert list(district_queue(other_district_officer)) == []
    save_district_review(application, actor=district_officer, data=CLEAN_CHECKLIST, comments={})
    assert recommend_application(application, actor=district_officer).state == S.RECOMMENDED


def test_a_returned_application_is_open_for_its_second_version(batch, enterprise_user):
    application = ReturnedApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise)
    assert (application.version, review_of(application)) == (2, None)
    assert application.district_reviews.get().decision == "returned"
    assert states(application) == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.RETURNED)]
    # Only the signed report of the new version is missing, as after a real return.
    assert len(submission_problems(application)) == 1
    add_evidence(
        application,
        actor=enterprise_user,
        upload=SimpleUploadedFile("自评报告.pdf", TINY_PDF, content_type="application/pdf"),
        kind=EvidenceKind.REPORT_SCAN,
    )
    assert submit_application(application, actor=enterprise_user).versions.count() == 2


def test_a_district_rejected_application_stays_in_the_queue(district_officer):
    application = DistrictRejectedApplicationFactory()
    assert application.state == S.DISTRICT_REJECTED
    assert application.status_changes.last().reason == "不符合申报条件"
    assert list(district_queue(district_officer)) == [application]


def test_recommended_applications_are_ranked_by_their_district(city_officer):
    first = RecommendedApplicationFactory()
    second = RecommendedApplicationFactory(batch=first.batch)
    assert recommendation_problems(review_of(first)) == []
    assert [(r.application, r.rank) for r in recommendations_for(city_officer, first.batch)] == [
        (first, 1),
        (second, 2),
    ]


def test_a_site_audit_is_scheduled_with_a_valid_team(city_officer):
    application = SiteAuditApplicationFactory()
    audit = application.site_audits.get()
    members = [m.user for m in audit.members.all()]
    lead = audit.members.get(is_lead=True).user
    assert team_problems(application, members, lead) == []
    assert audit.scheduled_for > timezone.now()
    assert complete_site_audit(audit, actor=lead, conclusion="一致").status == "completed"


def test_an_audited_application_takes_experts(city_officer):
    application = AuditedApplicationFactory()
    assert application.site_audits.get().status == "completed"
    assign_experts(application, [ExpertFactory()], actor=city_officer)
    application.refresh_from_db()
    assert application.state == S.EXPERT_REVIEW


def test_in_expert_review_the_experts_have_not_submitted(city_officer):
    expert = ExpertFactory()
    application = ExpertReviewApplicationFactory(experts=[expert])
    assert [a.assignment.application for a in my_assignments(expert)] == [application]
    with pytest.raises(ScoringRefused):
        complete_expert_review(application, actor=city_officer)


def test_reviewed_applications_are_ranked(city_officer):
    batch = BatchFactory(state="closed")
    good = ReviewedApplicationFactory(batch=batch)
    poor = ReviewedApplicationFactory(batch=batch, quality=Decimal("0.3"))
    assert good.expert_result.expert_count == 3
    assert good.expert_result.score == good.submitted_score
    assert states(good)[-1] == (S.EXPERT_REVIEW, S.REVIEWED)
    batch.state = "in_review"
    batch.save()
    ranking = compute_ranking(batch, actor=city_officer)
    placed = {e.application_id: (e.eligible, e.proposed) for e in ranking.entries.all()}
    assert placed == {good.pk: (True, True), poor.pk: (False, False)}


# ---- titles, spot checks, rewards, filings ----------------------------------------------------


def test_a_title_in_force_is_listed_and_a_revoked_one_is_not():
    held = TitleFactory()
    revoked = RevokedTitleFactory()
    assert list(held_titles()) == [held]
    assert revoked.status_changes.get().to_status == TitleStatus.REVOKED


def test_spot_checks_in_each_state():
    check = SpotCheckFactory()
    check.title.refresh_from_db()
    assert (check.title.status, check.application.batch) == (
        TitleStatus.UNDER_CHECK,
        check.round.batch,
    )
    assert set(next_states(check)) == {CheckState.PASSED, CheckState.RECTIFYING, "revoked"}
    for factory, title_status in [
        (PassedSpotCheckFactory, TitleStatus.VALID),
        (RectifyingSpotCheckFactory, TitleStatus.RECTIFYING),
        (RevokedSpotCheckFactory, TitleStatus.REVOKED),
    ]:
        made = factory()
        made.title.refresh_from_db()
        assert made.title.status == title_status
        assert made.decisions.get().to_state == made.state


def test_ledger_entries_move_on_from_their_state():
    due = LedgerEntryFactory()
    assert due.amount_due == Decimal("200000.00")
    approved = approve_entry(due, actor=CityOfficerFactory())
    assert approved.status == LedgerStatus.APPROVED
    entry = ApprovedLedgerEntryFactory()
    paid = pay_entry(
        entry, actor=CityOfficerFactory(), reference="X-1", paid_on=timezone.localdate()
    )
    assert paid.status == LedgerStatus.PAID
    with pytest.raises(LedgerRefused):
        cancel_entry(PaidLedgerEntryFactory(), actor=CityOfficerFactory(), reason="撤销")


def test_filings_in_each_state(district_officer, enterprise_user):
    draft = FilingFactory(title__enterprise=enterprise_user.enterprise)
    assert list(filings_visible_to(enterprise_user)) == [draft]
    assert submit_filing(draft, actor=enterprise_user).state == "submitted"
    assert accept_filing(SubmittedFilingFactory(), actor=district_officer).state == "accepted"
    assert AcceptedFilingFactory().status_changes.count() == 2
    assert ReturnedFilingFactory().return_reason


# ---- notices and objections -----------------------------------------------------------------


def test_an_open_notice_lists_the_decided_factories():
    notice = PublicNoticeFactory(entries=2)
    assert list(open_notices()) == [notice]
    assert notice.batch.party_group_decision.entries.count() == 2
    assert [e.position for e in notice.entries.all()] == [1, 2]
    closed = ClosedNoticeFactory()
    assert closed.ends_on < timezone.localdate() + timedelta(days=1)
    assert list(open_notices()) == [notice]


def test_objections_in_each_state(city_officer):
    received = ObjectionFactory()
    assert investigate_objection(received, actor=city_officer).state == "investigating"
    investigating = InvestigatingObjectionFactory()
    decided = decide_objection(
        investigating,
        actor=city_officer,
        outcome=ObjectionOutcome.DISMISS,
        investigation="查",
        outcome_reason="否",
    )
    assert decided.state == "dismissed"
    upheld = UpheldObjectionFactory()
    upheld.entry.refresh_from_db()
    assert upheld.entry.removed
