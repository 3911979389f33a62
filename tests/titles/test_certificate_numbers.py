"""Certificate numbers: the format, the check character, and distinct consecutive numbers
when several processes draw at the same time."""

import string
import threading

import pytest
from django.db import connection, transaction

from greenfactory.titles.certificates import (
    CertificateNumber,
    check_character,
    format_number,
    parse_number,
)
from greenfactory.titles.domain.titles import draw_certificate_number
from greenfactory.titles.models import CertificateCounter
from tests.factories import region

NUMBER = "GF320400-2026-C0007-7"


def test_format_and_parse_round_trip():
    assert format_number("320400", 2026, "city", 7) == NUMBER
    assert parse_number(NUMBER) == CertificateNumber("320400", 2026, "city", 7)
    assert str(parse_number(NUMBER)) == NUMBER
    assert format_number("320412", 2030, "national", 9999).startswith("GF320412-2030-N9999-")
    assert parse_number(format_number("320400", 2026, "provincial", 12)).level == "provincial"


def test_spaces_around_and_lower_case_are_accepted():
    assert parse_number(f"  {NUMBER.lower()}\t") == parse_number(NUMBER)


def test_the_check_character_is_the_gb32100_weighted_one():
    # 17 letters and digits, weights 3^i mod 31, 31-character alphabet (as the USCC's).
    from greenfactory.accounts.uscc import check_character as uscc

    assert check_character("GF320400-2026-C0007") == uscc("GF32040020 26C0007".replace(" ", ""))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "GF320400-2026-C0007",  # no check character
        "GF320400-2026-C0007-8",  # wrong check character
        "GF320400-2026-X0007-7",  # no such level
        "GF32040-2026-C0007-7",  # short region code
        "GF320400-2026-C0000-" + check_character("GF320400-2026-C0000"),  # sequence 0
        "GF320400–2026–C0007–7",  # en dashes
        "GF３２０４００-2026-C0007-7",  # full-width digits
        None,
    ],
)
def test_malformed_numbers_are_refused(text):
    assert parse_number(text) is None


def test_every_mistyped_character_and_every_swap_is_detected():
    alphabet = string.ascii_uppercase + string.digits + "-"
    for number in (NUMBER, format_number("320412", 2019, "provincial", 4321)):
        for i, char in enumerate(number):
            for other in alphabet.replace(char, ""):
                assert parse_number(number[:i] + other + number[i + 1 :]) is None
        for i in range(len(number) - 1):
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            if swapped != number:
                assert parse_number(swapped) is None, swapped


def test_out_of_range_parts_cannot_be_formatted():
    wrong = (("CN", 2026, "city", 1), ("320400", 2026, "city", 0), ("320400", 2026, "city", 10**4))
    for args in wrong:
        with pytest.raises(ValueError):
            format_number(*args)


@pytest.mark.django_db
def test_numbers_count_per_region_year_and_level():
    city = region("320400")
    with transaction.atomic():
        first = draw_certificate_number(city, 2026, "city")
        second = draw_certificate_number(city, 2026, "city")
        other_year = draw_certificate_number(city, 2027, "city")
        other_level = draw_certificate_number(city, 2026, "provincial")
    assert [parse_number(n).sequence for n in (first, second, other_year, other_level)] == [
        1,
        2,
        1,
        1,
    ]
    assert CertificateCounter.objects.get(region=city, year=2026, level="city").last == 2


THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_draws_give_distinct_consecutive_numbers():
    city = region("320400")
    barrier = threading.Barrier(THREADS)
    numbers, errors = [], []

    def draw():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(draw_certificate_number(city, 2026, "city"))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [format_number("320400", 2026, "city", n) for n in range(1, 7)]
    assert CertificateCounter.objects.get().last == THREADS
