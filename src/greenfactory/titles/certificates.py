"""Certificate numbers (证书编号): how they are written and checked. Pure, no database.

A number reads ``GF320400-2026-C0007-K``:

- ``GF``: the programme, 绿色工厂 (``LT``: 零碳工厂, decisions §72; letters of the check
  alphabet only);
- ``320400``: the administrative division code of the region whose bureau issued it (6 digits);
- ``2026``: the year of the title;
- ``C0007``: the level (``C`` city, ``P`` provincial, ``N`` national) and the sequence number
  within region, year and level (4 digits, from 0001);
- ``K``: a check character over the 17 letters and digits before it, computed as the check
  character of the unified social credit code (GB 32100-2015): weights 3^i mod 31, the 31
  characters ``0-9`` and the capital letters without I, O, S, V and Z.

Because 31 is prime and neighbouring weights differ, the check character catches every single
mistyped character and every swap of two neighbouring characters (a letter typed where a digit
belongs, or the hyphens moved, fails the pattern itself). Verification can therefore tell "this
cannot be one of our numbers" from "we did not issue this number" without looking anything up.
"""

import re
from typing import NamedTuple

from greenfactory.accounts.uscc import ALPHABET
from greenfactory.accounts.uscc import check_character as uscc_check_character
from greenfactory.programme.enums import Programme
from greenfactory.programme.programmes import TERMS

from .enums import TitleLevel

PREFIX = "GF"
PREFIXES = {programme: terms.certificate_prefix for programme, terms in TERMS.items()}
PREFIX_PROGRAMMES = {prefix: programme for programme, prefix in PREFIXES.items()}
MAX_SEQUENCE = 9999
LEVEL_LETTERS = {TitleLevel.CITY: "C", TitleLevel.PROVINCIAL: "P", TitleLevel.NATIONAL: "N"}
LETTER_LEVELS = {letter: level for level, letter in LEVEL_LETTERS.items()}
PATTERN = re.compile(
    f"(?P<prefix>{'|'.join(PREFIXES.values())})"
    r"(?P<region>[0-9]{6})-(?P<year>[0-9]{4})-(?P<level>[CPN])(?P<sequence>[0-9]{4})"
    f"-(?P<check>[{ALPHABET}])"
)


class CertificateNumber(NamedTuple):
    region_code: str
    year: int
    level: str
    sequence: int
    programme: str = Programme.GREEN_FACTORY

    def __str__(self) -> str:
        return format_number(
            self.region_code, self.year, self.level, self.sequence, programme=self.programme
        )


def check_character(text: str) -> str:
    """The GB 32100 check character over the 17 letters and digits of ``text`` (hyphens
    skipped)."""
    return uscc_check_character(text.replace("-", ""))


def format_number(
    region_code: str,
    year: int,
    level: str,
    sequence: int,
    *,
    programme: str = Programme.GREEN_FACTORY,
) -> str:
    """The number of the ``sequence``-th certificate of a programme, region, year and level."""
    if not (len(region_code) == 6 and region_code.isdigit()):
        raise ValueError(f"a certificate needs a 6-digit region code, not {region_code!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year {year!r} out of range")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence {sequence!r} out of range 1–{MAX_SEQUENCE}")
    prefix = PREFIXES[Programme(programme)]
    body = f"{prefix}{region_code}-{year:04d}-{LEVEL_LETTERS[TitleLevel(level)]}{sequence:04d}"
    return f"{body}-{check_character(body)}"


def normalise_number(text: str) -> str:
    """As people type numbers from paper: spaces around, lower case."""
    return text.strip().upper() if isinstance(text, str) else ""


def parse_number(text: str) -> CertificateNumber | None:
    """The parts of a well-formed number, or None when it is malformed or its check character
    does not match (a typing mistake)."""
    number = normalise_number(text)
    match = PATTERN.fullmatch(number)
    if match is None or int(match["sequence"]) == 0:
        return None
    if check_character(number[:-2]) != match["check"]:
        return None
    return CertificateNumber(
        region_code=match["region"],
        year=int(match["year"]),
        level=LETTER_LEVELS[match["level"]].value,
        sequence=int(match["sequence"]),
        programme=PREFIX_PROGRAMMES[match["prefix"]].value,
    )
