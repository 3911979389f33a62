"""The accident rule in the batch's words (decisions §51, §61).

A batch holds one accident grade (``Batch.accident_grade``) and names the indicator system's
basic requirement on accidents that the negative-list declaration answers
(``Batch.accident_gate``, 0.2 in both shipped GB/T 36132 systems). The shipped data words that
requirement as the standard does ("近三年无较大及以上安全、环保、质量事故"); a batch of the 2023
Changzhou call bars only 重大及以上. So wherever a batch's indicators are shown, the gate's name
and guidance carry the batch's grade, taken from here: the setting is the one source of the
wording, and the stored indicator (frozen with its version) is not touched.
"""

import copy
import re

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..enums import AccidentGrade

# The grades of 生产安全事故报告和调查处理条例 (国务院令第493号) as the documents word a bar.
GRADE_WORDS = {
    AccidentGrade.GENERAL: "一般及以上",
    AccidentGrade.SERIOUS: "较大及以上",
    AccidentGrade.MAJOR: "重大及以上",
}

GRADE_PHRASES = {
    AccidentGrade.GENERAL: _("of any grade (一般及以上)"),
    AccidentGrade.SERIOUS: _("serious or worse (较大及以上)"),
    AccidentGrade.MAJOR: _("major or worse (重大及以上)"),
}

_GRADE_IN_TEXT = re.compile(r"(特别重大|重大|较大|一般)(事故)?及以上")


def grade_of(batch) -> str:
    return batch.accident_grade if batch.accident_grade in GRADE_WORDS else AccidentGrade.MAJOR


def grade_words(batch) -> str:
    """The batch's grade as the Chinese documents word it, e.g. "重大及以上"."""
    return GRADE_WORDS[grade_of(batch)]


def grade_phrase(batch) -> str:
    """The batch's grade in the user's language, e.g. "major or worse (重大及以上)"."""
    return str(GRADE_PHRASES[grade_of(batch)])


def _english(grade) -> str:
    return gettext(
        "No safety, environmental or quality accident %(grade)s in the last three years"
    ) % {"grade": GRADE_PHRASES[grade]}


# Lazy: the name is read in the language of the page that shows it.
_english_name = lazy(_english, str)


def _reworded(text: str, words: str) -> str:
    return _GRADE_IN_TEXT.sub(words, text) if text else text


def gate_in_batch_words(indicator, batch):
    """The accident gate as this batch words it (a copy), or the indicator itself when it is
    not the batch's accident gate. Its Chinese name and guidance name the batch's grade in place
    of the standard's; its English name is written from the grade."""
    if not batch.accident_gate or indicator.code != batch.accident_gate or not indicator.is_gate:
        return indicator
    words = grade_words(batch)
    worded = copy.copy(indicator)
    name = _reworded(indicator.name, words)
    if words not in name:
        name = f"{name}（{words}）"
    worded.name = name
    worded.guidance = _reworded(indicator.guidance, words)
    worded.name_en = _english_name(grade_of(batch))
    worded.worded_by_batch = True
    return worded


def in_batch_words(indicators, batch) -> list:
    """The batch's indicators with its accident gate in the batch's words."""
    if not batch.accident_gate:
        return list(indicators)
    return [gate_in_batch_words(indicator, batch) for indicator in indicators]
