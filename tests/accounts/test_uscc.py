import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from greenfactory.accounts.uscc import (
    ALPHABET,
    check_character,
    is_valid_uscc,
    normalise_uscc,
    validate_uscc,
)

# Codes printed on real business licences (published by the enterprises themselves).
REAL_CODES = ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert is_valid_uscc(code)


def test_lower_case_and_spaces_are_normalised():
    assert normalise_uscc(" 9111 0108 5513 8508 2q ") == "91110108551385082Q"
    assert is_valid_uscc("91110108551385082q")


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("", "length"),
        ("9111010855138508", "length"),
        ("91110108551385082QX", "length"),
        ("91110108551385O82Q", "alphabet"),  # letter O
        ("9111010855138I082Q", "alphabet"),  # letter I
        ("91110108551385S82Q", "alphabet"),
        ("91110108551385V82Q", "alphabet"),
        ("91110108551385Z82Q", "alphabet"),
        ("911101085513850-2Q", "alphabet"),
        ("91A10108551385082Q", "division"),
        ("91110108551385082R", "check"),
    ],
)
def test_invalid_codes_name_the_problem(code, error_code):
    with pytest.raises(ValidationError) as caught:
        validate_uscc(code)
    assert caught.value.code == error_code


def test_forbidden_letters_message_names_them():
    with pytest.raises(ValidationError) as caught:
        validate_uscc("91110108551385O82Q")
    assert "O" in caught.value.message % caught.value.params


valid_bodies = st.text(alphabet=ALPHABET, min_size=9, max_size=9).map(lambda org: "91320412" + org)


@given(valid_bodies)
def test_generated_valid_codes_pass(body):
    assert is_valid_uscc(body + check_character(body))


@given(
    body=valid_bodies,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from(ALPHABET + "IOSVZ-a"),
)
def test_any_single_changed_character_is_rejected(body, position, replacement):
    code = body + check_character(body)
    changed = code[:position] + replacement + code[position + 1 :]
    if normalise_uscc(changed) == code:
        return  # the "change" was the same character, or its lower-case form
    assert not is_valid_uscc(changed)
