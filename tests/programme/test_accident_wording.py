"""One accident rule (decisions §61): the basic requirement on accidents is shown in the
batch's grade wherever the batch's indicators are shown, never in a fixed text that says
otherwise."""

import pytest
from django.urls import reverse
from django.utils import translation

from greenfactory.applications.domain.report import self_report_context
from greenfactory.programme.domain.accidents import gate_in_batch_words, in_batch_words
from greenfactory.programme.domain.queries import batch_indicators
from greenfactory.programme.enums import AccidentGrade
from greenfactory.programme.models import Batch
from tests.factories import BatchFactory, DraftApplicationFactory, EnterpriseUserFactory

pytestmark = pytest.mark.django_db

MAJOR = "近三年无重大及以上安全"
SERIOUS = "近三年无较大及以上安全"


def gate_of(batch):
    return next(i for i in batch_indicators(batch) if i.code == "0.2")


def with_grade(batch, grade):
    Batch.objects.filter(pk=batch.pk).update(accident_grade=grade)
    batch.refresh_from_db()
    return batch


def test_the_default_batch_words_the_gate_as_the_2023_call():
    batch = BatchFactory()
    assert batch.accident_grade == AccidentGrade.MAJOR
    gate = gate_of(batch)
    assert gate.name.startswith(MAJOR)
    assert "较大" not in gate.name and "较大" not in gate.guidance
    assert "重大及以上" in gate.guidance
    with translation.override("en"):
        assert gate.display_name == (
            "No safety, environmental or quality accident major or worse (重大及以上) "
            "in the last three years"
        )
    # The stored indicator, frozen with its version, keeps the standard's words.
    assert batch.indicator_system.indicators.get(code="0.2").name.startswith(SERIOUS)


@pytest.mark.parametrize(
    ("grade", "words", "english"),
    [
        (AccidentGrade.SERIOUS, SERIOUS, "serious or worse (较大及以上)"),
        (AccidentGrade.GENERAL, "近三年无一般及以上安全", "of any grade (一般及以上)"),
    ],
)
def test_another_grade_rewords_the_gate(grade, words, english):
    batch = with_grade(BatchFactory(), grade)
    gate = gate_of(batch)
    assert gate.name.startswith(words)
    with translation.override("en"):
        assert english in gate.display_name


def test_without_an_accident_gate_the_standards_words_stay():
    batch = BatchFactory()
    Batch.objects.filter(pk=batch.pk).update(accident_gate="")
    batch.refresh_from_db()
    assert gate_of(batch).name.startswith(SERIOUS)


def test_other_indicators_are_the_stored_ones():
    batch = BatchFactory()
    stored = list(batch.indicator_system.indicators.order_by("position"))
    worded = in_batch_words(stored, batch)
    assert [i is s for i, s in zip(worded, stored, strict=True)].count(False) == 1
    other = next(i for i in stored if i.code == "0.1")
    assert gate_in_batch_words(other, batch) is other


@pytest.mark.parametrize(
    ("grade", "shown", "hidden"),
    [(AccidentGrade.MAJOR, MAJOR, SERIOUS), (AccidentGrade.SERIOUS, SERIOUS, MAJOR)],
)
def test_the_self_evaluation_page_and_report_name_the_batchs_grade(client, grade, shown, hidden):
    batch = with_grade(BatchFactory(), grade)
    user = EnterpriseUserFactory()
    application = DraftApplicationFactory(batch=batch, enterprise=user.enterprise, filled=True)
    client.force_login(user)
    with translation.override("zh-hans"):
        page = client.get(reverse("applications:self_evaluation", args=[application.code]))
        html = page.content.decode()
        assert shown in html
        assert hidden not in html
        rows = [
            row
            for aspect in self_report_context(application)["aspects"]
            for row in aspect["rows"]
            if row["code"] == "0.2"
        ]
    assert rows[0]["name"].startswith(shown)
