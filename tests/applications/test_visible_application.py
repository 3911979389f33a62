"""``application_visible_to``: one application by its code, as ``applications_visible_to``
holds it. An enterprise user's is read by a query compiled once per connection (§105): the
rows, their related rows and what is refused must be the ORM's own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenfactory.applications.domain.queries import (
    application_visible_to,
    applications_visible_to,
)
from tests.factories import BatchFactory, DraftApplicationFactory, SubmittedApplicationFactory

pytestmark = pytest.mark.django_db

RELATED = ("batch", "enterprise")


def test_an_enterprise_users_application_is_the_orms_row_with_its_related_rows(
    enterprise_user,
):
    application = DraftApplicationFactory(enterprise=enterprise_user.enterprise)
    expected = applications_visible_to(enterprise_user).get(code=application.code)
    with CaptureQueriesContext(connection) as queries:
        found = application_visible_to(enterprise_user, application.code)
        related = (
            found.batch.indicator_system.pk,
            found.enterprise.district.pk,
            found.enterprise.name,
        )
    assert len(queries) == 1
    assert found == expected
    assert related == (
        expected.batch.indicator_system.pk,
        expected.enterprise.district.pk,
        expected.enterprise.name,
    )
    assert {
        field.attname: getattr(found, field.attname) for field in type(found)._meta.concrete_fields
    } == {
        field.attname: getattr(expected, field.attname)
        for field in type(expected)._meta.concrete_fields
    }
    assert not found._state.adding
    assert found._state.db == expected._state.db


def test_each_read_binds_its_own_code(enterprise_user):
    first = DraftApplicationFactory(enterprise=enterprise_user.enterprise)
    second = DraftApplicationFactory(enterprise=enterprise_user.enterprise, batch=BatchFactory())
    with CaptureQueriesContext(connection) as queries:
        found = [application_visible_to(enterprise_user, a.code) for a in (first, second)]
    assert [a.pk for a in found] == [first.pk, second.pk]
    assert len(queries) == 2
    shapes = [q["sql"].replace(a.code, "?") for q, a in zip(queries, (first, second), strict=True)]
    assert shapes[0] == shapes[1]
    assert "?" in shapes[0]


def test_another_enterprises_application_or_an_unknown_code_is_none(
    enterprise_user, other_enterprise_user
):
    theirs = DraftApplicationFactory(enterprise=other_enterprise_user.enterprise)
    assert application_visible_to(enterprise_user, theirs.code) is None
    assert application_visible_to(enterprise_user, "NO-SUCH-CODE") is None
    assert application_visible_to(other_enterprise_user, theirs.code).pk == theirs.pk


def test_an_inactive_enterprise_user_sees_none(enterprise_user):
    application = DraftApplicationFactory(enterprise=enterprise_user.enterprise)
    enterprise_user.is_active = False
    assert application_visible_to(enterprise_user, application.code) is None


@pytest.mark.parametrize(
    ("persona", "visible"),
    [("district_officer", True), ("other_district_officer", False), ("anon", False)],
)
def test_other_roles_read_through_the_visibility_query(request, enterprise_user, persona, visible):
    application = SubmittedApplicationFactory(enterprise=enterprise_user.enterprise)
    user = request.getfixturevalue(persona)
    found = application_visible_to(user, application.code)
    assert (found is not None) is visible
    if visible:
        assert found == applications_visible_to(user).get(code=application.code)


def test_the_pages_history_and_versions_are_the_related_managers_values(enterprise_user):
    from greenfactory.applications.domain.queries import (
        HISTORY_VALUES,
        VERSION_VALUES,
        history_values,
        version_values,
    )
    from greenfactory.applications.models import ApplicationVersion, StatusChange

    application = SubmittedApplicationFactory(enterprise=enterprise_user.enterprise)
    StatusChange.objects.create(
        application=application, from_state="draft", to_state="submitted", actor=enterprise_user
    )
    StatusChange.objects.create(
        application=application, from_state="submitted", to_state="returned", reason="补充材料"
    )
    ApplicationVersion.objects.create(
        application=application, number=application.versions.count() + 1, snapshot={}
    )
    other = SubmittedApplicationFactory()
    StatusChange.objects.create(application=other, from_state="draft", to_state="submitted")
    history = history_values(application)
    assert history == list(application.status_changes.values(*HISTORY_VALUES))
    assert len(history) >= 2 and history[0]["actor__username"] in (None, enterprise_user.username)
    assert version_values(application) == list(application.versions.values(*VERSION_VALUES))
    assert len(version_values(application)) >= 1
