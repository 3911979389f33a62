"""District pre-review (初审): checklist, credit checks, the three decisions, ranking, letter."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.transitions import TransitionRefused
from greenfactory.applications.enums import ApplicationState
from greenfactory.core.models import AuditEvent
from greenfactory.demo.applications import sample_pdf
from greenfactory.reviews.domain.district import (
    ReviewIncomplete,
    move_recommendation,
    recommend_application,
    reject_application,
    return_application,
    save_district_review,
)
from greenfactory.reviews.models import DistrictReview, RecommendationRank
from tests.factories import (
    BatchFactory,
    EnterpriseUserFactory,
    SubmittedApplicationFactory,
    shipped_system,
)

pytestmark = pytest.mark.django_db

CLEAN = {
    "materials_complete": True,
    "gates_verified": True,
    "credit_china_on": date(2026, 11, 20),
    "credit_china_result": "clean",
    "credit_gsxt_on": date(2026, 11, 20),
    "credit_gsxt_result": "clean",
    "credit_jiangsu_on": date(2026, 11, 20),
    "credit_jiangsu_result": "clean",
    "notes": "",
}


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2018))


def submitted(batch, user):
    """Submitted by ``user``'s enterprise, written directly (the submission has its own tests)."""
    return SubmittedApplicationFactory(batch=batch, enterprise=user.enterprise, submitted_by=user)


@pytest.fixture
def application(batch, enterprise_user):
    return submitted(batch, enterprise_user)


def test_recommend_needs_a_complete_checklist(application, district_officer):
    with pytest.raises(ReviewIncomplete) as caught:
        recommend_application(application, actor=district_officer)
    assert len(caught.value.problems) == 1  # nothing filled in yet
    save_district_review(
        application,
        actor=district_officer,
        data={**CLEAN, "credit_gsxt_result": ""},
        comments={},
    )
    with pytest.raises(ReviewIncomplete) as caught:
        recommend_application(application, actor=district_officer)
    assert len(caught.value.problems) == 1
    save_district_review(application, actor=district_officer, data=CLEAN, comments={})
    recommend_application(application, actor=district_officer)
    application.refresh_from_db()
    assert application.state == ApplicationState.RECOMMENDED
    review = DistrictReview.objects.get(application=application)
    assert (review.decision, review.version) == ("recommended", 1)
    assert RecommendationRank.objects.get(application=application).rank == 1
    assert AuditEvent.objects.filter(action="applications.application.recommended").exists()


def test_adverse_credit_record_blocks_recommendation(application, district_officer):
    save_district_review(
        application,
        actor=district_officer,
        data={**CLEAN, "credit_china_result": "listed"},
        comments={},
    )
    with pytest.raises(ReviewIncomplete) as caught:
        recommend_application(application, actor=district_officer)
    assert "信用中国" in str(caught.value.problems[0])


def test_jiangsu_credit_check_is_the_third_beside_the_two_national_ones(
    application, district_officer
):
    save_district_review(
        application,
        actor=district_officer,
        data={**CLEAN, "credit_jiangsu_on": None, "credit_jiangsu_result": ""},
        comments={},
    )
    with pytest.raises(ReviewIncomplete) as caught:
        recommend_application(application, actor=district_officer)
    (problem,) = caught.value.problems
    assert "信用江苏" in str(problem)
    save_district_review(
        application,
        actor=district_officer,
        data={**CLEAN, "credit_jiangsu_result": "listed"},
        comments={},
    )
    with pytest.raises(ReviewIncomplete) as caught:
        recommend_application(application, actor=district_officer)
    (problem,) = caught.value.problems
    assert "信用江苏" in str(problem)
    save_district_review(application, actor=district_officer, data=CLEAN, comments={})
    assert recommend_application(application, actor=district_officer).state == "recommended"


def test_the_jiangsu_check_needs_its_date_and_result_together(
    client, application, district_officer
):
    client.force_login(district_officer)
    response = client.post(
        reverse("reviews:district_review", args=[application.code]),
        {
            "materials_complete": "yes",
            "credit_jiangsu_result": "clean",
            "notes": "已核查",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["credit_jiangsu_on"]
    assert "已核查" in response.content.decode()
    assert not DistrictReview.objects.exists()


def test_return_carries_per_indicator_reasons_to_the_enterprise(
    client, application, district_officer, enterprise_user
):
    item = application.batch.indicator_system.indicators.filter(kind="qualitative").first()
    save_district_review(
        application, actor=district_officer, data=CLEAN, comments={item: "请补充照明改造验收资料"}
    )
    return_application(application, actor=district_officer, reason="请按意见修改")
    application.refresh_from_db()
    assert (application.state, application.version) == (ApplicationState.RETURNED, 2)
    change = application.status_changes.last()
    assert change.reason.splitlines() == [
        "请按意见修改",
        f"{item.code} {item.name}：请补充照明改造验收资料",
    ]
    client.force_login(enterprise_user)
    page = client.get(reverse("applications:self_evaluation", args=[application.code]))
    assert "请补充照明改造验收资料" in page.content.decode()


def test_return_and_reject_need_a_reason(application, district_officer):
    with pytest.raises(TransitionRefused):
        return_application(application, actor=district_officer, reason=" ")
    with pytest.raises(TransitionRefused):
        reject_application(application, actor=district_officer, reason="")
    reject_application(application, actor=district_officer, reason="存在重大安全事故")
    application.refresh_from_db()
    assert application.state == ApplicationState.DISTRICT_REJECTED


@pytest.mark.parametrize("persona", ["other_district_officer", "city_officer", "enterprise_user"])
def test_only_the_own_district_decides(request, application, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        save_district_review(application, actor=actor, data=CLEAN, comments={})
    with pytest.raises(PermissionDenied):
        reject_application(application, actor=actor, reason="x")


def test_a_draft_cannot_be_recommended(batch, enterprise_user, district_officer):
    draft = start_application(batch, actor=enterprise_user)
    with pytest.raises((TransitionRefused, PermissionDenied)):
        recommend_application(draft, actor=district_officer)


def test_ranking_moves_within_the_district(batch, application, district_officer):
    other = submitted(batch, EnterpriseUserFactory())
    for item in (application, other):
        save_district_review(item, actor=district_officer, data=CLEAN, comments={})
        recommend_application(item, actor=district_officer)
    ranks = lambda: list(  # noqa: E731
        RecommendationRank.objects.order_by("rank").values_list("application_id", flat=True)
    )
    assert ranks() == [application.pk, other.pk]
    move_recommendation(other, actor=district_officer, offset=-1)
    assert ranks() == [other.pk, application.pk]
    move_recommendation(other, actor=district_officer, offset=-1)  # already first: no change
    assert ranks() == [other.pk, application.pk]


def test_letter_upload_and_download(
    client, batch, district_officer, other_district_officer, city_officer
):
    client.force_login(district_officer)
    url = reverse("reviews:recommendations", args=[batch.code])
    bad = client.post(url, {"letter": SimpleUploadedFile("letter.pdf", b"MZ not a pdf")})
    assert bad.status_code == 400
    ok = client.post(url, {"letter": SimpleUploadedFile("推荐函.pdf", sample_pdf())})
    assert ok.status_code == 302
    from greenfactory.reviews.models import RecommendationLetter

    letter = RecommendationLetter.objects.get()
    download = reverse("reviews:letter_download", args=[letter.code])
    for user, status in [
        (district_officer, 200),
        (city_officer, 200),
        (other_district_officer, 404),
    ]:
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content) == sample_pdf()


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_only_one_wins():
    from tests.factories import OfficerFactory, region

    user = EnterpriseUserFactory()
    batch = BatchFactory(indicator_system=shipped_system(2025))
    application = submitted(batch, user)
    first, second = OfficerFactory(region=region("320412")), OfficerFactory(region=region("320412"))
    save_district_review(application, actor=first, data=CLEAN, comments={})
    barrier = threading.Barrier(2)
    outcomes = []

    def act(officer, decide):
        try:
            barrier.wait()
            decide(officer)
            outcomes.append("done")
        except (TransitionRefused, PermissionDenied):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=(first, lambda o: recommend_application(application, actor=o))
        ),
        threading.Thread(
            target=act,
            args=(second, lambda o: reject_application(application, actor=o, reason="并发")),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert application.status_changes.count() == 2  # submitted, then exactly one decision


def test_queue_filters_and_costs_the_same_for_1_and_many(
    client, batch, application, district_officer
):
    client.force_login(district_officer)
    url = reverse("reviews:district_queue")
    client.get(url)  # the industry sections are read once and kept
    with CaptureQueriesContext(connection) as one:
        page = client.get(url, {"batch": batch.code, "order": "score"})
    assert application.enterprise.name in page.content.decode()
    for _ in range(3):
        submitted(batch, EnterpriseUserFactory())
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"batch": batch.code, "order": "score"})
    assert len(page.context["page"].object_list) == 4
    assert len(many) == len(one)
    empty = client.get(url, {"state": "recommended"})
    assert len(empty.context["page"].object_list) == 0


def test_the_queue_leads_to_each_batch_recommendations_without_a_filter(
    client, batch, application, district_officer
):
    client.force_login(district_officer)
    html = client.get(reverse("reviews:district_queue")).content.decode()
    assert reverse("reviews:recommendations", args=[batch.code]) in html


def test_review_page_saves_and_validates(client, application, district_officer):
    client.force_login(district_officer)
    url = reverse("reviews:district_review", args=[application.code])
    response = client.post(url, {"credit_china_on": "2026-11-20"})  # date without result
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not DistrictReview.objects.exists()
    response = client.post(
        url,
        {
            "materials_complete": "yes",
            "gates_verified": "yes",
            "credit_china_on": "2026-11-20",
            "credit_china_result": "clean",
            "credit_gsxt_on": "2026-11-20",
            "credit_gsxt_result": "clean",
            "credit_jiangsu_on": "2026-11-20",
            "credit_jiangsu_result": "clean",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("reviews:district_decide", args=[application.code]), {"decision": "recommend"}
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.RECOMMENDED
    again = client.post(
        reverse("reviews:district_decide", args=[application.code]),
        {"decision": "reject", "reason": "x"},
        follow=True,
    )
    assert again.status_code == 200
    application.refresh_from_db()
    assert application.state == ApplicationState.RECOMMENDED


@pytest.mark.queries
def test_district_home_lists_applications_to_review_at_constant_cost(
    client, batch, application, district_officer
):
    client.force_login(district_officer)
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("dashboards:home"))
    assert application.enterprise.name in page.content.decode()
    for _ in range(3):
        submitted(batch, EnterpriseUserFactory())
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("dashboards:home"))
    assert len(page.context["to_review"]) == 4
    assert len(many) == len(one)


def test_the_queues_kept_options_follow_the_language_and_the_choice(
    client, batch, application, district_officer
):
    client.force_login(district_officer)
    url = reverse("reviews:district_queue")

    def select(page, name) -> str:
        text = page.content.decode()
        start = text.index(f'<select id="{name}"')
        return text[start : text.index("</select>", start)]

    chinese = client.get(url)
    english = client.get(url, headers={"accept-language": "en"})
    assert "已提交" in select(chinese, "state")
    assert "Submitted" in select(english, "state") and "已提交" not in select(english, "state")
    recommended = client.get(url, {"state": "recommended", "industry": "C"})
    assert 'value="recommended" selected' in select(recommended, "state")
    assert 'value="submitted" selected' not in select(recommended, "state")
    assert 'value="C" selected' in select(recommended, "industry")
    assert 'value="C" selected' not in select(client.get(url), "industry")
    assert batch.title in select(chinese, "batch")


def test_a_decision_saves_what_was_typed_with_it(client, application, district_officer):
    """The decision buttons post the whole pre-review form: comments typed without saving
    go to the enterprise with the return, and are kept on the review."""
    client.force_login(district_officer)
    indicator = application.batch.indicator_system.indicators.exclude(kind="group").first()
    response = client.post(
        reverse("reviews:district_decide", args=[application.code]),
        {
            "decision": "return",
            "reason": "",
            "materials_complete": "no",
            f"comment_{indicator.pk}": "补充计量器具清单",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED
    assert "补充计量器具清单" in application.status_changes.order_by("-pk").first().reason
    review = DistrictReview.objects.get(application=application)
    assert review.materials_complete is False
    assert [c.comment for c in review.comments.all()] == ["补充计量器具清单"]


def test_a_refused_decision_shows_everything_typed_and_saves_nothing(
    client, application, district_officer
):
    client.force_login(district_officer)
    indicator = application.batch.indicator_system.indicators.exclude(kind="group").first()
    response = client.post(
        reverse("reviews:district_decide", args=[application.code]),
        {
            "decision": "recommend",
            "reason": "理由",
            "materials_complete": "yes",
            f"comment_{indicator.pk}": "意见一",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "意见一" in body and "理由" in body
    assert response.context["form"]["materials_complete"].value() == "yes"
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert not DistrictReview.objects.exists()


def test_the_reason_typed_is_saved_with_the_record_until_a_decision(
    client, application, district_officer
):
    client.force_login(district_officer)
    url = reverse("reviews:district_review", args=[application.code])
    response = client.post(url, {"materials_complete": "yes", "reason": "x" * 4001})
    assert response.status_code == 400
    assert "reason" in response.context["decision_form"].errors
    assert response.context["decision_form"]["reason"].value() == "x" * 4001
    assert not DistrictReview.objects.exists()
    response = client.post(url, {"materials_complete": "yes", "reason": " 请补充能源审计报告。 "})
    assert response.status_code == 302
    review = DistrictReview.objects.get()
    assert (review.reason, review.decision) == ("请补充能源审计报告。", "")
    page = client.get(url)
    assert page.context["decision_form"]["reason"].value() == "请补充能源审计报告。"
    # A post without the box (an older page) leaves the typed reason as it was.
    client.post(url, {"materials_complete": "yes"})
    review.refresh_from_db()
    assert review.reason == "请补充能源审计报告。"
    # A timeline shows decided reviews only; the reason typed is not yet the enterprise's.
    assert application.status_changes.filter(reason__contains="请补充").count() == 0


def test_the_queue_as_it_opens_is_read_by_the_compiled_query_as_the_orm_reads_it(
    client,
    batch,
    application,
    district_officer,
    other_district_officer,
    city_officer,
    enterprise_user,
    settings,
):
    from greenfactory.reviews.domain.queries import (
        QUEUE_ORDER,
        district_queue,
        first_queue_reads,
        first_queue_rows,
    )
    from greenfactory.reviews.views.district import QUEUE_FIELDS

    for _ in range(3):
        submitted(batch, EnterpriseUserFactory())
    reads = first_queue_reads(QUEUE_FIELDS)
    for officer in (district_officer, other_district_officer, city_officer):
        expected = list(
            district_queue(officer)
            .filter(state=ApplicationState.SUBMITTED)
            .order_by(*QUEUE_ORDER["submitted"])
            .values(*QUEUE_FIELDS)[:51]
        )
        assert first_queue_rows(officer, reads) == expected
    assert len(first_queue_rows(district_officer, reads)) == 4
    assert first_queue_rows(other_district_officer, reads) == []
    assert first_queue_rows(enterprise_user, reads) is None
    # The page as it opens and the same list asked for by its filters: the same rows.
    client.force_login(district_officer)
    url = reverse("reviews:district_queue")
    opened = client.get(url).context["page"].object_list
    asked = client.get(url, {"state": "submitted", "order": "submitted", "page": "1"})
    assert opened == asked.context["page"].object_list and len(opened) == 4


def test_the_queue_as_it_opens_builds_no_queryset(client, batch, application, district_officer):
    """The ORM's queryset is built only when the compiled read does not serve the page
    (decisions §116): a filter, another order or page."""
    from unittest import mock

    from greenfactory.reviews.views import district as views

    client.force_login(district_officer)
    url = reverse("reviews:district_queue")
    with mock.patch.object(views, "district_queue", wraps=views.district_queue) as built:
        opened = client.get(url)
        assert opened.status_code == 200 and built.call_count == 0
        filtered = client.get(url, {"batch": batch.code})
        assert built.call_count == 1
    assert filtered.context["page"].object_list == opened.context["page"].object_list
