"""The draw's rule: reproducible from the seed and the cohort, proportional strata, refusals."""

import hashlib
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenfactory.supervision import sampling
from greenfactory.supervision.sampling import Ticket, allocate, digest, draw, sample_size


def tickets(n, strata=("320402", "320411", "320412")):
    return [Ticket(f"GF320400-2019-C{i:03d}-X", strata[i % len(strata)]) for i in range(n)]


def test_digest_is_sha256_of_seed_colon_ticket():
    expected = hashlib.sha256(b"20261125:GF320400-2019-C001-X").hexdigest()
    assert digest("20261125", "GF320400-2019-C001-X") == expected


def test_same_seed_and_cohort_give_the_same_sample_in_any_order():
    cohort = tickets(40)
    first = draw(cohort, seed="abc123", n=7, stratified=False)
    shuffled = cohort[:]
    random.Random(5).shuffle(shuffled)
    assert draw(shuffled, seed="abc123", n=7, stratified=False) == first
    assert len(first) == 7


def test_another_seed_draws_another_sample():
    cohort = tickets(40)
    assert draw(cohort, seed="seed-one", n=7, stratified=False) != draw(
        cohort, seed="seed-two", n=7, stratified=False
    )


def test_unstratified_sample_is_the_smallest_digests():
    cohort = tickets(12)
    chosen = draw(cohort, seed="s33d", n=3, stratified=False)
    by_digest = sorted(cohort, key=lambda t: digest("s33d", t.key))
    assert chosen == by_digest[:3]


def test_allocation_by_largest_remainder():
    # 10 of 20: 10 × 9/20 = 4.5, 10 × 7/20 = 3.5, 10 × 4/20 = 2.0 → 4, 3, 2 and one left,
    # which goes to the smaller code among the equal remainders (A before B).
    assert allocate({"A": 9, "B": 7, "C": 4}, 10) == {"A": 5, "B": 3, "C": 2}
    assert allocate({"A": 1, "B": 1}, 2) == {"A": 1, "B": 1}
    with pytest.raises(ValueError):
        allocate({"A": 1}, 2)


def test_stratified_sample_takes_each_strata_share():
    cohort = tickets(30)
    chosen = draw(cohort, seed="strata", n=6, stratified=True)
    per_stratum = {}
    for ticket in chosen:
        per_stratum[ticket.stratum] = per_stratum.get(ticket.stratum, 0) + 1
    assert per_stratum == {"320402": 2, "320411": 2, "320412": 2}
    for stratum in per_stratum:
        members = sorted(
            (t for t in cohort if t.stratum == stratum), key=lambda t: digest("strata", t.key)
        )
        assert [t for t in chosen if t.stratum == stratum] == members[:2]


def test_sample_larger_than_the_cohort_is_refused():
    with pytest.raises(ValueError, match="larger"):
        draw(tickets(3), seed="abcd", n=4, stratified=False)


def test_duplicate_ticket_is_refused():
    with pytest.raises(ValueError, match="duplicate"):
        draw([Ticket("A"), Ticket("A")], seed="abcd", n=1, stratified=False)


def test_sample_size_from_a_count_or_a_ratio_rounded_up():
    assert sample_size(40, count=5, ratio=None) == 5
    assert sample_size(40, count=None, ratio=Decimal("0.2")) == 8
    assert sample_size(41, count=None, ratio=Decimal("0.2")) == 9
    assert sample_size(3, count=None, ratio=Decimal("0.01")) == 1
    assert sample_size(0, count=None, ratio=Decimal("0.5")) == 0


def test_the_method_is_stated_in_the_module():
    assert sampling.METHOD == "sha256-v1"
    assert "SHA-256" in sampling.__doc__


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=60),
    data=st.data(),
    seed=st.text(alphabet="abcdef0123456789", min_size=4, max_size=16),
    stratified=st.booleans(),
)
def test_property_sample_is_reproducible_distinct_and_sized(size, data, seed, stratified):
    cohort = tickets(size)
    n = data.draw(st.integers(min_value=0, max_value=size))
    chosen = draw(cohort, seed=seed, n=n, stratified=stratified)
    assert len(chosen) == n
    assert len(set(chosen)) == n
    assert set(chosen) <= set(cohort)
    assert draw(list(reversed(cohort)), seed=seed, n=n, stratified=stratified) == chosen
