"""A data migration of ``titles`` that a database deployed before the squash may still have
to run: titles written with a three-year validity stand until revoked after it.

The test database is built by the squashed migrations (decisions §97); the test moves it
through the migrations they replace, as such a database goes. (The move of the title registry
out of ``recognition`` is no longer tested here: a database from before that move upgrades
through an earlier release first, §97, so this release never runs it.)"""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from greenfactory.titles.domain.validity import title_standing
from greenfactory.titles.models import Title, ValidityPolicy
from tests.factories import EnterpriseFactory


def old_executor() -> MigrationExecutor:
    """An executor over the replaced migrations, the database recorded as a database migrated
    by them is: the migrations a squashed one replaces applied in its stead (``migrate`` records
    the squashed ones again once all they replace are applied)."""
    loader = MigrationLoader(connection, replace_migrations=False)
    recorder = MigrationRecorder(connection)
    for key, migration in loader.replacements.items():
        if key in loader.applied_migrations:
            for replaced in migration.replaces:
                if replaced not in loader.applied_migrations:
                    recorder.record_applied(*replaced)
            recorder.record_unapplied(*key)
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    return executor


FIRST = ("titles", "0001_initial")
STEP = ("titles", "0002_title_stands_until_revoked")


def titles_after_the_first(executor: MigrationExecutor) -> list:
    """The step under test and every replaced migration that depends on it, in the order they
    are applied: only titles' own later ones (a migration of another app depending on them
    would have to be moved back and forth too)."""
    later = list(reversed(executor.loader.graph.backwards_plan(STEP)))
    assert {app for app, _name in later} == {"titles"}, later
    return later


def unapply(executor: MigrationExecutor, keys) -> None:
    """Move the database back through ``keys`` (the latest first), each from the state its
    own dependencies make, as ``apply`` moves it forward: Django's ``migrate`` would first
    replay every migration of the project in rendered states (decisions §107)."""
    for key in reversed(keys):
        state = executor.loader.project_state(key, at_end=False)
        executor.unapply_migration(state, executor.loader.graph.nodes[key])


def apply(executor: MigrationExecutor, keys) -> None:
    for key in keys:
        state = executor.loader.project_state(key, at_end=False)
        executor.apply_migration(state, executor.loader.graph.nodes[key])
    executor.check_replacements()


@pytest.mark.django_db(transaction=True)
def test_titles_written_with_a_three_year_validity_stand_until_revoked_after_the_migration():
    enterprise = EnterpriseFactory()
    executor = old_executor()
    later = titles_after_the_first(executor)
    unapply(executor, later)
    old = executor.loader.project_state(FIRST).apps
    old_title = old.get_model("titles", "Title")
    change = old.get_model("titles", "TitleStatusChange")
    held = old_title.objects.create(
        code="T000000000000011",
        enterprise_id=enterprise.pk,
        level="city",
        year=2019,
        source="designated",
        status="valid",
        issued_on=date(2019, 12, 5),
        valid_until=date(2022, 12, 4),
    )
    revoked = old_title.objects.create(
        code="T000000000000012",
        enterprise_id=enterprise.pk,
        level="provincial",
        year=2019,
        source="imported",
        status="revoked",
        issued_on=date(2019, 12, 5),
        valid_until=date(2022, 12, 4),
    )
    change.objects.create(title_id=revoked.pk, from_status="", to_status="valid")
    revoking = change.objects.create(title_id=revoked.pk, from_status="valid", to_status="revoked")
    change.objects.filter(pk=revoking.pk).update(at=datetime(2023, 9, 20, 17, 0, tzinfo=UTC))

    apply(executor, later)

    held, revoked = Title.objects.get(pk=held.pk), Title.objects.get(pk=revoked.pk)
    assert (held.valid_until, held.revoked_on) == (None, None)
    assert title_standing(held, date(2026, 12, 6)).in_force
    assert (revoked.valid_until, revoked.revoked_on) == (None, date(2023, 9, 21))  # Shanghai
    assert not title_standing(revoked, date(2026, 12, 6)).in_force
    assert title_standing(revoked, date(2023, 9, 20)).in_force
    assert set(ValidityPolicy.objects.values_list("level", "reevaluation_years")) == {
        ("city", None),
        ("provincial", None),
        ("national", None),
    }
