"""Properties of certificate numbers (``titles/certificates.py``): every number the platform
writes, of either programme, reads back to its parts, and every single mistyped character or
swap of two neighbouring characters is caught by the check character."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenfactory.accounts.uscc import ALPHABET
from greenfactory.programme.enums import Programme
from greenfactory.titles.certificates import format_number, parse_number

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database


def written(values) -> str:
    region, year, level, sequence, programme = values
    return format_number(region, year, level, sequence, programme=programme)


FAST = settings(max_examples=300, deadline=None, database=None)

parts = st.tuples(
    st.text("0123456789", min_size=6, max_size=6),
    st.integers(1000, 9999),
    st.sampled_from(["city", "provincial", "national"]),
    st.integers(1, 9999),
    st.sampled_from(Programme.values),
)
typed = st.sampled_from(ALPHABET + "IOSVZ-abc ")


@FAST
@given(parts)
def test_a_written_number_reads_back_to_its_parts(values):
    number = written(values)
    parsed = parse_number(number)
    assert tuple(parsed) == values
    assert str(parsed) == number
    assert parse_number(f"  {number.lower()} ") == parsed


@FAST
@given(parts, st.integers(0, 20), typed)
def test_every_single_mistyped_character_is_caught(values, position, replacement):
    number = written(values)
    changed = number[:position] + replacement + number[position + 1 :]
    if changed.strip().upper() != number:
        assert parse_number(changed) is None


@FAST
@given(parts, st.integers(0, 19))
def test_every_swap_of_neighbours_is_caught(values, position):
    number = written(values)
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    if swapped != number:
        assert parse_number(swapped) is None
