"""Expert review (专家评审): conflict screening, assignment by hand and automatically, scoring,
submission, completion with the aggregate, and who may see and do what."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from greenfactory.accounts.enums import Role
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application
from greenfactory.core.models import AuditEvent
from greenfactory.programme.models import Batch
from greenfactory.reviews.domain.expert import (
    AssignmentRefused,
    assign_experts,
    auto_assign,
    conflicts_of,
    declare_conflict,
    plan_auto_assignment,
    unassign_expert,
)
from greenfactory.reviews.domain.expert_queries import (
    assignments_visible_to,
    entries_visible_to,
    peers_visible_to,
)
from greenfactory.reviews.domain.expert_scores import (
    ExpertsShort,
    ScoresIncomplete,
    ScoringRefused,
    complete_expert_review,
    expert_fields,
    save_expert_scores,
    submit_expert_scores,
)
from greenfactory.reviews.models import (
    AuditFinding,
    ExpertAssignment,
    ExpertProfile,
    ExpertScore,
)
from tests.factories import (
    AgencyFactory,
    AuditedApplicationFactory,
    BatchFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    UserFactory,
    industry,
    region,
    shipped_system,
)
from tests.reviews.test_district import submitted

pytestmark = pytest.mark.django_db

VERIFIED_CODE = "1.1.2"  # quantitative, no formula: benchmark 30, leading 80, 3 points
QUALITATIVE_CODE = "3.2.1"  # qualitative, 4 points


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2025))


def make_expert(username, *, specialties=(), district=None, limit=5, available=True):
    user = UserFactory(username=username, role=Role.EXPERT)
    profile = ExpertProfile.objects.create(
        user=user, district=district, max_concurrent=limit, available=available
    )
    profile.specialties.set([industry(code) for code in specialties])
    return user


def indicator(batch, code):
    return batch.indicator_system.indicators.get(code=code)


def audited(batch, user, district_officer, *, agency_user=None, findings=()):
    """Audited, written directly (the steps before it have their own tests), prepared by
    ``agency_user``'s agency if given, with the site audit's ``findings``."""
    application = AuditedApplicationFactory(
        batch=batch,
        enterprise=user.enterprise,
        submitted_by=user,
        reviewer=district_officer,
        prepared_by_agency=agency_user.agency if agency_user else None,
    )
    audit = application.site_audits.get()
    for item, values in findings:
        AuditFinding.objects.create(audit=audit, indicator=item, **values)
    return application


def bare_audited(batch, **enterprise):
    """An audited application without its content, for access and query-count tests (setup
    only: what the experts score is not looked at)."""
    return Application.objects.create(
        batch=batch,
        enterprise=EnterpriseFactory(**enterprise),
        state=ApplicationState.AUDITED,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def application(batch, enterprise_user, district_officer):
    finding = {
        "enterprise_value": D(60),
        "verified_value": D(55),
        "change_reason": "60 → 55，按能源台账核减",
    }
    return audited(
        batch,
        enterprise_user,
        district_officer,
        findings=[(indicator(batch, VERIFIED_CODE), finding)],
    )


@pytest.fixture
def assignment(application, city_officer, assigned_expert):
    [made] = assign_experts(application, [assigned_expert], actor=city_officer)
    return made


def full_scores(application, share, comment=""):
    """Every entry at ``share`` of the points, so the total is ``100 × share`` exactly."""
    scores = {}
    for item in application.batch.indicator_system.indicators.exclude(kind="group"):
        fields, values = expert_fields(item), {"comment": comment}
        if "met" in fields:
            values["met"] = True
        if "score" in fields:
            values["score"] = item.max_points * share
        if "value" in fields:
            values["value"] = item.benchmark + (item.leading - item.benchmark) * share
        scores[item] = values
    return scores


def score_and_submit(assignment, expert, share, comment=""):
    scores = full_scores(assignment.application, share, comment)
    save_expert_scores(assignment, actor=expert, scores=scores)
    return submit_expert_scores(assignment, actor=expert)


def as_text(value):
    if value is True:
        return "yes"
    return format(value.normalize(), "f") if isinstance(value, D) else str(value)


def usernames(plan):
    return {pk: [e.username for e in experts] for pk, experts in plan.chosen.items()}


# ---- conflicts of interest ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["enterprise", "group", "former_employer", "relative", "other"])
def test_a_declared_conflict_with_the_enterprise_is_found(application, assigned_expert, kind):
    assert conflicts_of(assigned_expert, application) == []
    declare_conflict(
        actor=assigned_expert, kind=kind, enterprise=application.enterprise, description="曾任顾问"
    )
    reasons = [str(reason) for reason in conflicts_of(assigned_expert, application)]
    assert len(reasons) == 1
    assert reasons[0].endswith("（曾任顾问）")


def test_a_conflict_with_the_agency_that_prepared_the_application(
    batch, enterprise_user, agency_user, district_officer, assigned_expert, unassigned_expert
):
    application = audited(batch, enterprise_user, district_officer, agency_user=agency_user)
    assert application.prepared_by_agency == agency_user.agency
    declare_conflict(actor=unassigned_expert, kind="agency", agency=AgencyFactory())
    assert conflicts_of(unassigned_expert, application) == []  # another agency
    declare_conflict(actor=assigned_expert, kind="agency", agency=agency_user.agency)
    reasons = [str(reason) for reason in conflicts_of(assigned_expert, application)]
    assert len(reasons) == 1
    assert agency_user.agency.name in reasons[0]


def test_the_experts_own_enterprise_or_agency(
    batch, enterprise_user, agency_user, district_officer, assigned_expert
):
    # Expert accounts hold neither today (the account's role constraint); screening still
    # covers an account that had one.
    application = audited(batch, enterprise_user, district_officer, agency_user=agency_user)
    assigned_expert.enterprise_id = application.enterprise_id
    assert len(conflicts_of(assigned_expert, application)) == 1
    assigned_expert.enterprise_id = None
    assigned_expert.agency_id = agency_user.agency_id
    assert len(conflicts_of(assigned_expert, application)) == 1


def test_same_district_follows_the_batch_setting(application, batch):
    local = make_expert("local", district=application.enterprise.district)
    elsewhere = make_expert("elsewhere", district=region("320411"))
    with translation.override("en"):
        assert [str(r) for r in conflicts_of(local, application)] == [
            f"The expert is from the enterprise's district ({application.enterprise.district})."
        ]
    assert conflicts_of(elsewhere, application) == []
    Batch.objects.filter(pk=batch.pk).update(same_district_conflict=False)
    assert conflicts_of(local, Application.objects.get(pk=application.pk)) == []


def test_declaring_names_a_party_and_is_for_experts(assigned_expert, city_officer, enterprise):
    with pytest.raises(ValidationError):
        declare_conflict(actor=assigned_expert, kind="other", description="不明")
    with pytest.raises(PermissionDenied):
        declare_conflict(actor=city_officer, kind="enterprise", enterprise=enterprise)
    declare_conflict(actor=assigned_expert, kind="relative", enterprise=enterprise)
    assert AuditEvent.objects.filter(action="reviews.conflict.declared").count() == 1


def test_the_city_bureau_keeps_the_expert_pool(client, city_officer, assigned_expert, batch):
    client.force_login(city_officer)
    url = reverse("reviews:expert_profile", args=[assigned_expert.code])
    response = client.post(
        url,
        {
            "specialties": [industry("26").pk, industry("44").pk],
            "district": region("320411").pk,
            "max_concurrent": "3",
            "available": "on",
            "employer": "常州大学",
        },
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=assigned_expert)
    assert (profile.max_concurrent, profile.available, profile.employer) == (3, True, "常州大学")
    assert sorted(profile.specialties.values_list("code", flat=True)) == ["26", "44"]
    event = AuditEvent.objects.get(action="reviews.expert_profile.saved")
    assert event.changes["specialties"] == [[], ["26", "44"]]
    assert client.post(url, {"max_concurrent": "0"}).status_code == 400
    assign_experts(bare_audited(batch), [assigned_expert], actor=city_officer)
    page = client.get(reverse("reviews:expert_pool"))
    assert [(e.username, e.load, limit) for e, _p, limit in page.context["rows"]] == [
        ("expert", 1, 3)
    ]


# ---- assignment by hand ---------------------------------------------------------------------


def test_assignment_moves_the_application_into_expert_review(
    application, city_officer, assigned_expert
):
    [made] = assign_experts(application, [assigned_expert], actor=city_officer)
    application.refresh_from_db()
    assert application.state == ApplicationState.EXPERT_REVIEW
    assert (made.method, made.assigned_by, made.submitted_at) == ("manual", city_officer, None)
    assert application.status_changes.last().to_state == ApplicationState.EXPERT_REVIEW
    assert AuditEvent.objects.filter(
        action="reviews.expert_assignment.created", object_id=made.code
    ).exists()
    second = make_expert("li")
    assign_experts(application, [second], actor=city_officer)
    started = AuditEvent.objects.filter(action="applications.application.expert_review_started")
    assert started.count() == 1  # the transition is made once
    with pytest.raises(AssignmentRefused):
        assign_experts(application, [second], actor=city_officer)  # already assigned
    assert application.expert_assignments.count() == 2


def test_a_conflicted_expert_is_refused_with_the_reasons(
    application, city_officer, assigned_expert
):
    declare_conflict(
        actor=assigned_expert, kind="former_employer", enterprise=application.enterprise
    )
    with pytest.raises(AssignmentRefused) as caught:
        assign_experts(application, [assigned_expert, make_expert("li")], actor=city_officer)
    assert len(caught.value.problems) == 1
    assert str(assigned_expert) in caught.value.problems[0]
    application.refresh_from_db()
    assert application.state == ApplicationState.AUDITED
    assert not ExpertAssignment.objects.exists()


def test_the_assign_form_offers_only_experts_without_a_conflict(
    client, application, city_officer, assigned_expert
):
    declare_conflict(actor=assigned_expert, kind="relative", enterprise=application.enterprise)
    free = make_expert("li")
    client.force_login(city_officer)
    url = reverse("reviews:expert_application", args=[application.code])
    page = client.get(url)
    assert list(page.context["form"].fields["experts"].queryset) == [free]
    assert [c.expert for c in page.context["conflicted"]] == [assigned_expert]
    refused = client.post(url, {"experts": [assigned_expert.pk]})
    assert refused.status_code == 400
    assert not ExpertAssignment.objects.exists()
    assert client.post(url, {"experts": [free.pk]}).status_code == 302
    assert list(application.expert_assignments.values_list("expert__username", flat=True)) == ["li"]


@pytest.mark.parametrize(
    "persona", ["district_officer", "enterprise_user", "agency_user", "assigned_expert"]
)
def test_only_the_city_bureau_assigns(request, application, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        assign_experts(application, [make_expert("li")], actor=actor)
    with pytest.raises(PermissionDenied):
        auto_assign([application], actor=actor)


def test_experts_are_assigned_only_after_the_audit(batch, enterprise_user, city_officer):
    application = submitted(batch, enterprise_user)
    with pytest.raises(AssignmentRefused):
        assign_experts(application, [make_expert("li")], actor=city_officer)


def test_unassign_only_before_the_expert_submits(
    application, city_officer, district_officer, assigned_expert
):
    other = make_expert("li")
    mine, theirs = assign_experts(application, [assigned_expert, other], actor=city_officer)
    item = indicator(application.batch, QUALITATIVE_CODE)
    save_expert_scores(mine, actor=assigned_expert, scores={item: {"score": D(2)}})
    with pytest.raises(PermissionDenied):
        unassign_expert(mine, actor=district_officer)
    unassign_expert(mine, actor=city_officer)
    assert list(ExpertAssignment.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert not ExpertScore.objects.filter(assignment_id=mine.pk).exists()
    score_and_submit(theirs, other, D("0.8"))
    with pytest.raises(PermissionDenied):
        unassign_expert(theirs, actor=city_officer)


# ---- automatic assignment -------------------------------------------------------------------


@pytest.fixture
def three(batch, enterprise_user, district_officer):
    """Three audited applications: chemicals (26), power (44) and food (13)."""
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=2)
    batch.refresh_from_db()
    users = [
        enterprise_user,
        EnterpriseUserFactory(enterprise__industry=industry("44")),
        EnterpriseUserFactory(enterprise__industry=industry("13")),
    ]
    return [audited(batch, user, district_officer) for user in users]


def test_automatic_assignment_balances_the_load_deterministically(three, city_officer):
    for name in ("c_zhao", "a_wang", "b_li"):
        make_expert(name)
    first, second, third = three
    plan = plan_auto_assignment(three)
    expected = {
        first.pk: ["a_wang", "b_li"],
        second.pk: ["c_zhao", "a_wang"],
        third.pk: ["b_li", "c_zhao"],
    }
    assert usernames(plan) == expected
    assert usernames(plan_auto_assignment(list(reversed(three)))) == expected
    assert plan.short == []
    done = auto_assign(three, actor=city_officer)
    assert usernames(done) == expected
    made = {
        app.pk: list(
            app.expert_assignments.order_by("pk").values_list("expert__username", "method")
        )
        for app in three
    }
    assert made == {pk: [(name, "automatic") for name in names] for pk, names in expected.items()}
    assert {Application.objects.get(pk=a.pk).state for a in three} == {"expert_review"}
    assert usernames(auto_assign(three, actor=city_officer)) == {}  # everyone is staffed
    runs = AuditEvent.objects.filter(action="reviews.expert_assignment.auto").order_by("seq")
    assert [(run.changes["seed"], run.changes["short"]) for run in runs] == [(0, {}), (0, {})]


def test_the_same_seed_gives_the_same_plan(three):
    for name in ("a", "b", "c", "d", "e"):
        make_expert(name)
    assert usernames(plan_auto_assignment(three, seed=7)) == usernames(
        plan_auto_assignment(three, seed=7)
    )


def test_automatic_assignment_respects_the_workload_limit(three, city_officer):
    capped = make_expert("a_capped", limit=1)
    for name in ("b_li", "c_zhao", "d_qian"):
        make_expert(name)
    first, second, third = three
    assign_experts(first, [capped], actor=city_officer)  # its one open assignment
    plan = auto_assign(three, actor=city_officer)
    assert usernames(plan) == {
        first.pk: ["b_li"],
        second.pk: ["c_zhao", "d_qian"],
        third.pk: ["b_li", "c_zhao"],
    }
    assert ExpertAssignment.objects.filter(expert=capped).count() == 1


def test_automatic_assignment_prefers_the_specialty(three, batch, city_officer):
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=1)
    chemicals, power, food = (Application.objects.get(pk=a.pk) for a in three)
    make_expert("a_none")
    make_expert("m_metal", specialties=["33"])  # section C, as chemicals and food
    make_expert("z_chem", specialties=["26"])
    plan = auto_assign([chemicals, power, food], actor=city_officer)
    assert usernames(plan) == {
        chemicals.pk: ["z_chem"],  # its division, despite the name coming last
        power.pk: ["a_none"],  # nobody's specialty: the lowest load, then the name
        food.pk: ["m_metal"],  # same section, and a lower load than z_chem
    }


def test_an_application_that_cannot_be_staffed_is_reported(
    client, application, batch, city_officer
):
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=3)
    make_expert("a_wang")
    make_expert("b_li")
    make_expert("c_away", available=False)
    conflicted = make_expert("d_conflicted")
    declare_conflict(actor=conflicted, kind="enterprise", enterprise=application.enterprise)
    make_expert("e_local", district=application.enterprise.district)
    client.force_login(city_officer)
    response = client.post(
        reverse("reviews:expert_auto_assign", args=[batch.code]), {"seed": "0"}, follow=True
    )
    assert response.status_code == 200
    assert list(application.expert_assignments.values_list("expert__username", flat=True)) == [
        "a_wang",
        "b_li",
    ]
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert application.enterprise.name in warnings[0]
    event = AuditEvent.objects.get(action="reviews.expert_assignment.auto")
    assert event.changes["short"] == {application.code: [2, 3]}


# ---- scoring --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("assigned_expert", 200),
        ("unassigned_expert", 404),
        ("city_officer", 200),
        ("district_officer", 200),
        ("other_district_officer", 404),
        ("enterprise_user", 404),
        ("agency_user", 404),
        ("system_admin", 404),
    ],
)
def test_who_opens_the_scoring_page(as_persona, assignment, persona, status):
    response = as_persona(persona).get(reverse("reviews:expert_score", args=[assignment.code]))
    assert response.status_code == status


def test_an_expert_with_a_conflict_loses_the_scoring_page(client, assignment, assigned_expert):
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[assignment.code])
    assert client.get(url).status_code == 200
    declare_conflict(
        actor=assigned_expert, kind="relative", enterprise=assignment.application.enterprise
    )
    assert client.get(url).status_code == 404
    assert client.post(reverse("reviews:expert_submit", args=[assignment.code])).status_code == 404
    with pytest.raises(PermissionDenied):
        save_expert_scores(assignment, actor=assigned_expert, scores={})
    listing = client.get(reverse("reviews:expert_assignments"))
    assert [len(row.conflicts) for row in listing.context["rows"]] == [1]


def test_the_expert_sees_the_self_evaluation_and_the_audit_beside_each_indicator(
    client, assignment, assigned_expert
):
    client.force_login(assigned_expert)
    page = client.get(reverse("reviews:expert_score", args=[assignment.code]))
    item = indicator(assignment.application.batch, VERIFIED_CODE)
    row = next(r for r in page.context["rows"] if r["indicator"] == item)
    assert row["finding"].verified_value == D(55)
    assert row["own"]["value"] == assignment.application.self_evaluations.get(indicator=item).value
    assert page.context["form"][f"value_{item.pk}"].initial == D(55)  # the verified value
    assert "60 → 55，按能源台账核减" in page.content.decode()


def test_the_indicator_cells_are_rendered_once_per_language(client, assignment, assigned_expert):
    """The indicator's own cells are kept in the cache: the second page in a language renders
    none of them again, and the other language gets its own."""
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[assignment.code])
    item = indicator(assignment.application.batch, QUALITATIVE_CODE)
    first = client.get(url)
    names = [t.name for t in first.templates]
    assert names.count("reviews/expert/_indicator_cells.html") == len(first.context["rows"])
    again = client.get(url)
    assert "reviews/expert/_indicator_cells.html" not in [t.name for t in again.templates]

    def table(page):
        text = page.content.decode()
        return text[text.index("<tbody>") : text.index("</tbody>")]

    assert table(again) == table(first)
    assert item.name in first.content.decode() and "基本要求" in first.content.decode()
    english = client.get(url, headers={"accept-language": "en"})
    text = english.content.decode()
    assert (item.name_en or item.name) in text and "basic requirement" in text
    assert "基本要求" not in text


def test_points_above_the_maximum_are_refused(client, assignment, assigned_expert):
    item = indicator(assignment.application.batch, QUALITATIVE_CODE)
    for points in (D("4.5"), D(-1)):
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            save_expert_scores(assignment, actor=assigned_expert, scores={item: {"score": points}})
        assert caught.value.messages == ["3.2.1: the points must be between 0 and 4."]
    assert not ExpertScore.objects.exists()
    save_expert_scores(assignment, actor=assigned_expert, scores={item: {"score": D(4)}})
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[assignment.code])
    assert client.post(url, {f"score_{item.pk}": "5"}).status_code == 400
    assert ExpertScore.objects.get().score == D(4)


def test_a_blank_row_of_the_page_is_no_entry(client, assignment, assigned_expert):
    item = indicator(assignment.application.batch, QUALITATIVE_CODE)
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[assignment.code])
    assert (
        client.post(url, {f"score_{item.pk}": "3", f"comment_{item.pk}": "较好"}).status_code == 302
    )
    assert list(ExpertScore.objects.values_list("indicator__code", "score", "comment")) == [
        (QUALITATIVE_CODE, D(3), "较好")
    ]
    assert client.post(url, {}).status_code == 302  # cleared
    assert not ExpertScore.objects.exists()
    listing = client.get(reverse("reviews:expert_assignments"))
    assert [row.entries for row in listing.context["rows"]] == [0]


def test_a_quantitative_value_is_turned_into_points(assignment, assigned_expert):
    item = indicator(assignment.application.batch, VERIFIED_CODE)
    for value, points in ((D(55), D("1.50")), (D(100), D("3.00")), (D(10), D("0.00"))):
        save_expert_scores(
            assignment, actor=assigned_expert, scores={item: {"value": value, "score": D(3)}}
        )
        assert ExpertScore.objects.get(indicator=item).score == points


def test_only_the_assigned_expert_scores(assignment, unassigned_expert, city_officer):
    item = indicator(assignment.application.batch, QUALITATIVE_CODE)
    for actor in (unassigned_expert, city_officer):
        with pytest.raises(PermissionDenied):
            save_expert_scores(assignment, actor=actor, scores={item: {"score": D(1)}})


def test_submission_needs_every_entry_then_locks(client, assignment, assigned_expert):
    scores = full_scores(assignment.application, D("0.8"))
    gate, item = (indicator(assignment.application.batch, code) for code in ("0.3", "2.1.1"))
    kept = {gate: scores.pop(gate), item: scores.pop(item)}
    save_expert_scores(assignment, actor=assigned_expert, scores=scores)
    with pytest.raises(ScoresIncomplete) as caught:
        submit_expert_scores(assignment, actor=assigned_expert)
    assert [problem.split()[0] for problem in caught.value.problems] == ["0.3", "2.1.1"]
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    save_expert_scores(assignment, actor=assigned_expert, scores=kept)
    assert submit_expert_scores(assignment, actor=assigned_expert).total == D("80.00")
    event = AuditEvent.objects.get(action="reviews.expert_assignment.submitted")
    assert event.changes == {"total": "80.00", "eligible": True}
    with pytest.raises(PermissionDenied):
        save_expert_scores(assignment, actor=assigned_expert, scores=kept)
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[assignment.code])
    assert client.post(url, {f"score_{item.pk}": "1"}).status_code == 302  # told it is locked
    assert (
        ExpertScore.objects.get(assignment=assignment, indicator=item).value == kept[item]["value"]
    )


SCORING = ("reviews.expert_score.saved", "reviews.expert_assignment.submitted")


def test_a_save_that_submits_is_the_save_then_the_submission(assignment, assigned_expert):
    scores = full_scores(assignment.application, D("0.8"))
    gate = indicator(assignment.application.batch, "0.3")
    kept = {gate: scores.pop(gate)}
    # Incomplete: refused as the submission refuses it, and the save rolled back with it.
    with pytest.raises(ScoresIncomplete):
        save_expert_scores(assignment, actor=assigned_expert, scores=scores, submit=True)
    assert not ExpertScore.objects.filter(assignment=assignment).exists()
    assert not AuditEvent.objects.filter(action__in=SCORING).exists()
    save_expert_scores(assignment, actor=assigned_expert, scores={**scores, **kept}, submit=True)
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    events = AuditEvent.objects.filter(action__in=SCORING).order_by("seq")
    assert [e.action for e in events] == [
        "reviews.expert_score.saved",
        "reviews.expert_assignment.submitted",
    ]
    assert events[1].changes == {"total": "80.00", "eligible": True}
    with pytest.raises(PermissionDenied):
        save_expert_scores(assignment, actor=assigned_expert, scores=kept, submit=True)


def test_scores_through_the_page(client, assignment, assigned_expert):
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[assignment.code])
    scores = full_scores(assignment.application, D("0.5"), comment="材料齐全")
    data = {}
    for item, values in scores.items():
        for name, value in values.items():
            key = name
            data[f"{key}_{item.pk}"] = as_text(value)
    assert client.post(url, data).status_code == 302
    assert client.post(reverse("reviews:expert_submit", args=[assignment.code])).status_code == 302
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    page = client.get(url)
    assert page.context["sheet"].total == D("50.00")
    assert page.context["can_score"] is False


def test_others_scores_are_seen_only_after_submitting(
    client, application, city_officer, assigned_expert
):
    other = make_expert("li")
    mine, theirs = assign_experts(application, [assigned_expert, other], actor=city_officer)
    indicators = list(application.batch.indicator_system.indicators.all())
    score_and_submit(theirs, other, D("0.5"), comment="李专家的意见")
    item = indicator(application.batch, QUALITATIVE_CODE)
    save_expert_scores(mine, actor=assigned_expert, scores={item: {"score": D(3)}})
    assert peers_visible_to(assigned_expert, mine, indicators) == []
    assert entries_visible_to(city_officer, mine) == {}  # an officer sees no draft either
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_score", args=[mine.code])
    page = client.get(url)
    assert page.context["peers"] == []
    assert "李专家的意见" not in page.content.decode()
    score_and_submit(mine, assigned_expert, D("0.8"))
    page = client.get(url)
    assert [(p.label, p.total) for p in page.context["peers"]] == [("#2", D("50.00"))]
    assert "李专家的意见" in page.content.decode()
    assert [(p.label, p.total) for p in peers_visible_to(other, theirs, indicators)] == [
        ("#1", D("80.00"))
    ]


# ---- completion -----------------------------------------------------------------------------


def test_complete_stores_the_aggregate_and_moves_the_state(
    application, batch, city_officer, district_officer, assigned_expert
):
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=3)
    experts = [assigned_expert, make_expert("li"), make_expert("zhao")]
    made = assign_experts(application, experts, actor=city_officer)
    score_and_submit(made[0], experts[0], D("0.8"))
    score_and_submit(made[1], experts[1], D("0.5"))
    with translation.override("en"), pytest.raises(ScoringRefused) as caught:
        complete_expert_review(application, actor=city_officer)
    assert str(caught.value) == "1 of 3 experts have not submitted their scores yet."
    score_and_submit(made[2], experts[2], D("0.95"))
    with pytest.raises(PermissionDenied):
        complete_expert_review(application, actor=district_officer)
    result = complete_expert_review(application, actor=city_officer)
    application.refresh_from_db()
    assert application.state == ApplicationState.REVIEWED
    # trimmed mean asked, three experts: the mean, and the result says so
    assert (result.score, result.rule, result.expert_count, result.divergent) == (
        D("75.00"),
        "mean",
        3,
        True,  # 95 − 50 > 15
    )
    assert [(t["expert"], t["total"], t["eligible"]) for t in result.totals] == [
        ("expert", "80.00", True),
        ("li", "50.00", True),
        ("zhao", "95.00", True),
    ]
    # what the ranking needs of each sheet: part subtotals summing to the total, and no
    # failed gate or unmet required item here
    for total in result.totals:
        assert sum(D(v) for v in total["subtotals"].values()) == D(total["total"])
        assert (total["gate_failures"], total["unmet_required"]) == ([], [])
    change = application.status_changes.last()
    assert (change.from_state, change.to_state, change.actor) == (
        "expert_review",
        "reviewed",
        city_officer,
    )
    event = AuditEvent.objects.get(action="applications.application.expert_reviewed")
    assert (event.changes["expert_score"], event.changes["divergent"]) == ("75.00", True)
    with pytest.raises(AssignmentRefused):
        assign_experts(application, [make_expert("qian")], actor=city_officer)


def test_five_experts_use_the_trimmed_mean(application, batch, city_officer):
    Batch.objects.filter(pk=batch.pk).update(divergence_threshold=D(40))
    experts = [make_expert(name) for name in ("a", "b", "c", "d", "e")]
    made = assign_experts(application, experts, actor=city_officer)
    for assignment_, expert, share in zip(
        made, experts, ("0.6", "0.7", "0.8", "0.9", "1"), strict=True
    ):
        score_and_submit(assignment_, expert, D(share))
    result = complete_expert_review(application, actor=city_officer)
    assert (result.score, result.rule, result.divergent) == (D("80.00"), "trimmed_mean", False)


def test_complete_needs_an_expert(application, city_officer, assigned_expert):
    [made] = assign_experts(application, [assigned_expert], actor=city_officer)
    unassign_expert(made, actor=city_officer)
    with pytest.raises(ScoringRefused):
        complete_expert_review(application, actor=city_officer)


def test_complete_from_the_batch_page(client, application, batch, city_officer, assigned_expert):
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=1)
    [made] = assign_experts(application, [assigned_expert], actor=city_officer)
    score_and_submit(made, assigned_expert, D("0.8"))
    client.force_login(city_officer)
    page = client.get(reverse("reviews:expert_batch", args=[batch.code]))
    [row] = page.context["rows"]
    assert (row.ready, row.preview, row.divergent) == (True, (D("80.00"), "mean"), False)
    response = client.post(
        reverse("reviews:expert_complete", args=[application.code]), {"back": "batch"}
    )
    assert response["Location"] == reverse("reviews:expert_batch", args=[batch.code])
    application.refresh_from_db()
    assert (application.state, application.expert_result.score) == ("reviewed", D("80.00"))


SHORT = (
    "2 of the 3 experts the batch asks for have scored this application: give the reason to "
    "complete the review with fewer."
)


def two_of_three_scored(application, batch, city_officer, assigned_expert):
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=3)
    experts = [assigned_expert, make_expert("li")]
    for made, expert in zip(
        assign_experts(application, experts, actor=city_officer), experts, strict=True
    ):
        score_and_submit(made, expert, D("0.8"))


def test_fewer_experts_than_the_batch_asks_for_need_a_reason(
    application, batch, city_officer, assigned_expert
):
    two_of_three_scored(application, batch, city_officer, assigned_expert)
    with translation.override("en"), pytest.raises(ExpertsShort) as caught:
        complete_expert_review(application, actor=city_officer, reason="  ")
    assert isinstance(caught.value, ScoringRefused)
    with translation.override("en"):
        assert str(caught.value) == SHORT
    application.refresh_from_db()
    assert application.state == ApplicationState.EXPERT_REVIEW
    why = "第三位专家回避后无可替换的同专业专家，经处务会同意按两位专家意见评审。"
    result = complete_expert_review(application, actor=city_officer, reason=why)
    assert (result.expert_count, result.short_reason) == (2, why)
    assert application.status_changes.last().reason == why
    event = AuditEvent.objects.get(action="applications.application.expert_reviewed")
    assert (event.changes["reason"], event.changes["experts"], event.changes["experts_needed"]) == (
        why,
        2,
        3,
    )


def test_enough_experts_keep_no_reason_on_the_result(application, batch, city_officer):
    Batch.objects.filter(pk=batch.pk).update(experts_per_application=1)
    expert = make_expert("li")
    [made] = assign_experts(application, [expert], actor=city_officer)
    score_and_submit(made, expert, D("0.8"))
    assert complete_expert_review(application, actor=city_officer).short_reason == ""


@pytest.mark.parametrize(
    ("persona", "expected"), [("city_officer", 400), ("district_officer", 403)]
)
def test_the_page_asks_for_the_reason_at_the_form(
    request, client, application, batch, city_officer, assigned_expert, persona, expected
):
    two_of_three_scored(application, batch, city_officer, assigned_expert)
    client.force_login(request.getfixturevalue(persona))
    url = reverse("reviews:expert_complete", args=[application.code])
    if expected == 400:
        page = client.get(reverse("reviews:expert_application", args=[application.code]))
        assert 'name="reason"' in page.content.decode()
    response = client.post(url, {"reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == expected
    if expected == 400:
        assert response.context["complete_form"].errors == {"reason": [SHORT]}
        done = client.post(url, {"reason": "专家回避，无可替换"})
        assert done.status_code == 302
        application.refresh_from_db()
        assert application.expert_result.short_reason == "专家回避，无可替换"
    else:
        application.refresh_from_db()
        assert application.state == ApplicationState.EXPERT_REVIEW


def test_the_batch_page_says_why_it_did_not_complete(
    client, application, batch, city_officer, assigned_expert
):
    two_of_three_scored(application, batch, city_officer, assigned_expert)
    client.force_login(city_officer)
    response = client.post(
        reverse("reviews:expert_complete", args=[application.code]),
        {"back": "batch"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert SHORT in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.EXPERT_REVIEW


# ---- who may see and do what ----------------------------------------------------------------


def test_assignments_visible_to_each_role(
    request, assignment, city_officer, district_officer, other_district_officer
):
    expected = {
        "assigned_expert": [assignment],
        "unassigned_expert": [],
        "city_officer": [assignment],
        "district_officer": [assignment],
        "other_district_officer": [],
        "enterprise_user": [],
        "agency_user": [],
        "system_admin": [],
        "audit_admin": [],
    }
    for persona, visible in expected.items():
        user = request.getfixturevalue(persona)
        assert list(assignments_visible_to(user)) == visible, persona


# ---- query counts ---------------------------------------------------------------------------


@pytest.mark.queries
def test_my_assignments_cost_the_same_for_1_and_many(client, batch, city_officer, assigned_expert):
    assign_experts(bare_audited(batch), [assigned_expert], actor=city_officer)
    client.force_login(assigned_expert)
    url = reverse("reviews:expert_assignments")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["rows"]) == 1
    for _ in range(3):
        assign_experts(bare_audited(batch), [assigned_expert], actor=city_officer)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["rows"]) == 4
    assert len(many) == len(one)


@pytest.mark.queries
def test_the_batch_page_costs_the_same_for_1_and_many(client, batch, city_officer):
    def staffed(n):
        application = bare_audited(batch)
        first, second = make_expert(f"e{n}a"), make_expert(f"e{n}b")
        made = assign_experts(application, [first, second], actor=city_officer)
        score_and_submit(made[0], first, D("0.7"))

    staffed(0)
    client.force_login(city_officer)
    url = reverse("reviews:expert_batch", args=[batch.code])
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["rows"]) == 1
    for n in range(1, 4):
        staffed(n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert [row.submitted for row in page.context["rows"]] == [1, 1, 1, 1]
    assert len(many) == len(one)
