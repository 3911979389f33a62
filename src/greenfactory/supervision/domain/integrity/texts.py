"""Copied text: MinHash signatures of each submitted passage, and LSH bands to find others
like it without comparing every pair (decisions §66).

A passage is normalised (whitespace and punctuation removed, Latin letters lower-cased), cut
into overlapping shingles of ``SHINGLE`` characters — Chinese needs no word segmentation for
this — and summarised by a MinHash of ``NUM_PERM`` permutations (datasketch). The signature is
split into ``BANDS`` bands of ``ROWS`` values, chosen by datasketch for a similarity of
``LSH_THRESHOLD``; each band's values hash to one 64-bit key, stored in ``PassageBand`` with an
index. Two passages sharing any (band, key) are candidates; a candidate counts when the exact
Jaccard similarity of the two passages' shingles (both texts are stored, and candidates are
few) reaches the batch's threshold, which is at least ``LSH_THRESHOLD`` so that the bands
rarely hide a pair the batch asks for (the benchmark measures how rarely).
"""

import hashlib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from django.db import transaction
from django.db.models import Q

from ...models import PassageBand, TextPassage

SHINGLE = 5
NUM_PERM = 64
LSH_THRESHOLD = 0.5
MIN_LENGTH = 40  # characters after normalising: shorter answers are common phrases
BANDS, ROWS = _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)


@cache
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1)


def normalise(text: str) -> str:
    """The characters that carry the text: no whitespace or punctuation, Latin lower-cased,
    full-width forms folded (NFKC)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def shingles(text: str) -> set[bytes]:
    norm = normalise(text)
    if len(norm) < SHINGLE:
        return {norm.encode()} if norm else set()
    return {norm[i : i + SHINGLE].encode() for i in range(len(norm) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash of the passage's shingles (``NUM_PERM`` unsigned 32-bit values)."""
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme
    )
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues


def band_keys(values: np.ndarray) -> list[tuple[int, int]]:
    """(band, key) for each LSH band of a signature."""
    keys = []
    for band in range(BANDS):
        chunk = np.ascontiguousarray(values[band * ROWS : (band + 1) * ROWS]).tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_values(stored: bytes) -> np.ndarray:
    return np.frombuffer(bytes(stored), dtype=_template().hashvalues.dtype)


def is_long_enough(text: str) -> bool:
    return len(normalise(text)) >= MIN_LENGTH


@transaction.atomic
def store_passages(application, passages: dict[str, str]) -> list[TextPassage]:
    """Replace the application's passages with ``passages`` ({source: text}), each with its
    signature and bands; passages too short to mean anything are left out."""
    TextPassage.objects.filter(application=application).delete()
    rows = [
        TextPassage(
            application=application,
            source=source,
            text=text,
            signature=signature(text).tobytes(),
        )
        for source, text in passages.items()
        if is_long_enough(text)
    ]
    TextPassage.objects.bulk_create(rows)
    stored = list(TextPassage.objects.filter(application=application))
    PassageBand.objects.bulk_create(
        [
            PassageBand(passage=row, band=band, key=key)
            for row in stored
            for band, key in band_keys(to_values(row.signature))
        ]
    )
    return stored


@dataclass(frozen=True)
class Match:
    own: TextPassage
    other: TextPassage
    similarity: float


def candidates(values: np.ndarray, *, exclude_enterprise_id=None) -> list[TextPassage]:
    """The stored passages sharing at least one band with the signature: one indexed query."""
    condition = Q()
    for band, key in band_keys(values):
        condition |= Q(key=key, band=band)
    passage_ids = PassageBand.objects.filter(condition).values("passage_id")
    found = TextPassage.objects.filter(pk__in=passage_ids).select_related("application")
    if exclude_enterprise_id is not None:
        found = found.exclude(application__enterprise_id=exclude_enterprise_id)
    return list(found)


def matches(application, own: list[TextPassage], threshold: Decimal) -> list[Match]:
    """The passages of other enterprises' applications whose shingles overlap the application's
    own passages' at least ``threshold`` (Jaccard), among the candidates the bands find."""
    found = []
    for passage in own:
        values = to_values(passage.signature)
        mine = shingles(passage.text)
        for other in candidates(values, exclude_enterprise_id=application.enterprise_id):
            score = jaccard(mine, shingles(other.text))
            if score >= float(threshold):
                found.append(Match(passage, other, score))
    return found


def jaccard(left: set, right: set) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def exact_similarity(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingles."""
    return jaccard(shingles(a), shingles(b))
