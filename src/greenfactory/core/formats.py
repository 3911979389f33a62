"""Values written for a page in Python, exactly as the templates' filters write them.

A list writes the same kind of value in every row: ``datetime_shower`` and ``decimal_shower``
look the language's format and the time zone up once per list, and a date format made only of
numbers (the Chinese one, ``Y年n月j日 H:i``) is written by one ``str.format`` instead of Django's
``DateFormat``, which splits the format and calls a method per letter for every value (about
170 µs a value against 5 µs; decisions §111)."""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.template.defaultfilters import floatformat
from django.utils import dateformat, formats, timezone

# Django's letters whose output is a plain number, as ``DateFormat`` writes each.
_NUMBERS = {
    "Y": "{0.year:04d}",
    "m": "{0.month:02d}",
    "n": "{0.month}",
    "d": "{0.day:02d}",
    "j": "{0.day}",
    "H": "{0.hour:02d}",
    "G": "{0.hour}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}


@lru_cache(maxsize=16)
def _numeric_format(format_string: str):
    """``str.format`` of a template writing ``format_string`` as ``DateFormat`` does, or None
    where the format has a letter that is not a plain number (names, "P", time zones)."""
    template = []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2:
            if piece not in _NUMBERS:
                return None
            template.append(_NUMBERS[piece])
        elif piece:
            text = dateformat.re_escaped.sub(r"\1", piece)
            template.append(text.replace("{", "{{").replace("}", "}}"))
    return "".join(template).format


def datetime_shower():
    """``shown_datetime`` for the values of one list: the current language's format and time
    zone read once."""
    zone = timezone.get_current_timezone()
    format_string = formats.get_format("DATETIME_FORMAT")
    numeric = _numeric_format(format_string)

    def shown(value) -> str:
        if value is None:
            return ""
        if timezone.is_aware(value):
            value = value.astimezone(zone)  # what ``timezone.localtime`` does
        if numeric is not None:
            return numeric(value)
        return dateformat.format(value, format_string)

    return shown


def shown_datetime(value) -> str:
    """A moment as ``{{ value|date:"DATETIME_FORMAT" }}`` shows it: in the current time zone
    and the language's format; "" for none. (The filter called from Python would skip the
    conversion to local time that the template engine makes.)"""
    return datetime_shower()(value)


def decimal_shower(places: int):
    """A ``Decimal`` as ``{{ value|floatformat:places }}`` writes it (``places`` ≥ 0, no
    grouping), for the values of one list: the language's decimal separator read once; "" for
    none. Any other value goes through the filter itself."""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    step = Decimal(1).scaleb(-places)

    def shown(value) -> str:
        if value is None:
            return ""
        if type(value) is not Decimal or not value.is_finite() or value.adjusted() > 20:
            return floatformat(value, str(places))
        rounded = value.quantize(step, ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)  # the filter writes no "-0.00"
        text = format(rounded, "f")
        return text.replace(".", separator) if separator != "." else text

    return shown
