"""The grade on the city's pages before designation (decisions §83): a column on the notice
page of a zero-carbon batch, and the designation page's warning before the officer posts."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.programme.enums import BatchState, TitleGrade
from greenfactory.recognition.domain.designation import designation_grade_problems
from greenfactory.recognition.domain.ranking import compute_ranking, record_decision
from greenfactory.titles.models import Title
from tests.factories import EnterpriseFactory, ZeroCarbonBatchFactory, industry
from tests.recognition.designation_helpers import notice_for, ranked_batch
from tests.recognition.test_zero_carbon_grade import (
    near_zero_accounts,
    not_yet_accounts,
    reviewed_zero_carbon,
)

pytestmark = pytest.mark.django_db


def machinery(name):
    return EnterpriseFactory(name=name, industry=industry("34"))


def test_the_notice_page_shows_each_published_factorys_grade(
    client, city_officer, django_assert_max_num_queries
):
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    notice = notice_for(batch, [machinery("常州甲机械有限公司")], grade=TitleGrade.NEAR_ZERO)
    client.force_login(city_officer)
    url = reverse("recognition:notice_manage", args=[batch.code])
    with django_assert_max_num_queries(60) as one:
        page = client.get(url)
    assert page.status_code == 200
    assert page.text.count("近零碳工厂") == 1
    for position, name in enumerate(("常州乙机械有限公司", "常州丙机械有限公司"), start=2):
        entry = notice.entries.get(position=1)
        entry.pk, entry.position, entry.enterprise_name = None, position, name
        entry.application = reviewed_zero_carbon(batch, machinery(name))
        entry.grade = TitleGrade.ZERO
        entry.save()
    with django_assert_max_num_queries(60) as many:
        page = client.get(url)
    assert page.text.count("近零碳工厂") == 1 and page.text.count(">零碳工厂<") == 2
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_green_factory_notice_page_has_no_grade_column(client, city_officer):
    batch = ranked_batch()
    notice_for(batch, [machinery("常州丁机械有限公司")])
    client.force_login(city_officer)
    with translation.override("en"):
        page = client.get(reverse("recognition:notice_manage", args=[batch.code]))
    assert page.status_code == 200 and "Proposed title" not in page.text


def test_before_publishing_the_decided_list_shows_each_grade(client, city_officer):
    batch = ZeroCarbonBatchFactory(state=BatchState.IN_REVIEW)
    graded = machinery("常州戊机械有限公司")
    near_zero_accounts(graded)
    reviewed_zero_carbon(batch, graded)
    compute_ranking(batch, actor=city_officer)
    record_decision(
        batch,
        actor=city_officer,
        meeting_on=timezone.localdate(),
        minutes_reference="纪要〔2026〕第18期",
        decided={},
    )
    client.force_login(city_officer)
    page = client.get(reverse("recognition:notice_manage", args=[batch.code]))
    assert page.status_code == 200
    row = page.text.split("常州戊机械有限公司")[1].split("</tr>")[0]
    assert "近零碳工厂" in row


@pytest.mark.parametrize(
    ("persona", "status"),
    [("city_officer", 200), ("district_officer", 403), ("enterprise_user", 403)],
)
def test_the_designation_page_warns_of_a_factory_of_neither_grade_before_posting(
    as_persona, persona, status
):
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    graded, short = machinery("常州己机械有限公司"), machinery("常州庚机械有限公司")
    near_zero_accounts(graded)
    not_yet_accounts(short)
    notice = notice_for(batch, [graded, short])  # published before grades were decided
    url = reverse("recognition:designate", args=[batch.code])
    page = as_persona(persona).get(url)
    assert page.status_code == status
    if status != 200:
        return
    [warning] = page.context["problems"]
    assert "常州庚机械有限公司" in warning and "常州己机械有限公司" not in warning
    assert f'role="alert"><li>{warning}</li>' in page.text
    assert '<form method="post" class="actions">' not in page.text  # nothing to post yet
    notice.entries.filter(application__enterprise=short).update(
        removed=True, removed_reason="异议成立"
    )
    page = as_persona(persona).get(url)
    assert page.context["problems"] == []
    assert '<form method="post" class="actions">' in page.text
    assert not Title.objects.filter(batch=batch).exists()


def test_no_warning_for_graded_entries_or_a_green_factory_batch():
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    short = machinery("常州辛机械有限公司")
    not_yet_accounts(short)
    notice_for(batch, [short], grade=TitleGrade.NEAR_ZERO)  # the grade fixed at the decision
    assert designation_grade_problems(batch) == []
    green = ranked_batch()
    notice_for(green, [machinery("常州壬机械有限公司")])
    assert designation_grade_problems(green) == []


def test_the_designation_page_of_a_graded_notice_reads_the_same_queries_for_more_factories(
    client, city_officer, django_assert_max_num_queries
):
    batch = ZeroCarbonBatchFactory(state=BatchState.RANKED)
    notice = notice_for(batch, [machinery("常州癸机械有限公司")], grade=TitleGrade.ZERO)
    client.force_login(city_officer)
    url = reverse("recognition:designate", args=[batch.code])
    with django_assert_max_num_queries(60) as one:
        assert client.get(url).context["problems"] == []
    for position, name in enumerate(("常州子机械有限公司", "常州丑机械有限公司"), start=2):
        entry = notice.entries.get(position=1)
        entry.pk, entry.position, entry.enterprise_name = None, position, name
        entry.application = reviewed_zero_carbon(batch, machinery(name))
        entry.save()
    with django_assert_max_num_queries(60) as many:
        page = client.get(url)
    assert len(page.context["entries"]) == 3
    assert len(many.captured_queries) == len(one.captured_queries)
