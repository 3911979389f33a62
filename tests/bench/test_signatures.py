"""The copied-text benchmark runs on a small province, leaves nothing behind and finds the
copies the exact comparison finds."""

import pytest

from greenfactory.accounts.models import Enterprise
from greenfactory.bench.benchmarks.report import write_report
from greenfactory.bench.benchmarks.signatures import measure_signatures
from greenfactory.supervision.models import PassageBand, TextPassage

pytestmark = pytest.mark.django_db


def test_signature_benchmark_on_a_small_province(tmp_path):
    found = measure_signatures(60, sample=10, copy_share=0.5)
    assert found["applications"] == 60
    assert found["passages"] == 180
    assert found["exact_pairs"] > 0
    assert found["recall"] >= 0.9
    assert found["found_true_pairs"] <= found["found_pairs"]
    assert not TextPassage.objects.exists() and not PassageBand.objects.exists()
    assert not Enterprise.objects.filter(name__startswith="bench ").exists()
    out = tmp_path / "benchmarks.md"
    write_report({"signatures": found}, out, {})
    text = out.read_text()
    assert "## Copied text: signatures and lookup" in text
    assert "met (" in text
