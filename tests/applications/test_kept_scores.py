"""The batch's indicators and an application's self score are kept in the cache: read once,
never out of date."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenfactory.applications.domain.drafts import save_self_evaluation
from greenfactory.applications.domain.figures import self_score
from greenfactory.applications.domain.submission import application_snapshot
from greenfactory.programme.domain.queries import batch_indicator, batch_indicators
from greenfactory.programme.enums import IndicatorKind
from tests.factories import BatchFactory, DraftApplicationFactory, shipped_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(enterprise_user):
    batch = BatchFactory(indicator_system=shipped_system(2025), year=2026)
    return DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise, filled=True)


def qualitative(application):
    return next(
        i
        for i in batch_indicators(application.batch)
        if i.kind == IndicatorKind.QUALITATIVE and i.max_points >= 2
    )


def score_nothing(application, item, actor):
    """The enterprise's save of ``item`` at 0 points, on the application's current revision."""
    return save_self_evaluation(
        application,
        actor=actor,
        answers={item: {"score": Decimal(0)}},
        revision=application.revision,
    )


def test_the_batch_indicators_are_read_once_in_order():
    first, second = (
        BatchFactory(indicator_system=shipped_system(2018)),
        BatchFactory(indicator_system=shipped_system(2025)),
    )
    expected = list(first.indicator_system.indicators.order_by("position"))
    assert batch_indicators(first) == expected
    with CaptureQueriesContext(connection) as queries:
        assert batch_indicators(first) == expected
    assert len(queries) == 0
    other = batch_indicators(second)
    assert other == list(second.indicator_system.indicators.order_by("position"))
    assert {i.system_id for i in other} == {second.indicator_system_id}


def test_a_kept_self_score_is_read_without_a_query(application):
    indicators = batch_indicators(application.batch)
    sheet = self_score(application, indicators)
    with CaptureQueriesContext(connection) as queries:
        again = self_score(application, indicators)
    assert len(queries) == 0
    assert again.total == sheet.total and again.subtotals == sheet.subtotals


def test_a_save_counts_the_revision_up_and_the_score_follows(application, enterprise_user):
    indicators = batch_indicators(application.batch)
    before = self_score(application, indicators)
    item = qualitative(application)
    saved = score_nothing(application, item, enterprise_user)
    assert saved.revision == application.revision + 1
    after = self_score(saved, indicators)
    assert after.items[item.code].points == 0
    assert after.total < before.total


def test_given_answers_and_the_submitted_record_are_never_from_the_cache(
    application, enterprise_user, settings
):
    indicators = batch_indicators(application.batch)
    kept = self_score(application, indicators)
    item = qualitative(application)
    # A stale object (its revision before the save) would find the kept sheet; the
    # version's record is scored from the answers as they are.
    save_self_evaluation(
        application,
        actor=enterprise_user,
        answers={item: {"score": Decimal(0)}},
        revision=application.revision,
    )
    record = application_snapshot(application)
    assert Decimal(str(record["self_score"]["total"])) < kept.total


def test_off_when_set_to_zero(application, settings):
    settings.SELF_SCORE_CACHE_SECONDS = 0
    indicators = batch_indicators(application.batch)
    self_score(application, indicators)
    with CaptureQueriesContext(connection) as queries:
        self_score(application, indicators)
    assert len(queries) == 1  # the answers, read again


def test_the_batch_aspects_are_the_weighted_first_level(application):
    from greenfactory.programme.domain.queries import batch_aspects

    expected = [i for i in batch_indicators(application.batch) if i.level == 1 and i.weight]
    assert batch_aspects(application.batch) == expected
    with CaptureQueriesContext(connection) as queries:
        assert batch_aspects(application.batch) == expected
    assert len(queries) == 0


def test_the_kept_tabs_mark_the_section_shown(client, application, enterprise_user):
    from django.urls import reverse

    client.force_login(enterprise_user)
    for name, section in (
        ("application_detail", "overview"),
        ("application_form", "form"),
        ("application_detail", "overview"),
        ("self_evaluation", "self_evaluation"),
    ):
        page = client.get(reverse(f"applications:{name}", args=[application.code]))
        text = page.content.decode()
        tabs = text[
            text.index('<nav class="tabs"') : text.index("</nav>", text.index('<nav class="tabs"'))
        ]
        current = reverse(f"applications:{name}", args=[application.code])
        assert f'<a href="{current}" aria-current="page">' in tabs, section
        assert tabs.count('aria-current="page"') == 1


def test_the_kept_indicators_are_each_callers_own_and_go_with_the_cache():
    from django.core.cache import cache

    batch = BatchFactory(indicator_system=shipped_system(2025))
    first = batch_indicators(batch)
    first[0].applied_benchmark = "annotated by one page"
    first[0].name = "changed by one page"
    with CaptureQueriesContext(connection) as queries:
        second = batch_indicators(batch)
    assert len(queries) == 0
    assert second == first and second[0] is not first[0]
    assert not hasattr(second[0], "applied_benchmark")
    assert second[0].name == batch.indicator_system.indicators.order_by("position")[0].name
    cache.clear()  # the list goes with the cache's entry: read again once
    with CaptureQueriesContext(connection) as queries:
        assert batch_indicators(batch) == second
    assert len(queries) == 1


def test_one_kept_indicator_by_code_is_the_lists_own_copy_in_the_batchs_words():
    batch = BatchFactory(indicator_system=shipped_system(2025))
    listed = {i.code: i for i in batch_indicators(batch)}
    gate_code = next(code for code, i in listed.items() if i.is_gate)
    with CaptureQueriesContext(connection) as queries:
        found = batch_indicator(batch, gate_code)
    assert len(queries) == 0
    assert found == listed[gate_code]
    assert found.name == listed[gate_code].name
    found.name = "changed by one caller"
    assert batch_indicator(batch, gate_code).name == listed[gate_code].name
    assert batch_indicator(batch, "no such code") is None


def test_the_form_page_names_the_industry_from_the_kept_reference_data(
    client, application, enterprise_user
):
    from django.urls import reverse

    from greenfactory.accounts.domain.queries import industry_named

    industry = application.enterprise.industry
    assert industry is not None
    client.force_login(enterprise_user)
    path = reverse("applications:application_form", args=[application.code])
    assert f"<dd>{industry}</dd>" in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).content.decode()
    assert f"<dd>{industry}</dd>" in page
    assert not [q for q in queries.captured_queries if '"accounts_industry"' in q["sql"]]
    assert industry_named(None) is None


def _score_totals(page) -> str:
    text = page.content.decode()
    start = text.index('<aside id="score-totals"')
    return text[start : text.index("</aside>", start)]


def test_the_overview_keeps_its_score_totals_until_the_revision_changes(
    client, application, enterprise_user, monkeypatch
):
    from django.urls import reverse

    from greenfactory.applications.views.enterprise import applications as views

    client.force_login(enterprise_user)
    url = reverse("applications:application_detail", args=[application.code])
    first = _score_totals(client.get(url, headers={"accept-language": "en"}))
    assert f"{self_score(application).total:.2f}" in first

    def not_read(*args, **kwargs):
        raise AssertionError("the kept score totals read the sheet again")

    monkeypatch.setattr(views, "self_score", not_read)
    assert _score_totals(client.get(url, headers={"accept-language": "en"})) == first
    monkeypatch.undo()
    # Another language is a fragment of its own.
    chinese = _score_totals(client.get(url, headers={"accept-language": "zh-hans"}))
    assert "Intensive land use" in first and "用地集约化" in chinese

    item = qualitative(application)
    saved = score_nothing(application, item, enterprise_user)
    after = _score_totals(client.get(url, headers={"accept-language": "en"}))
    assert after != first
    assert f"{self_score(saved).total:.2f}" in after
