"""The scoring sheet's table is kept while nothing it shows changes, and never past a change:
the expert's own save or submission, another expert's, the enterprise's answers, the site
audit. Kept apart by role, own sheet or not, may score or not, and language."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from greenfactory.applications.models import Application
from greenfactory.reviews.domain.expert import assign_experts
from greenfactory.reviews.domain.expert_queries import sheet_stamp
from greenfactory.reviews.domain.expert_scores import save_expert_scores
from greenfactory.reviews.models import SiteAudit
from tests.factories import BatchFactory, shipped_system
from tests.reviews.test_expert import (
    QUALITATIVE_CODE,
    audited,
    indicator,
    make_expert,
    score_and_submit,
)

pytestmark = pytest.mark.django_db

TABLE = "reviews/expert/_score_table.html"


@pytest.fixture(autouse=True)
def kept(settings):
    settings.SCORE_SHEET_CACHE_SECONDS = 600


@pytest.fixture
def scored(enterprise_user, district_officer):
    batch = BatchFactory(indicator_system=shipped_system(2025))
    return audited(batch, enterprise_user, district_officer)


@pytest.fixture
def sheet(scored, city_officer, assigned_expert):
    [made] = assign_experts(scored, [assigned_expert], actor=city_officer)
    return made


def table(page) -> str:
    text = page.content.decode()
    return text[text.index('<table class="table self-evaluation">') : text.index("</table>")]


def rendered(page) -> bool:
    return TABLE in [t.name for t in page.templates]


def test_a_sheet_read_again_is_the_same_table_without_rendering_it(client, sheet, assigned_expert):
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[sheet.code])
    first, again = client.get(url), client.get(url)
    assert rendered(first) and not rendered(again)
    assert table(again) == table(first)
    assert "<tbody>" in again.content.decode()  # kept as markup, not escaped
    assert again.context["sheet"].total == first.context["sheet"].total
    assert again.context["self_sheet"].total == first.context["self_sheet"].total


def test_the_experts_save_shows_at_once(client, sheet, assigned_expert):
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[sheet.code])
    item = indicator(sheet.application.batch, QUALITATIVE_CODE)
    before = client.get(url)
    assert before.context["sheet"].items[item.code].status == "missing"
    assert client.post(url, {f"score_{item.pk}": "3", f"comment_{item.pk}": "较好"}).status_code
    after = client.get(url)
    assert rendered(after)
    assert after.context["sheet"].items[item.code].points == D(3)
    assert "较好" in table(after)
    assert not rendered(client.get(url))


def test_a_refused_save_is_shown_with_its_errors_and_not_kept(client, sheet, assigned_expert):
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[sheet.code])
    item = indicator(sheet.application.batch, QUALITATIVE_CODE)
    client.get(url)
    refused = client.post(url, {f"score_{item.pk}": "5"})
    assert refused.status_code == 400
    assert 'aria-invalid="true"' in table(refused)
    again = client.get(url)
    assert not rendered(again)  # the kept table, from before the refused post
    assert 'aria-invalid="true"' not in table(again)


def test_another_experts_submission_reaches_the_officer_and_the_submitted_expert(
    client, scored, city_officer, assigned_expert
):
    other = make_expert("li")
    mine, theirs = assign_experts(scored, [assigned_expert, other], actor=city_officer)
    score_and_submit(mine, assigned_expert, D("0.8"))
    client.force_login(city_officer)
    url = reverse("reviews:expert_score", args=[mine.code])
    officer = client.get(url)
    assert officer.context["peers"] == []
    client.force_login(assigned_expert)
    own = client.get(url)
    assert own.context["peers"] == []
    score_and_submit(theirs, other, D("0.5"), comment="李专家的意见")
    own = client.get(url)
    assert rendered(own) and "李专家的意见" in table(own)
    assert [p.label for p in own.context["peers"]] == ["#2"]
    client.force_login(city_officer)
    officer = client.get(url)
    assert rendered(officer)
    assert [p.label for p in officer.context["peers"]] == [str(other)]


def test_readers_and_languages_are_kept_apart(
    client, sheet, assigned_expert, city_officer, district_officer
):
    url = reverse("reviews:expert_score", args=[sheet.code])
    client.force_login(assigned_expert)
    expert = client.get(url)
    assert "name=" in table(expert)  # the expert's own fields
    client.force_login(city_officer)
    officer = client.get(url)
    assert rendered(officer) and "name=" not in table(officer)
    client.force_login(district_officer)
    assert rendered(client.get(url))
    english = client.get(url, headers={"accept-language": "en"})
    assert rendered(english) and "Points" in table(english)
    assert not rendered(client.get(url, headers={"accept-language": "en"}))


def test_the_stamp_follows_everything_the_sheet_shows(scored, city_officer, assigned_expert):
    other = make_expert("li")
    mine, theirs = assign_experts(scored, [assigned_expert, other], actor=city_officer)
    seen = {sheet_stamp(mine)}
    assert sheet_stamp(mine) in seen  # nothing changed, same stamp
    item = indicator(scored.batch, QUALITATIVE_CODE)

    def changed() -> bool:
        mine.application.refresh_from_db()
        stamp = sheet_stamp(mine)
        new = stamp not in seen
        seen.add(stamp)
        return new

    save_expert_scores(mine, actor=assigned_expert, scores={item: {"score": D(3)}})
    assert changed()
    save_expert_scores(mine, actor=assigned_expert, scores={item: {"score": D(2)}})
    assert changed()  # same number of entries, a later change
    save_expert_scores(theirs, actor=other, scores={item: {"score": D(1)}})
    assert changed()  # another expert's entry
    score_and_submit(theirs, other, D("0.5"))
    assert changed()
    Application.objects.filter(pk=scored.pk).update(revision=scored.revision + 1)
    assert changed()  # the enterprise's answers
    audit = SiteAudit.objects.get(application=scored)
    SiteAudit.objects.create(
        application=scored,
        version=scored.version + 1,
        scheduled_for=audit.scheduled_for,
        location="厂区",
        status="completed",
        completed_at=audit.completed_at,
    )
    assert changed()  # a later completed audit
    other.first_name = "新名"
    other.save()
    assert changed()  # an expert's name, which officers see
    assert not changed()


@pytest.mark.queries
@pytest.mark.parametrize("seconds", [0, 600], ids=["rendered", "kept"])
def test_the_sheet_costs_the_same_for_1_and_many_experts(
    client, scored, city_officer, assigned_expert, settings, seconds
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SCORE_SHEET_CACHE_SECONDS = seconds
    mine, first = assign_experts(scored, [assigned_expert, make_expert("li")], actor=city_officer)
    score_and_submit(mine, assigned_expert, D("0.8"))
    score_and_submit(first, first.expert, D("0.6"))
    client.force_login(city_officer)
    url = reverse("reviews:expert_score", args=[mine.code])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for name in ("wang", "zhao"):
        [other] = assign_experts(scored, [make_expert(name)], actor=city_officer)
        score_and_submit(other, other.expert, D("0.5"))
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    if seconds:
        assert not rendered(page)  # the kept table, read for its stamp only
    else:
        assert len(page.context["peers"]) == 3
    assert len(many) == len(one)
