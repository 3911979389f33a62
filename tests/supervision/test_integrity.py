"""Integrity signals (decisions §66): each rule, who sees which side of a match, and the
officer's disposition through the workflow, audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import override

from greenfactory.applications.domain.submission import submit_application
from greenfactory.core.models import AuditEvent
from greenfactory.filings.domain.filings import submit_filing
from greenfactory.supervision.domain.integrity import texts
from greenfactory.supervision.domain.integrity.dispositions import (
    DispositionRefused,
    dispose_signal,
)
from greenfactory.supervision.domain.integrity.findings import (
    find_application_signals,
    find_filing_signals,
    robust_range,
)
from greenfactory.supervision.domain.integrity.queries import (
    explanation_of,
    signals_of_application,
)
from greenfactory.supervision.enums import SignalKind, SignalState
from greenfactory.supervision.models import IntegritySignal, SignalDisposition
from greenfactory.supervision.views.common import signal_panel
from tests.factories import (
    AgencyFactory,
    BatchFactory,
    DraftApplicationFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    ExpertFactory,
    FilingFactory,
    SubmittedApplicationFactory,
    industry,
    region,
)
from tests.factories.reviews import assignment_rows
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

REPORT = (
    "本公司建立了完善的能源管理体系，设置能源管理岗位并配备专职能源管理人员，"
    "每月对主要用能设备开展能效监测，对空压机系统实施变频改造，年节电约一百二十万千瓦时，"
    "并将节能目标分解到各车间和班组进行考核。"
)
REWORDED = REPORT.replace("本公司", "我公司").replace("一百二十万", "一百一十万")
OTHER_TEXT = (
    "企业持续推进光伏发电项目建设，厂房屋顶铺设分布式光伏组件，装机容量两兆瓦，"
    "所发电量全部自用，余电上网，同时建设储能系统以平抑用电峰谷，降低外购电量比例。"
)


def kinds(application):
    return sorted(application.integrity_signals.values_list("kind", flat=True))


def signal_of(application, kind):
    return application.integrity_signals.get(kind=kind)


@pytest.fixture
def batch():
    return BatchFactory()


def submitted(batch, district="320412", **kwargs):
    enterprise = EnterpriseFactory(district=region(district), **kwargs)
    return SubmittedApplicationFactory(batch=batch, enterprise=enterprise)


def write_explanation(application, text, position=0):
    row = application.self_evaluations.order_by("indicator__position")[position]
    row.explanation = text
    row.save()


def vary_years(application):
    """Years that differ a little, so only the rule under test fires."""
    for i, record in enumerate(application.performance_years.order_by("year")):
        record.output_quantity = Decimal(25_000 + 500 * i)
        record.save()


def unique_files(application):
    for i, f in enumerate(application.evidence_files.all()):
        f.sha256 = f"{application.pk:032d}{i:032d}"
        f.save()


# --- Same file, two enterprises ---------------------------------------------------------------


def test_a_file_of_another_enterprise_is_signalled_on_both_sides(batch):
    mine = submitted(batch)
    theirs = submitted(batch, district="320411")
    find_application_signals(mine)
    signal = signal_of(mine, SignalKind.SAME_FILE)
    assert signal.other_application == theirs
    assert signal.evidence["other_application"] == theirs.code
    assert {f["sha256"] for f in signal.evidence["files"]} == set(
        mine.evidence_files.values_list("sha256", flat=True)
    )
    mirrored = signal_of(theirs, SignalKind.SAME_FILE)
    assert mirrored.other_application == mine


def test_the_same_enterprise_reusing_its_file_is_no_signal(batch):
    mine = submitted(batch)
    DraftApplicationFactory(batch=BatchFactory(year=2025), enterprise=mine.enterprise, filled=True)
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.SAME_FILE).exists()


def test_different_files_are_no_signal(batch):
    mine = submitted(batch)
    theirs = submitted(batch, district="320411")
    unique_files(theirs)
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.SAME_FILE).exists()


# --- Copied text ------------------------------------------------------------------------------


def test_near_duplicate_text_of_another_enterprise_is_found_through_the_bands(batch):
    agency = AgencyFactory()
    theirs = submitted(batch, district="320411")
    theirs.prepared_by_agency = agency
    theirs.save()
    write_explanation(theirs, REWORDED)
    find_application_signals(theirs)  # its passages are stored at its submission
    mine = submitted(batch)
    mine.prepared_by_agency = agency
    mine.save()
    write_explanation(mine, REPORT)
    find_application_signals(mine)
    signal = signal_of(mine, SignalKind.COPIED_TEXT)
    assert signal.other_application == theirs
    assert signal.evidence["shared_agency"] is True
    [passage] = signal.evidence["passages"]
    assert passage["own"] == passage["other"]
    assert passage["own"].startswith("answer:")
    assert passage["similarity"] >= float(batch.integrity_text_similarity)
    assert signal_of(theirs, SignalKind.COPIED_TEXT).other_application == mine


def test_different_text_and_short_answers_are_no_signal(batch):
    theirs = submitted(batch, district="320411")
    write_explanation(theirs, OTHER_TEXT)
    find_application_signals(theirs)
    mine = submitted(batch)
    write_explanation(mine, REPORT)
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.COPIED_TEXT).exists()
    # The factories' one-line explanations are the same everywhere but too short to count.
    assert not mine.text_passages.filter(source__startswith="answer:").exclude(text=REPORT).exists()


def test_the_threshold_of_the_batch_decides(batch):
    batch.integrity_text_similarity = Decimal("0.99")
    batch.save()
    theirs = submitted(batch, district="320411")
    write_explanation(theirs, REWORDED)
    find_application_signals(theirs)
    mine = submitted(batch)
    write_explanation(mine, REPORT)
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.COPIED_TEXT).exists()


def test_the_signature_is_stable_and_similarity_follows_the_text():
    a, b = texts.signature(REPORT), texts.signature(REWORDED)
    assert (texts.signature(REPORT) == a).all()
    assert texts.similarity(a, b) > 0.6
    assert texts.similarity(a, texts.signature(OTHER_TEXT)) < 0.2
    assert texts.normalise("Ａ B，c。") == "abc"


# --- Implausible figures ----------------------------------------------------------------------


def test_robust_range():
    values = [Decimal(v) for v in (10, 11, 12, 13, 14)]
    assert robust_range(values, Decimal(3)) == (Decimal(12), Decimal(1), Decimal(9), Decimal(15))


def _peers(batch, count, energy="18000000"):
    for i in range(count):
        peer = submitted(batch, district="320411")
        unique_files(peer)
        last = peer.performance_years.order_by("-year").first()
        last.energy = {**last.energy, "electricity": str(int(energy) + 200_000 * i)}
        last.save()


def _outlier(batch):
    mine = submitted(batch)
    vary_years(mine)
    last = mine.performance_years.order_by("-year").first()
    last.energy = {**last.energy, "electricity": "90000000"}
    last.save()
    return mine


def test_a_figure_far_from_five_peers_is_signalled(batch):
    _peers(batch, 5)
    mine = _outlier(batch)
    find_application_signals(mine)
    found = mine.integrity_signals.filter(kind=SignalKind.PEER_OUTLIER)
    formulas = {s.evidence["formula"] for s in found}
    assert "unit_product_energy" in formulas
    evidence = found.get(key__startswith="unit_product_energy").evidence
    assert evidence["peers"] == 5
    assert Decimal(evidence["value"]) > Decimal(evidence["high"])


def test_four_peers_are_too_few(batch):
    _peers(batch, 4)
    mine = _outlier(batch)
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.PEER_OUTLIER).exists()


def test_peers_of_another_industry_do_not_count(batch):
    _peers(batch, 5)
    mine = _outlier(batch)
    mine.enterprise.industry = industry("13")
    mine.enterprise.save()
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.PEER_OUTLIER).exists()


def test_identical_years_are_signalled(batch):
    mine = submitted(batch)  # the factory writes the same figures for each year
    find_application_signals(mine)
    years = sorted(
        tuple(s.evidence["years"])
        for s in mine.integrity_signals.filter(kind=SignalKind.IDENTICAL_YEARS)
    )
    assert years == [(2023, 2024), (2024, 2025)]
    vary_years(mine)
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.IDENTICAL_YEARS).exists()


def test_a_year_on_year_jump_beyond_the_factor_is_signalled(batch):
    mine = submitted(batch)
    vary_years(mine)
    last = mine.performance_years.order_by("-year").first()
    last.output_quantity = Decimal(8_000)  # about three times the energy per tonne
    last.save()
    find_application_signals(mine)
    jump = mine.integrity_signals.get(kind=SignalKind.YEAR_JUMP, key="unit_product_energy:2025")
    assert jump.evidence["from_year"] == 2024
    assert Decimal(jump.evidence["ratio"]) > batch.integrity_jump_factor
    batch.integrity_jump_factor = Decimal(5)
    batch.save()
    find_application_signals(mine)
    assert not mine.integrity_signals.filter(kind=SignalKind.YEAR_JUMP).exists()


def _designated(batch):
    application = submitted(batch)
    vary_years(application)
    title = TitleFactory(enterprise=application.enterprise, application=application, year=2026)
    return application, title


def test_a_filing_contradicting_the_designation_figures_is_signalled(batch, enterprise_user):
    application, title = _designated(batch)
    filing = FilingFactory(title=title, reference_batch=batch, year=2025)
    granted = application.performance_years.get(year=2025)
    for name in ("energy", "output_value_10k_yuan", "water_intake_m3", "output_quantity"):
        setattr(filing, name, getattr(granted, name))
    filing.output_quantity = Decimal(30_000)
    filing.save()
    find_filing_signals(filing)
    signal = filing.integrity_signals.get(kind=SignalKind.CONTRADICTS_DESIGNATION)
    assert signal.evidence["differences"] == [
        {"field": "output_quantity", "filed": "30000", "granted": "26000"}
    ]
    assert signal.batch == batch


def test_a_later_filing_far_from_the_figures_the_title_rests_on_is_signalled(batch):
    application, title = _designated(batch)
    granted = application.performance_years.get(year=2025)

    def filed(output):
        filing = FilingFactory(title=title, reference_batch=batch, year=2027)
        for name in ("energy", "output_value_10k_yuan", "water_intake_m3"):
            setattr(filing, name, getattr(granted, name))
        filing.output_quantity = output
        filing.save()
        find_filing_signals(filing)
        return filing

    near = filed(granted.output_quantity * Decimal("0.8"))  # a quarter more per tonne
    assert not near.integrity_signals.exists()
    near.delete()
    far = filed(granted.output_quantity / 3)  # three times the energy per tonne
    signal = far.integrity_signals.get(
        kind=SignalKind.CONTRADICTS_DESIGNATION, key="unit_product_energy:2027"
    )
    assert signal.evidence["from_year"] == 2025 and signal.evidence["to_year"] == 2027
    assert Decimal(signal.evidence["ratio"]) > batch.integrity_jump_factor
    with override("en"):
        text = explanation_of(signal)
    assert "the last year the title was granted on" in text and "2025" in text


def test_a_filing_identical_to_the_year_before_is_signalled(batch):
    application, title = _designated(batch)
    filing = FilingFactory(title=title, reference_batch=batch, year=2026)
    before = application.performance_years.get(year=2025)
    for name in ("energy", "output_value_10k_yuan", "water_intake_m3", "output_quantity"):
        setattr(filing, name, getattr(before, name))
    filing.save()
    find_filing_signals(filing)
    assert kinds(filing) == [SignalKind.IDENTICAL_YEARS]


# --- In the background ------------------------------------------------------------------------


def test_submission_finds_the_signals_once_committed(
    batch, enterprise_user, django_capture_on_commit_callbacks
):
    submitted(batch, district="320411")
    mine = DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise, filled=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_application(mine, actor=enterprise_user)
    assert len(callbacks) >= 1
    assert SignalKind.SAME_FILE in kinds(mine)
    assert mine.text_passages.filter(source="products").exists() is False  # too short


def test_filing_finds_the_signals_once_committed(batch, django_capture_on_commit_callbacks):
    _application, title = _designated(batch)
    filing = FilingFactory(title=title, reference_batch=batch, year=2025)
    user = EnterpriseUserFactory(enterprise=filing.enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        submit_filing(filing, actor=user)
    assert SignalKind.CONTRADICTS_DESIGNATION in kinds(filing)


# --- Who sees which side ----------------------------------------------------------------------


@pytest.fixture
def copied(batch):
    theirs = submitted(batch, district="320411")
    write_explanation(theirs, REWORDED)
    find_application_signals(theirs)
    mine = submitted(batch, district="320412")
    write_explanation(mine, REPORT)
    find_application_signals(mine)
    return mine, theirs


def _shown(user, application, kind):
    return next(s for s in signals_of_application(user, application) if s.signal.kind == kind)


def test_the_city_sees_both_sides(copied, city_officer):
    mine, theirs = copied
    with override("en"):
        shown = _shown(city_officer, mine, SignalKind.COPIED_TEXT)
        same = _shown(city_officer, mine, SignalKind.SAME_FILE)
    assert shown.other_visible
    assert theirs.enterprise.name in shown.other_label
    [row] = shown.rows
    assert row["own"] == REPORT and row["other"] == REWORDED
    assert same.rows[0]["other"]


def test_a_district_officer_sees_only_its_side(copied, district_officer):
    mine, theirs = copied
    with override("en"):
        shown = _shown(district_officer, mine, SignalKind.COPIED_TEXT)
        same = _shown(district_officer, mine, SignalKind.SAME_FILE)
    assert not shown.other_visible
    assert shown.other_label == "an application outside your district"
    assert theirs.enterprise.name not in shown.other_label
    [row] = shown.rows
    assert row["own"] == REPORT and row["other"] == "" and row["other_label"] == ""
    assert same.other_label == "an application outside your district"
    assert all(r["other"] == "" for r in same.rows)


def test_the_other_district_sees_its_own_application_and_not_the_first(
    copied, other_district_officer
):
    mine, theirs = copied
    assert signals_of_application(other_district_officer, mine) == []
    with override("en"):
        shown = _shown(other_district_officer, theirs, SignalKind.COPIED_TEXT)
    assert shown.rows[0]["own"] == REWORDED and shown.rows[0]["other"] == ""


def test_an_expert_sees_only_the_assigned_application(copied):
    mine, theirs = copied
    expert = ExpertFactory()
    assignment_rows(mine, [expert])
    with override("en"):
        shown = _shown(expert, mine, SignalKind.COPIED_TEXT)
    assert shown.other_label == "an application outside your scope"
    assert shown.rows[0]["other"] == ""
    assert signals_of_application(expert, theirs) == []


def test_an_experts_signals_are_the_visibility_querys_own_rows(copied):
    from greenfactory.supervision.domain.integrity.queries import signals_visible_to

    mine, _theirs = copied
    expert = ExpertFactory()
    assignment_rows(mine, [expert])
    expected = list(
        signals_visible_to(expert)
        .filter(application=mine)
        .select_related(None)
        .select_related("disposed_by", "district")
    )
    shown = signals_of_application(expert, mine)  # read by the compiled query (§111)
    assert [s.signal for s in shown] == expected and len(expected) >= 2
    for signal, orm in zip((s.signal for s in shown), expected, strict=True):
        assert signal.district == orm.district and signal.disposed_by == orm.disposed_by
        assert IntegritySignal._meta.get_field("district").is_cached(signal)
    # Unassigned, or inactive: none, as the rule says.
    assert signals_of_application(ExpertFactory(), mine) == []
    expert.is_active = False
    assert signals_of_application(expert, mine) == []


def test_enterprises_see_no_signals(copied, enterprise_user):
    mine, _theirs = copied
    assert IntegritySignal.objects.filter(application=mine).exists()
    assert signals_of_application(enterprise_user, mine) == []


def test_the_panel_with_its_disposition_forms_reads_no_row_per_signal(
    copied, district_officer, rf, django_assert_num_queries
):
    mine, _theirs = copied
    dispose_signal(
        signal_of(mine, SignalKind.SAME_FILE),
        SignalState.EXPLAINED,
        actor=district_officer,
        note="同一供应商的检测报告",
    )
    request = rf.get(f"/reviews/district/{mine.code}/")
    request.user = district_officer
    # The signals, the other sides the officer may see, the passages (the panel renders with the
    # request's context, whose unread count is read only by a template that shows it, §110): the
    # disposer and the district of each signal (which the disposition rule reads) come with the
    # signals.
    with override("en"), django_assert_num_queries(3):
        html = signal_panel(request, mine)
    signals = IntegritySignal.objects.filter(application=mine).count()
    assert signals >= 2
    assert html.count('<form method="post"') == signals
    assert "同一供应商的检测报告" in html
    assert f"Disposition by {district_officer}" in html


# --- Dispositions -----------------------------------------------------------------------------


def test_a_disposition_is_recorded_with_its_note_and_audited(copied, district_officer):
    mine, _theirs = copied
    signal = signal_of(mine, SignalKind.COPIED_TEXT)
    dispose_signal(signal, SignalState.REFERRED, actor=district_officer, note="现场核实原始记录")
    signal.refresh_from_db()
    assert signal.state == SignalState.REFERRED
    assert signal.note == "现场核实原始记录"
    assert signal.disposed_by == district_officer
    row = SignalDisposition.objects.get(signal=signal)
    assert (row.from_state, row.to_state, row.actor) == ("open", "referred", district_officer)
    event = AuditEvent.objects.get(action="supervision.signal.disposed")
    assert event.changes["state"] == ["open", "referred"]
    assert event.changes["kind"] == SignalKind.COPIED_TEXT


def test_a_disposition_survives_a_recomputation(copied, district_officer):
    mine, _theirs = copied
    signal = signal_of(mine, SignalKind.SAME_FILE)
    dispose_signal(
        signal, SignalState.EXPLAINED, actor=district_officer, note="同一供应商的检测报告"
    )
    find_application_signals(mine)
    assert signal_of(mine, SignalKind.SAME_FILE).state == SignalState.EXPLAINED


def test_a_disposition_needs_a_note(copied, district_officer):
    mine, _theirs = copied
    signal = signal_of(mine, SignalKind.SAME_FILE)
    with pytest.raises(DispositionRefused):
        dispose_signal(signal, SignalState.NOT_RELEVANT, actor=district_officer, note="  ")
    assert not AuditEvent.objects.filter(action="supervision.signal.disposed").exists()


@pytest.mark.parametrize(
    "persona", ["other_district_officer", "assigned_expert", "enterprise_user"]
)
def test_only_an_officer_over_the_district_may_dispose(request, copied, persona):
    mine, _theirs = copied
    signal = signal_of(mine, SignalKind.SAME_FILE)
    with pytest.raises(PermissionDenied):
        dispose_signal(
            signal, SignalState.EXPLAINED, actor=request.getfixturevalue(persona), note="x"
        )


def test_the_city_may_dispose_and_change_a_disposition(copied, city_officer):
    mine, _theirs = copied
    signal = signal_of(mine, SignalKind.SAME_FILE)
    dispose_signal(signal, SignalState.EXPLAINED, actor=city_officer, note="说明合理")
    dispose_signal(signal, SignalState.REFERRED, actor=city_officer, note="现场复核")
    assert signal.dispositions.count() == 2
    with pytest.raises(DispositionRefused):
        dispose_signal(signal, SignalState.REFERRED, actor=city_officer, note="again")


def test_evidence_files_are_compared_by_content_hash_only(batch):
    mine = submitted(batch)
    theirs = submitted(batch, district="320411")
    unique_files(theirs)
    one = theirs.evidence_files.first()
    one.sha256 = mine.evidence_files.first().sha256
    one.original_name = "电表照片.jpg"
    one.save()
    find_application_signals(mine)
    signal = signal_of(mine, SignalKind.SAME_FILE)
    assert {f["other_name"] for f in signal.evidence["files"]} == {"电表照片.jpg"}


def test_audit_findings_are_compared_once_the_audit_is_completed(
    batch, django_capture_on_commit_callbacks
):
    from greenfactory.reviews.domain.audit import complete_site_audit
    from greenfactory.reviews.models import AuditFinding
    from tests.factories import SiteAuditApplicationFactory

    theirs = submitted(batch, district="320411")
    write_explanation(theirs, REWORDED)
    find_application_signals(theirs)
    mine = SiteAuditApplicationFactory(batch=batch)
    audit = mine.site_audits.get()
    indicator = mine.self_evaluations.order_by("indicator__position").first().indicator
    AuditFinding.objects.create(audit=audit, indicator=indicator, finding=REPORT)
    lead = audit.members.get(is_lead=True).user
    with django_capture_on_commit_callbacks(execute=True):
        complete_site_audit(audit, actor=lead, conclusion="现场审核符合要求")
    signal = signal_of(mine, SignalKind.COPIED_TEXT)
    assert signal.evidence["passages"][0]["own"] == f"finding:{indicator.code}"
