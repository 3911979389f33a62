"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

Eighteen characters: registration authority (1), organisation type (1), administrative division
(6, digits), organisation code (9) and a check character. The alphabet is the digits and the
capital letters without I, O, Z, S and V.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FORBIDDEN = set("IOZSV")


def check_character(first17: str) -> str:
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_uscc(value: str) -> str:
    """Upper-case and strip spaces, as people type codes from paper."""
    return "".join(value.split()).upper()


def validate_uscc(value: str) -> None:
    """Raise ValidationError with a message a user can act on."""
    code = normalise_uscc(value or "")
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="length",
            params={"n": len(code)},
        )
    bad = sorted({char for char in code if char not in VALUES})
    if bad:
        if set(bad) & FORBIDDEN:
            message = _(
                "The letters I, O, S, V and Z never occur in a unified social credit code "
                "(found: %(chars)s)."
            )
        else:
            message = _("Characters not allowed in a unified social credit code: %(chars)s.")
        raise ValidationError(message, code="alphabet", params={"chars": " ".join(bad)})
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 (the administrative division code) must be digits."),
            code="division",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character is wrong: please compare the code with the business licence."),
            code="check",
        )


def is_valid_uscc(value: str) -> bool:
    try:
        validate_uscc(value)
    except ValidationError:
        return False
    return True


def has_pilot_exception(code: str) -> bool:
    """An officer recorded ``code`` as a real code issued in the pilot period (``PilotCode``)."""
    model = apps.get_model("accounts", "PilotCode")
    return model.objects.filter(uscc=normalise_uscc(code or "")).exists()


def validate_registrable_uscc(value: str) -> None:
    """``validate_uscc``, except that a code whose only fault is its check character passes when
    an officer recorded it as issued in the pilot period (before GB 32100-2015 fixed the check
    character). The check itself is unchanged; the exception is a recorded decision."""
    try:
        validate_uscc(value)
    except ValidationError as invalid:
        if invalid.code == "check" and has_pilot_exception(value):
            return
        raise
