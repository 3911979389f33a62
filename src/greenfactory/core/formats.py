"""Values written for a page in Python, exactly as the templates' filters write them."""

from django.utils import formats, timezone


def shown_datetime(value) -> str:
    """A moment as ``{{ value|date:"DATETIME_FORMAT" }}`` shows it: in the current time zone
    and the language's format; "" for none. (The filter called from Python would skip the
    conversion to local time that the template engine makes.)"""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
