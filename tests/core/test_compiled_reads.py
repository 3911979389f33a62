"""``core.compiled_reads``: a query compiled once, each read binding its own values; rows as
the ORM gives them, a nullable related row included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenfactory.accounts.models import User
from greenfactory.core.compiled_reads import CompiledRead, PerConnection

pytestmark = pytest.mark.django_db

MARK = "compiled-read-test-mark"


def read_of(alias="default"):
    return CompiledRead(
        User.objects.using(alias).select_related("region", "enterprise").filter(username=MARK),
        {"username": MARK},
    )


def test_rows_are_the_orms_with_their_related_rows_and_none_when_absent(
    enterprise_user, city_officer
):
    read = read_of()
    # Every placeholder named: Django's SQLite cursor would rewrite positional ones with a
    # regular expression over the whole text at every read (decisions §104).
    assert "%s" not in read.sql and read.sql.count("%(username)s") == 1
    for user in (enterprise_user, city_officer):
        found = read.first(username=user.username)
        expected = User.objects.select_related("region", "enterprise").get(pk=user.pk)
        assert found == expected
        assert found.password == expected.password
        assert found.enterprise == expected.enterprise  # None for the officer, without a query
        assert found.region == expected.region
        assert User._meta.get_field("enterprise").is_cached(found)
    assert read.first(username="nobody") is None


def test_all_gives_every_row_in_the_querys_order(district_officer, other_district_officer):
    read = CompiledRead(
        User.objects.select_related("region").filter(role=MARK).order_by("-username"),
        {"role": MARK},
    )
    role = district_officer.role
    expected = list(User.objects.select_related("region").filter(role=role).order_by("-username"))
    found = read.all(role=role)
    assert found == expected and len(found) == 2
    assert [u.region for u in found] == [u.region for u in expected]
    assert all(User._meta.get_field("region").is_cached(u) for u in found)
    assert read.all(role=role) == expected  # read again with the same statement
    assert read.first(role=role) == expected[0]
    assert read.all(role="nobody") == []


def test_a_marker_the_query_does_not_hold_is_refused():
    with pytest.raises(RuntimeError):
        CompiledRead(User.objects.filter(username="x"), {"username": MARK})
    with pytest.raises(ValueError):
        CompiledRead(User.objects.filter(username=MARK), {"a": MARK, "b": MARK})


def test_one_read_per_connection_built_once():
    built = []
    reads = PerConnection(lambda alias: built.append(alias) or read_of(alias))
    assert reads("default") is reads("default")
    assert built == ["default"]


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_outside_a_transaction_is_refused_where_the_orm_refuses_it(
    enterprise_user,
):
    from django.db import connection, transaction
    from django.db.transaction import TransactionManagementError

    locking = User.objects.select_for_update().filter(username=MARK)
    with transaction.atomic():
        read = CompiledRead(locking, {"username": MARK})
        assert read.first(username=enterprise_user.username) == enterprise_user
    outcomes = []
    for attempt in (
        lambda: read.first(username=enterprise_user.username),
        lambda: User.objects.select_for_update().get(username=enterprise_user.username),
    ):
        try:
            attempt()
        except TransactionManagementError:
            outcomes.append("refused")
        else:
            outcomes.append("read")
    assert outcomes[0] == outcomes[1]
    assert outcomes[0] == ("refused" if connection.features.has_select_for_update else "read")


def test_compiled_values_are_the_querysets_rows(district_officer, other_district_officer):
    from django.db.models import Count

    from greenfactory.core.compiled_reads import CompiledValues

    def rows(role):
        return (
            User.objects.filter(role=role)
            .annotate(groups_held=Count("groups"))
            .order_by("username")
            .values("username", "region__name", "date_joined", "is_active", "groups_held")
        )

    read = CompiledValues(rows(MARK), {"role": MARK})
    role = district_officer.role
    expected = list(rows(role))
    assert read.all(role=role) == expected and len(expected) == 2
    # converted as the ORM converts them (an aware datetime, a boolean)
    assert read.all(role=role)[0]["date_joined"] == expected[0]["date_joined"]
    assert read.all(role="nobody") == []
    with pytest.raises(ValueError):
        CompiledValues(User.objects.filter(role=MARK), {"role": MARK})  # not a values() read


def test_a_prefix_marker_is_bound_as_djangos_like_pattern(district_officer):
    from greenfactory.accounts.models import Region
    from greenfactory.core.compiled_reads import CompiledValues

    read = CompiledValues(
        Region.objects.filter(path__startswith=MARK).order_by("path").values("path"),
        {"path": MARK},
        prefixes=("path",),
    )
    region = district_officer.region
    for prefix in (region.path, region.path[:-3], "CN/", "nothing/"):
        expected = list(
            Region.objects.filter(path__startswith=prefix).order_by("path").values("path")
        )
        assert read.all(path=prefix) == expected
    # "_" and "%" are literal characters of the value, not patterns.
    assert read.all(path="CN_") == [] and read.all(path="%") == []


def test_on_postgresql_a_read_is_prepared_once_per_connection_and_still_logged(
    enterprise_user, city_officer
):
    if connection.vendor != "postgresql":
        pytest.skip("statements are prepared on PostgreSQL only")
    read = read_of()

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                [f"%{User._meta.db_table}%"],
            )
            return cursor.fetchone()[0]

    before = prepared()
    with CaptureQueriesContext(connection) as queries:
        assert read.first(username=enterprise_user.username) == enterprise_user
        assert read.first(username=city_officer.username) == city_officer
    assert len(queries) == 2  # the statements go through Django's wrappers, as any query
    # logged as Django logs its own: the values written in
    assert f"'{enterprise_user.username}'" in queries[0]["sql"]
    assert f"'{city_officer.username}'" in queries[1]["sql"]
    assert prepared() == before + 1  # one statement, prepared at the first read
