from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from greenfactory.core.formats import shown_datetime

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
