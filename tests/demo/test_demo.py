from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.accounts.models import Enterprise, User
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.domain.audit import verify_chain
from greenfactory.demo.data import DEMO_LOGINS, load_demo
from greenfactory.programme.models import Batch
from greenfactory.recognition.enums import ObjectionState
from greenfactory.recognition.models import Ranking
from greenfactory.rewards.models import LedgerEntry
from greenfactory.titles.domain.titles import CertificateStatus
from greenfactory.titles.models import Title
from tests.demo.carbon_demo import check_the_carbon_disclosure, check_the_carbon_trend
from tests.demo.filings_demo import check_filed_flagged_and_missing_factories
from tests.demo.integrity_demo import (
    check_a_filing_far_from_its_designation_is_signalled,
    check_each_planted_signal_with_dispositions,
)
from tests.demo.kept_history import load_history
from tests.demo.lifecycle_demo import check_2019_titles_in_force_and_recommendable_to_the_province
from tests.demo.peers_demo import check_the_peer_comparison_of_enterprise2
from tests.demo.spot_check_demo import check_a_published_spot_check_with_one_revocation
from tests.demo.upward_demo import check_candidacies_and_a_removal_list
from tests.demo.zero_carbon_demo import check_the_zero_carbon_round

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_resets_passwords(client):
    _password, logins = load_demo("First-Password-1", history=False)
    assert [login for login, _role in logins] == DEMO_LOGINS
    # 43 enterprises, and ten more of 通用设备制造业 for the peer comparison (§67).
    assert Enterprise.objects.count() == 53
    check_an_ineligible_enterprise_is_refused_at_start()
    check_the_peer_comparison_of_enterprise2(client)
    this_year = timezone.localdate().year
    assert set(Batch.objects.values_list("year", "state")) == {
        (2019, "closed"),
        (this_year, "open"),
    }
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.RETURNED,
        ApplicationState.RECOMMENDED,
        ApplicationState.DISTRICT_REJECTED,
        ApplicationState.SITE_AUDIT,
        ApplicationState.EXPERT_REVIEW,
    }
    from greenfactory.reviews.models import ExpertAssignment

    assignments = ExpertAssignment.objects.all()
    assert assignments.count() == 5
    assert assignments.filter(submitted_at__isnull=False).count() == 4
    assert assignments.get(submitted_at__isnull=True).expert.username == "expert"
    check_the_third_party_report()
    check_each_planted_signal_with_dispositions()
    assert verify_chain()[1] == []
    # An industry benchmark applied: 常州恒泰精密机械 (division 34) is judged by its row.
    from greenfactory.applications.domain.figures import benchmarks_of, scoring_indicators

    machinery = Application.objects.get(
        batch__year=this_year, enterprise__users__username="enterprise2"
    )
    applied = benchmarks_of(machinery)["1.1.1"]
    assert (applied.level, applied.industry_code, applied.product_unit) == ("division", "34", "t")
    assert applied.is_default
    expert_page_items = {i.code: i for i in scoring_indicators(machinery)}
    assert "34" in expert_page_items["1.1.1"].applied_benchmark.label
    load_demo("Second-Password-2")
    assert Enterprise.objects.count() == 53
    assert User.objects.get(username="city").check_password("Second-Password-2")
    assert all(
        User.objects.get(username=name).check_password("Second-Password-2") for name in DEMO_LOGINS
    )


def check_an_ineligible_enterprise_is_refused_at_start():
    """enterprise6, a warehouse established in 2025, is refused with both reasons (§51)."""
    from greenfactory.applications.domain.drafts import start_application
    from greenfactory.applications.domain.eligibility import NotEligible

    user = User.objects.get(username="enterprise6")
    assert user.enterprise.established_on_confirmed
    batch = Batch.objects.get(year=timezone.localdate().year)
    with translation.override("en"), pytest.raises(NotEligible) as caught:
        start_application(batch, actor=user)
    reasons = [str(problem) for problem in caught.value.problems]
    assert len(reasons) == 2
    assert reasons[0].startswith("At least 2 years in operation are required")
    assert "section G" in reasons[1]
    # Every enterprise that applied this year meets the batch's conditions.
    for application in Application.objects.filter(batch=batch).select_related("enterprise"):
        assert application.enterprise.established_on_confirmed


@pytest.mark.replays_history
def test_the_history_designates_2019_pays_its_rewards_and_leaves_2020_to_rank(client):
    # Loaded here whatever is kept: the loading is what this checks; what it loads is kept
    # for the recognition journey when no copy is (tests/demo/kept_history.py).
    load_history()
    check_the_history(client)


def check_the_history(client):
    """What the demo's replayed history holds, checked on a loaded demo: here after the test's
    own load on SQLite, and by .ci/run on the demo it loads on PostgreSQL (inside a transaction
    it rolls back: the checks approve and pay a reward and rank the 2020 batch)."""
    from greenfactory.recognition.domain.ranking import compute_ranking
    from greenfactory.rewards.domain.ledger import approve_entry, pay_entry
    from greenfactory.titles.domain.titles import certificate_status

    # Loading the history is most of the cost: its later years are checked on the same load.
    check_a_published_spot_check_with_one_revocation(client)
    check_filed_flagged_and_missing_factories()
    check_a_filing_far_from_its_designation_is_signalled()
    check_2019_titles_in_force_and_recommendable_to_the_province(client)
    check_candidacies_and_a_removal_list(client)
    city, city2 = User.objects.get(username="city"), User.objects.get(username="city2")

    # 2019: 28 applications ranked (21 eligible, 20 proposed), decided, on notice, designated.
    first = Batch.objects.get(year=2019)
    assert first.state == "published"
    applications = Application.objects.filter(batch=first)
    assert applications.count() == 28
    assert {a.submitted_at.year for a in applications} == {2019}
    ranking = Ranking.objects.get(batch=first)
    entries = list(ranking.entries.all())
    assert (ranking.candidates, ranking.eligible_count) == (28, 21)
    assert sum(e.proposed for e in entries) == 20
    unmet = [e for e in entries if {"code": "required_unmet", "items": ["2.1.1"]} in e.reasons]
    assert len(unmet) == 1
    assert any(r["code"] == "tie_broken" for e in entries for r in e.reasons)
    decision = first.party_group_decision
    assert decision.meeting_on == date(2019, 11, 12)
    assert decision.entries.filter(included=True).count() == 20
    notice = first.public_notice
    assert (notice.state, notice.starts_on, notice.ends_on) == (
        "closed",
        date(2019, 11, 18),
        date(2019, 11, 22),
    )
    assert notice.entries.count() == 20
    assert not notice.entries.filter(removed=True).exists()
    # As Jiangsu publishes: 排名不分先后, no scores, both contacts for objections.
    assert notice.publish_scores is False
    assert notice.bureau_contact == "常州市工业和信息化局节能与综合利用处 0519-86001201"
    assert notice.discipline_contact == "驻市工信局纪检监察组 0519-86001202"
    listed = list(notice.entries.order_by("position"))
    assert {entry.score for entry in listed} == {None}
    assert [e.application.enterprise.district.code for e in listed] == sorted(
        e.application.enterprise.district.code for e in listed
    )
    [objection] = notice.objections.all()
    assert objection.state == ObjectionState.DISMISSED
    assert objection.entry.position == 4
    assert timezone.localtime(objection.submitted_at).date() == date(2019, 11, 19)

    titles = Title.objects.filter(batch=first).order_by("certificate_number")
    assert [t.certificate_number[:20] for t in titles] == [
        f"GF320400-2019-C{n:04d}-" for n in range(1, 21)
    ]
    assert {(t.level, t.year, t.issued_on, t.valid_until) for t in titles} == {
        ("city", 2019, date(2019, 12, 5), None)  # no expiry: they stand until revoked
    }
    # The 2023 spot check (demo.supervision) revoked one of them.
    assert sorted(t.status for t in titles) == ["revoked"] + ["valid"] * 19
    # Certificates are built by the task queued after commit, by the worker.
    assert certificate_status(first) == CertificateStatus(titles=20, ready=0)
    check_a_demo_certificate_is_signed(titles[0])

    # Rewards: created by the designating officer, approved by the other one, mostly paid.
    ledger = LedgerEntry.objects.filter(title__batch=first)
    assert {(e.amount_due, e.created_by) for e in ledger} == {(D("200000.00"), city)}
    paid = ledger.filter(status="paid")
    assert paid.count() == 17
    assert {(e.approved_by, e.paid_by, e.paid_on) for e in paid} == {
        (city2, city, date(2020, 4, 20))
    }
    assert ledger.filter(status="approved").count() == 2
    assert ledger.filter(status="due").count() == 1

    # 2021: a 2019 factory's provincial title, imported; its entry pays only the difference.
    [upgrade] = LedgerEntry.objects.filter(level="provincial")
    holder = User.objects.get(username="ent16").enterprise
    assert (upgrade.enterprise, upgrade.year, upgrade.status) == (holder, 2021, "due")
    assert (upgrade.rate_amount, upgrade.deducted, upgrade.amount_due) == (
        D("300000.00"),
        D("200000.00"),
        D("100000.00"),
    )
    assert [d["entry"] for d in upgrade.deductions] == [holder.ledger_entries.get(year=2019).code]
    assert holder.ledger_entries.get(year=2019).status == "paid"
    assert upgrade.title.source == "imported"
    assert upgrade.created_by == city2
    assert Title.objects.filter(year=2021).count() == 1  # the other cities' rows are not ours

    # 2020: ten applications reviewed, waiting for the city to rank them.
    second = Batch.objects.get(year=2020)
    assert second.state == "in_review"
    applications = Application.objects.filter(batch=second)
    assert applications.count() == 10
    assert {a.submitted_at.year for a in applications} == {2020}
    assert set(applications.values_list("state", flat=True)) == {
        ApplicationState.REVIEWED,
        ApplicationState.DISTRICT_REJECTED,
    }
    assert not applications.filter(enterprise__titles__isnull=False).exists()
    ranking = compute_ranking(second, actor=city)
    assert (ranking.candidates, ranking.eligible_count) == (10, 7)
    assert sum(e.proposed for e in ranking.entries.all()) == 7
    assert verify_chain()[1] == []

    # The pages show it: the notice with its objection, the registry, the ledger.
    client.force_login(city)
    manage = client.get(reverse("recognition:notice_manage", kwargs={"batch_code": first.code}))
    assert objection.code in manage.text
    assert objection.entry.enterprise_name in manage.text
    assert holder.name in client.get(reverse("recognition:notice", args=[notice.code])).text
    assert titles[0].certificate_number in client.get(reverse("titles:titles")).text
    newest = client.get(reverse("rewards:ledger"), {"year": 2021}).text
    assert upgrade.code in newest
    rewarded = client.get(reverse("rewards:ledger"), {"year": 2019}).text
    assert holder.ledger_entries.get(year=2019).code in rewarded
    assert upgrade.code not in rewarded

    # The demo's city officer can approve the upgrade (another officer imported it); the other
    # officer registers its payment (the approver may not, decisions §49).
    upgrade = approve_entry(upgrade, actor=city)
    today = timezone.localdate()
    upgrade = pay_entry(upgrade, actor=city2, reference="常财企〔2026〕1号", paid_on=today)
    assert upgrade.status == "paid"

    # The zero-carbon round of 2026 on the same engine (decisions §72).
    check_the_zero_carbon_round(client)
    check_the_carbon_disclosure(client)
    check_the_carbon_trend(client)


def check_the_third_party_report():
    """One audited application carries a signed third-party report by the demo body, which
    the demo login ``evaluator`` reads; the consulting agency is another organisation."""
    from greenfactory.applications.domain.queries import applications_visible_to
    from greenfactory.applications.domain.submission import third_party_report_notice
    from greenfactory.reviews.models import ThirdPartyEvaluation

    evaluator = User.objects.get(username="evaluator")
    [evaluation] = ThirdPartyEvaluation.objects.all()
    assert evaluation.state == "submitted"
    assert evaluation.body == evaluator.evaluation_body
    assert evaluation.independence_declared and evaluation.responsible_person == "许立衡"
    assert evaluation.items.filter(score__isnull=False).count() > 0
    assert evaluation.items.filter(met=True).count() > 0
    assert list(applications_visible_to(evaluator)) == [evaluation.application]
    agency = User.objects.get(username="agency").agency
    assert agency.legal_representative != evaluation.body.legal_representative
    # enterprise2's pages say the body's filed report replaces the upload; enterprise's draft
    # is asked for the upload (decisions §70.3).
    notice = third_party_report_notice(evaluation.application)
    assert notice.bodies == (evaluation.body.name,)
    draft = Application.objects.get(enterprise__users__username="enterprise", state="draft")
    assert third_party_report_notice(draft).bodies == ()


def check_a_demo_certificate_is_signed(title):
    """The demo signs with its own self-signed pair (under var/signing/), and the verification
    page's check accepts the certificate it signed."""
    from django.conf import settings

    from greenfactory.titles.domain.certificate_pdf import build_certificate
    from greenfactory.titles.domain.public_queries import verify_certificate_file

    assert settings.CERTIFICATE_SIGNING_SELF_SIGNED
    assert build_certificate(title.pk)
    title.refresh_from_db()
    with title.certificate.open("rb") as stored:
        result = verify_certificate_file(stored.read())
    assert result.signature.genuine
    assert result.signature.number == title.certificate_number
    assert result.same_file
