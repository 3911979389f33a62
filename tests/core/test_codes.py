from collections import Counter

from greenfactory.core.codes import _BYTE_TO_CHARACTER, ALPHABET, new_code


def test_a_code_has_its_length_and_only_the_alphabets_characters():
    codes = [new_code(), new_code(16)]
    assert [len(code) for code in codes] == [10, 16]
    assert set("".join(codes)) <= set(ALPHABET)


def test_every_character_is_equally_likely():
    # Each of the 256 values of a random byte stands for one character, each character for 8.
    assert Counter(_BYTE_TO_CHARACTER.decode("ascii")) == dict.fromkeys(ALPHABET, 8)


def test_codes_differ():
    assert len({new_code() for _ in range(1000)}) == 1000
