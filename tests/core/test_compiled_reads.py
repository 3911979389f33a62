"""``core.compiled_reads``: a query compiled once, each read binding its own values; rows as
the ORM gives them, a nullable related row included."""

import pytest

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
    for user in (enterprise_user, city_officer):
        found = read.first(username=user.username)
        expected = User.objects.select_related("region", "enterprise").get(pk=user.pk)
        assert found == expected
        assert found.password == expected.password
        assert found.enterprise == expected.enterprise  # None for the officer, without a query
        assert found.region == expected.region
        assert User._meta.get_field("enterprise").is_cached(found)
    assert read.first(username="nobody") is None


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
