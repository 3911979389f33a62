"""The batch-wide view of where the experts disagree (专家评分分歧): spreads computed by hand,
sorting and the divergent-only filter, district visibility, query counts, and who may open it."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.programme.models import Batch
from greenfactory.reviews.domain.divergence import divergence_rows
from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.domain.expert_scores import (
    complete_expert_review,
    save_expert_scores,
    submit_expert_scores,
)
from tests.factories import BatchFactory, region, shipped_system
from tests.reviews.test_expert import (
    bare_audited,
    full_scores,
    indicator,
    make_expert,
    score_and_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2025), experts_per_application=1)


def submit_with(assignment, expert, share, overrides=None):
    """Every entry at ``share`` of its points, then the points of ``overrides`` (code → points)."""
    scores = full_scores(assignment.application, D(share))
    for code, points in (overrides or {}).items():
        scores[indicator(assignment.application.batch, code)]["score"] = D(points)
    save_expert_scores(assignment, actor=expert, scores=scores)
    return submit_expert_scores(assignment, actor=expert)


@pytest.fixture
def spread_batch(batch, city_officer):
    """Three applications of one batch, threshold 4 points:

    - 甲: three experts, totals 100, 95 and 98.5 (spread 5, divergent), review completed;
      the experts differ on 3.2.1 (0–4), 3.3.1 (1–2), 5.1.4 (0–1) and 1.4.1 (1.5–2);
    - 乙: two experts, totals 90 and 89.4 (spread 0.6), differing on 3.2.1 only (3–3.6);
    - 丙: one of two experts submitted (no spread yet);
    - 丁: experts assigned, none submitted: not on the page.
    """
    Batch.objects.filter(pk=batch.pk).update(divergence_threshold=D(4))
    batch.refresh_from_db()
    first = bare_audited(batch, name="甲钢铁有限公司")
    experts = [make_expert("a1"), make_expert("a2"), make_expert("a3")]
    made = assign_experts(first, experts, actor=city_officer)
    submit_with(made[0], experts[0], "1")
    submit_with(made[1], experts[1], "1", {"3.2.1": "0", "5.1.4": "0"})
    submit_with(made[2], experts[2], "1", {"3.3.1": "1", "1.4.1": "1.5"})
    complete_expert_review(first, actor=city_officer)

    second = bare_audited(batch, name="乙化工有限公司")
    experts = [make_expert("b1"), make_expert("b2")]
    made = assign_experts(second, experts, actor=city_officer)
    submit_with(made[0], experts[0], "0.9")
    submit_with(made[1], experts[1], "0.9", {"3.2.1": "3"})

    third = bare_audited(batch, name="丙纺织有限公司")
    experts = [make_expert("c1"), make_expert("c2")]
    made = assign_experts(third, experts, actor=city_officer)
    submit_with(made[0], experts[0], "0.7")

    fourth = bare_audited(batch, name="丁造纸有限公司")
    assign_experts(fourth, [make_expert("d1")], actor=city_officer)
    return batch


def names(rows):
    return [row.application.enterprise.name for row in rows]


def test_spreads_computed_by_hand(spread_batch, city_officer):
    rows = divergence_rows(city_officer, spread_batch)
    assert names(rows) == ["甲钢铁有限公司", "乙化工有限公司", "丙纺织有限公司"]
    first, second, third = rows

    assert first.completed is True
    assert sorted(first.totals) == [D("95.00"), D("98.50"), D("100.00")]
    assert (first.expert_count, first.assigned) == (3, 3)
    assert (first.lowest, first.highest, first.spread) == (D("95.00"), D("100.00"), D("5.00"))
    assert (first.score, first.rule, first.divergent) == (D("97.83"), "mean", True)
    assert [
        (item.indicator.code, item.lowest, item.highest, item.spread, item.experts)
        for item in first.indicators
    ] == [
        ("3.2.1", D(0), D(4), D(4), 3),
        ("3.3.1", D(1), D(2), D(1), 3),  # ties with 5.1.4: tree order
        ("5.1.4", D(0), D(1), D(1), 3),
    ]  # 1.4.1, 0.5 apart, is the fourth and left out

    assert second.completed is False
    assert (second.lowest, second.highest, second.spread) == (D("89.40"), D("90.00"), D("0.60"))
    assert (second.score, second.divergent) == (D("89.70"), False)  # provisional mean
    assert [(i.indicator.code, i.lowest, i.highest) for i in second.indicators] == [
        ("3.2.1", D("3"), D("3.6"))
    ]

    assert (third.expert_count, third.assigned, third.spread, third.indicators) == (1, 2, None, [])
    assert third.divergent is False


def test_sorting_and_the_divergent_filter(client, spread_batch, city_officer):
    client.force_login(city_officer)
    url = reverse("reviews:expert_divergence", args=[spread_batch.code])
    assert url == f"/city/batches/{spread_batch.code}/divergence/"
    page = client.get(url)
    assert page.status_code == 200
    assert names(page.context["rows"]) == ["甲钢铁有限公司", "乙化工有限公司", "丙纺织有限公司"]
    page = client.get(url, {"order": "spread"})
    assert names(page.context["rows"]) == ["乙化工有限公司", "甲钢铁有限公司", "丙纺织有限公司"]
    page = client.get(url, {"order": "name"})
    assert names(page.context["rows"]) == sorted(names(page.context["rows"]))
    page = client.get(url, {"divergent": "on"})
    assert names(page.context["rows"]) == ["甲钢铁有限公司"]
    html = page.content.decode()
    assert "3.2.1" in html and "5.1.4" in html and "1.4.1" not in html
    page = client.get(url, {"order": "nonsense"})  # an unknown order falls back
    assert page.status_code == 200
    assert names(page.context["rows"])[0] == "甲钢铁有限公司"


def test_the_expert_batch_page_links_here(client, batch, city_officer):
    client.force_login(city_officer)
    page = client.get(reverse("reviews:expert_batch", args=[batch.code]))
    assert reverse("reviews:expert_divergence", args=[batch.code]) in page.content.decode()


def test_district_officers_read_only_their_district(
    client, batch, city_officer, district_officer, other_district_officer
):
    own = bare_audited(batch, name="武进企业")
    other = bare_audited(batch, name="新北企业", district=region("320411"))
    for application in (own, other):
        expert = make_expert(f"x{application.pk}")
        [made] = assign_experts(application, [expert], actor=city_officer)
        score_and_submit(made, expert, D("0.8"))
    assert names(divergence_rows(city_officer, batch, order="name")) == ["新北企业", "武进企业"]
    assert names(divergence_rows(district_officer, batch)) == ["武进企业"]
    assert names(divergence_rows(other_district_officer, batch)) == ["新北企业"]
    client.force_login(district_officer)
    page = client.get(reverse("reviews:expert_divergence", args=[batch.code]))
    assert names(page.context["rows"]) == ["武进企业"]
    assert '<form method="post"' not in page.content.decode()  # nothing to change here


@pytest.mark.queries
def test_the_page_costs_the_same_for_1_and_many(client, batch, city_officer):
    def staffed(n, *, complete=False):
        application = bare_audited(batch)
        first, second = make_expert(f"e{n}a"), make_expert(f"e{n}b")
        made = assign_experts(application, [first, second], actor=city_officer)
        submit_with(made[0], first, "0.7")
        submit_with(made[1], second, "0.7", {"3.2.1": "0"})
        if complete:
            complete_expert_review(application, actor=city_officer)

    staffed(0)
    client.force_login(city_officer)
    url = reverse("reviews:expert_divergence", args=[batch.code])
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["rows"]) == 1
    for n in range(1, 5):
        staffed(n, complete=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    rows = page.context["rows"]
    assert [row.completed for row in rows].count(True) == 2
    assert all(row.indicators[0].indicator.code == "3.2.1" for row in rows)
    assert len(many) == len(one)


def test_an_unknown_batch_is_not_found(client, city_officer):
    client.force_login(city_officer)
    response = client.get(reverse("reviews:expert_divergence", args=["nosuchcode"]))
    assert response.status_code == 404
