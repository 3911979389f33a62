"""Matching the rows of a published list by the enterprise's name, for lists published without
credit codes (the national lists of the MIIT and Jiangsu's provincial lists name the factory and
its province only).

A name is compared in its normal form (``normalise_name``): full-width characters made
half-width (NFKC), brackets （）[]【】 as (), spaces removed, 有限责任公司 and 股份有限公司 kept
apart from 有限公司 only by their words. Each row without a code is compared with the current and
former names (``EnterpriseNameChange``) of every confirmed enterprise of the officer's region;
a candidate is shown with its confidence (100 for the same normal form, else the similarity of
the two normal forms, ``difflib.SequenceMatcher`` ratio × 100) and is imported only when the
officer confirms it. Below ``MIN_CONFIDENCE`` a name is not a candidate.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Enterprise
from greenfactory.accounts.scope import inside

MIN_CONFIDENCE = 85
MAX_CANDIDATES = 3

_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})
_FORMS = (("有限责任公司", "有限公司"),)


def normalise_name(name: str) -> str:
    """The form two names are compared in: ``"常州 某某（集团）有限责任公司"`` and
    ``"常州某某(集团)有限公司"`` are the same name."""
    text = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    text = re.sub(r"\s+", "", text)
    for long, short in _FORMS:
        text = text.replace(long, short)
    return text


@dataclass(frozen=True)
class Candidate:
    """An enterprise a row may name, how sure the match is, and by which of its names."""

    enterprise: Enterprise
    confidence: int
    matched_name: str
    former: bool

    @property
    def ref(self) -> str:
        return self.enterprise.code


def _names(enterprise: Enterprise) -> list[tuple[str, bool]]:
    names = [(enterprise.name, False)]
    names += [(change.old_name, True) for change in enterprise.names.all()]
    return names


def enterprises_for_names(region) -> list[tuple[Enterprise, list[tuple[str, str, bool]]]]:
    """The confirmed enterprises of ``region`` with the normal forms of all their names. Two
    queries, whatever the number of enterprises."""
    enterprises = (
        Enterprise.objects.filter(inside(region, via="district"), status=EnterpriseStatus.CONFIRMED)
        .select_related("district")
        .prefetch_related("names")
        .order_by("name", "pk")
    )
    return [
        (enterprise, [(normalise_name(n), n, former) for n, former in _names(enterprise)])
        for enterprise in enterprises
    ]


def candidates_for(name: str, registry) -> list[Candidate]:
    """The enterprises of ``registry`` (from ``enterprises_for_names``) that ``name`` may be,
    best first, at most ``MAX_CANDIDATES``."""
    key = normalise_name(name)
    if not key:
        return []
    found: list[Candidate] = []
    for enterprise, names in registry:
        best = None
        for normal, original, former in names:
            if normal == key:
                score = 100
            else:
                matcher = difflib.SequenceMatcher(None, key, normal, autojunk=False)
                if matcher.real_quick_ratio() * 100 < MIN_CONFIDENCE:
                    continue
                if matcher.quick_ratio() * 100 < MIN_CONFIDENCE:
                    continue
                score = min(99, int(matcher.ratio() * 100))
            if score >= MIN_CONFIDENCE and (best is None or score > best.confidence):
                best = Candidate(enterprise, score, original, former)
        if best is not None:
            found.append(best)
    found.sort(key=lambda candidate: (-candidate.confidence, candidate.enterprise.name))
    return found[:MAX_CANDIDATES]
