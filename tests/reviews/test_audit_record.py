"""The on-site audit record PDF as the enterprise signs it: every basic requirement, units beside
the figures, no doubled punctuation, table rows kept whole across pages."""

from decimal import Decimal

import pypdfium2
import pytest

from greenfactory.programme.domain.accidents import in_batch_words
from greenfactory.reviews.domain.audit import complete_site_audit, record_finding
from greenfactory.reviews.domain.audit_record import render_record_html, sentence, tidy

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_tidy_and_sentence_never_double_a_mark():
    assert tidy("属实。。同意：：进入") == "属实。同意：进入"
    assert sentence("原件与填报不符。") == "原件与填报不符。"
    assert sentence("原件与填报不符；") == "原件与填报不符。"
    assert sentence("") == ""


def test_the_record_shows_basic_requirements_units_and_no_doubled_marks(
    audit, assigned_expert, city_officer, django_capture_on_commit_callbacks
):
    recommended = audit.application
    system = recommended.batch.indicator_system
    gates = list(system.indicators.filter(kind="gate").order_by("position"))
    assert len(gates) >= 2
    record_finding(
        audit,
        gates[0],
        actor=assigned_expert,
        data={"verified_met": True, "methods": ["originals"], "finding": "查看了营业执照原件。"},
    )
    quantity = (
        system.indicators.filter(kind="quantitative").exclude(unit="").order_by("position").first()
    )
    own = recommended.self_evaluations.get(indicator=quantity)
    claimed = own.value if own.value is not None else Decimal(1)
    record_finding(
        audit,
        quantity,
        actor=assigned_expert,
        data={
            "verified_value": claimed + Decimal("0.5"),
            "methods": ["originals"],
            "change_reason": "以能源台账为准。",
            "finding": "核对了能源台账。。",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        complete_site_audit(
            audit, actor=city_officer, conclusion="材料属实。。同意进入专家评审：："
        )
    audit.refresh_from_db()
    with audit.record.open("rb") as stored:
        text = pdf_text(stored.read())
    compact = "".join(text.split())
    assert "基本要求核查情况" in compact
    # Every basic requirement, recorded or not; the one on accidents in the batch's grade.
    for gate in in_batch_words(gates, recommended.batch):
        assert "".join(gate.name.split())[:12] in compact
    assert "近三年无重大及以上" in compact and "近三年无较大及以上" not in compact
    assert "未核查" in compact  # a basic requirement the team did not record
    assert "单位" in compact and quantity.unit.replace(" ", "") in compact
    assert "".join(f"{(claimed + Decimal('0.5')).normalize():f}{quantity.unit}".split()) in compact
    assert "调整理由：以能源台账为准。核对了能源台账。" in compact
    assert "材料属实。同意进入专家评审：" in compact
    for doubled in ("。。", "：：", "；；", "，，"):
        assert doubled not in compact


def test_rows_stay_whole_and_headers_repeat_across_pages(audit):
    html = render_record_html(audit)
    assert "tr { break-inside: avoid; page-break-inside: avoid; }" in html
    assert "thead { display: table-header-group; }" in html
