"""The benchmark report's verdicts: a target met, or missed and by how much."""

from greenfactory.bench.benchmarks.report import verdict, write_report


def test_verdict_at_most_and_at_least():
    assert verdict(1.5, 2) == "met (1.50 ≤ 2)"
    assert verdict(2.5, 2) == "**missed** by 25 % (2.50 > 2)"
    assert verdict(0.6, 0.5, at_most=False) == "met (0.60 ≥ 0.5)"
    assert verdict(0.4, 0.5, at_most=False) == "**missed** by 20 % (0.40 < 0.5)"
    assert verdict(None, 2) == "not measured in this run"


def test_report_says_which_pages_differ(tmp_path):
    page = {"status": 200}
    results = {
        "queries": {
            "10": {"list": {**page, "queries": 7}, "detail": {**page, "queries": 9}},
            "1000": {"list": {**page, "queries": 7}, "detail": {**page, "queries": 12}},
        },
        "certificates": {"certificates": 3, "platform_ms": 130.0, "weasyprint_alone_ms": 100.0},
    }
    path = tmp_path / "benchmarks.md"
    write_report(results, path, {})
    text = path.read_text(encoding="utf-8")
    assert "| list | 7 | 7 | identical | 200 |" in text
    assert "Verdict: **missed** for detail." in text
    assert "**missed** by 8 % (1.30 > 1.2)" in text
    assert "## Pages under load\n\nnot measured in this run" in text
