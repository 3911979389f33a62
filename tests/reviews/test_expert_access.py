"""Who may open the expert review's pages (专家评审): the city bureau keeps the pool and assigns,
the assigned expert scores, the district follows its applications (rows for the global role × page
matrix). The objects are made once for the module; each cell's own writes are undone after it."""

import pytest
from django.utils import timezone

from greenfactory.applications.models import Application
from greenfactory.reviews.domain.expert import assign_experts
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    """Cheap objects for the role checks: content does not matter here."""
    city_officer, assigned_expert = (
        module_personas["city_officer"],
        module_personas["assigned_expert"],
    )
    batch = BatchFactory(indicator_system=shipped_system(2025))
    application = Application.objects.create(
        batch=batch,
        enterprise=module_personas["enterprise"],
        state="audited",
        submitted_at=timezone.now(),
    )
    [made] = assign_experts(application, [assigned_expert], actor=city_officer)
    return {
        "batch": {"batch_code": batch.code},
        "application": {"code": application.code},
        "assignment": {"code": made.code},
        "expert": {"code": assigned_expert.code},
        # the divergence page's batch: one expert per application (tests/reviews/test_divergence)
        "divergence_batch": {
            "batch_code": BatchFactory(
                indicator_system=shipped_system(2025), experts_per_application=1
            ).code
        },
        None: {},
    }


CITY_ONLY = {"anon": LOGIN, "city_officer": 200}
EXPERT_ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "reviews:expert_pool": ("get", None, CITY_ONLY, 403),
    "reviews:expert_profile": ("get", "expert", CITY_ONLY, 403),
    "reviews:expert_batch": (
        "get",
        "batch",
        {
            "anon": LOGIN,
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 200,
        },
        403,
    ),
    "reviews:expert_auto_assign": ("post", "batch", {"anon": LOGIN, "city_officer": 302}, 403),
    "reviews:expert_application": (
        "get",
        "application",
        {
            "anon": LOGIN,
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 404,
        },
        403,
    ),
    # Not ready to complete: the refusal is shown at the page's form (400).
    "reviews:expert_complete": (
        "post",
        "application",
        {"anon": LOGIN, "city_officer": 400, "other_district_officer": 404},
        403,
    ),
    "reviews:expert_unassign": (
        "post",
        "assignment",
        {
            "anon": LOGIN,
            "city_officer": 302,
            "district_officer": 403,
            "assigned_expert": 403,
        },
        404,
    ),
    "reviews:expert_assignments": (
        "get",
        None,
        {"anon": LOGIN, "assigned_expert": 200, "unassigned_expert": 200},
        403,
    ),
    "reviews:expert_conflicts": (
        "get",
        None,
        {"anon": LOGIN, "assigned_expert": 200, "unassigned_expert": 200},
        403,
    ),
    "reviews:expert_score": (
        "get",
        "assignment",
        {"anon": LOGIN, "assigned_expert": 200, "city_officer": 200, "district_officer": 200},
        404,
    ),
    "reviews:expert_submit": (
        "post",
        "assignment",
        {"anon": LOGIN, "assigned_expert": 302, "city_officer": 403, "district_officer": 403},
        404,
    ),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(EXPERT_ROWS))
def test_every_role_is_refused_where_it_must_be(request, client, matrix_objects, name, persona):
    check_row(request, client, EXPERT_ROWS, matrix_objects, name, persona)


DIVERGENCE_ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "reviews:expert_divergence": (
        "get",
        "divergence_batch",
        {
            "anon": LOGIN,
            "city_officer": 200,
            "district_officer": 200,
            "other_district_officer": 200,
        },
        403,
    ),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(DIVERGENCE_ROWS))
def test_who_opens_the_divergence_page(request, client, matrix_objects, name, persona):
    check_row(request, client, DIVERGENCE_ROWS, matrix_objects, name, persona)
