"""The costly tests run first, dealt to the workers in turn, and a transactional test gives the
reference rows back, so that the order is free (tests/ordering.py, decisions §95)."""

import pytest
from django.core.management import call_command

from greenfactory.accounts.models import Region
from greenfactory.core.models import AuditChainHead
from tests.database import give_back_reference_rows
from tests.ordering import costly_first, first_chunk


class Item:
    """What the order reads of a collected test: its marks and its fixtures."""

    def __init__(self, name, *marks, fixtures=(), db=None):
        self.name = name
        self.marks = {
            mark: pytest.mark.django_db(**db) if mark == "django_db" else True for mark in marks
        }
        if db is not None:
            self.marks["django_db"] = pytest.mark.django_db(**db).mark
        self.fixturenames = list(fixtures)

    def get_closest_marker(self, name):
        return self.marks.get(name)

    def __repr__(self):
        return self.name


def names(items):
    return [item.name for item in items]


SUITE = [
    Item("plain1", db={}),
    Item("browser1", "browser", fixtures=["live_server"]),
    Item("pure1"),
    Item("settings", "subprocess", "no_database"),
    Item("migration", db={"transaction": True}),
    Item("plain2", fixtures=["db"]),
    Item("journey", "browser", "replays_history", fixtures=["live_server"]),
    Item("browser2", "browser", fixtures=["live_server"]),
    Item("token", fixtures=["transactional_db"]),
    Item("plain3", db={}),
    Item("scale", "scale", db={"transaction": True}),
    Item("pure2"),
]


def test_alone_the_costly_tests_run_first_by_rank_then_the_others_in_their_order():
    assert names(costly_first(SUITE)) == [
        "journey",
        "browser1",
        "browser2",
        "scale",
        "settings",
        "migration",
        "token",
        "plain1",
        "pure1",
        "plain2",
        "plain3",
        "pure2",
    ]


def test_with_two_workers_the_costly_tests_are_dealt_in_turn_to_each_first_chunk():
    ordered = costly_first(SUITE, workers=2, chunk=5)
    # The first worker's chunk of 5: the 1st, 3rd, 5th and 7th costliest, then short ones;
    # the second's: the 2nd, 4th and 6th, then short ones; then the rest in order.
    assert names(ordered) == [
        "journey",
        "browser2",
        "settings",
        "token",
        "plain1",
        "browser1",
        "scale",
        "migration",
        "pure1",
        "plain2",
        "plain3",
        "pure2",
    ]
    assert sorted(names(ordered)) == sorted(names(SUITE))


def test_the_first_chunk_is_what_pytest_xdist_sends_each_worker_first():
    # load: a quarter of a worker's share, at most --maxschedchunk, at least 2.
    assert first_chunk(5936, 2, "load", None) == 742
    assert first_chunk(5936, 2, "load", 100) == 100
    assert first_chunk(6, 2, "load", None) == 2
    # worksteal: the whole share.
    assert first_chunk(5936, 2, "worksteal", None) == 2968


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_reference_rows_are_given_back(request):
    call_command("flush", verbosity=0, interactive=False)
    assert not Region.objects.exists()
    give_back_reference_rows(request.config)
    assert Region.objects.filter(code="320412").exists()
    assert AuditChainHead.objects.exists()
    # Given back only when gone: a second call changes nothing.
    count = Region.objects.count()
    give_back_reference_rows(request.config)
    assert Region.objects.count() == count
