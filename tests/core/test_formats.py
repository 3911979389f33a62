from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import dateformat, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenfactory.core.formats import (
    _numeric_format,
    datetime_shower,
    decimal_shower,
    shown_datetime,
)

FILTER = Template('{{ value|date:"DATETIME_FORMAT" }}')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 25, 17, 30, tzinfo=UTC),  # 01:30 the next day in Shanghai
        datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC),
    ],
)
def test_a_moment_is_shown_as_the_template_filter_shows_it(language, value):
    with translation.override(language):
        assert shown_datetime(value) == FILTER.render(Context({"value": value}))


def test_in_shanghai_time():
    with translation.override("en"):
        assert "Nov. 26, 2026" in shown_datetime(datetime(2026, 11, 25, 17, 30, tzinfo=UTC))


def test_nothing_is_an_empty_string():
    assert shown_datetime(None) == ""


# Every moment and figure of a list is written as the template filters write it (decisions §111).
MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=MOMENTS)
def test_a_lists_moments_are_shown_as_the_filter_shows_them(language, value):
    with translation.override(language):
        assert datetime_shower()(value) == FILTER.render(Context({"value": value}))


@pytest.mark.parametrize(
    ("format_string", "numeric"),
    [
        ("Y年n月j日 H:i", True),
        (r"Y-m-d G:i:s \Y {j}", True),
        ("N j, Y, P", False),
        ("Y-m-d e", False),
    ],
)
def test_a_format_of_numbers_alone_is_written_without_dateformat(format_string, numeric):
    value = datetime(2026, 3, 4, 5, 6, 7)
    compiled = _numeric_format(format_string)
    assert (compiled is not None) is numeric
    if numeric:
        assert compiled(value) == dateformat.format(value, format_string)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("places", [0, 1, 2])
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9)
    | st.decimals(places=2, min_value=-1000, max_value=1000)
)
def test_a_lists_figures_are_written_as_floatformat_writes_them(language, places, value):
    with translation.override(language):
        assert decimal_shower(places)(value) == floatformat(value, str(places))


def test_no_figure_is_an_empty_string():
    assert decimal_shower(2)(None) == ""
    assert decimal_shower(2)(Decimal("-0.001")) == "0.00"
