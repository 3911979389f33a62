"""The costly tests run first, dealt to the workers by cost, and a transactional test gives the
reference rows back, so that the order is free (tests/ordering.py, decisions §95)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from greenfactory.accounts.models import Region
from greenfactory.core.models import AuditChainHead
from tests.database import clear_committed_caches, give_back_reference_rows
from tests.ordering import cost, costly_first, first_chunk


class Item:
    """What the order reads of a collected test: its id, its marks and its fixtures."""

    def __init__(self, nodeid, *marks, fixtures=(), db=None):
        self.nodeid = nodeid
        self.marks = dict.fromkeys(marks, True)
        if db is not None:
            self.marks["django_db"] = pytest.mark.django_db(**db).mark
        self.fixturenames = list(fixtures)

    def get_closest_marker(self, name):
        return self.marks.get(name)


def names(items):
    return [item.nodeid.split("::")[-1] for item in items]


SUITE = [
    Item("tests/a.py::plain1", db={}),
    Item("tests/browser/test_x.py::browser1", "browser", fixtures=["live_server"]),
    Item("tests/a.py::pure1"),
    Item("tests/test_settings.py::settings", "subprocess", "no_database"),
    Item("tests/titles/test_migrations.py::migration", db={"transaction": True}),
    Item("tests/a.py::plain2", fixtures=["db"]),
    Item(
        "tests/browser/test_recognition_journey.py::journey",
        "browser",
        "replays_history",
        fixtures=["live_server"],
    ),
    Item("tests/demo/test_demo.py::test_the_history_designates_2019", "replays_history", db={}),
    Item("tests/browser/test_y.py::browser2", "browser", fixtures=["live_server"]),
    Item("tests/a.py::token", fixtures=["transactional_db"]),
    Item("tests/a.py::plain3", db={}),
    Item("tests/scale/test_s3.py::scale", "scale", db={"transaction": True}),
    Item("tests/a.py::pure2"),
]


def test_a_test_costs_its_known_seconds_else_its_costliest_mark_else_a_flush_or_nothing():
    by_name = {name: cost(item) for name, item in zip(names(SUITE), SUITE, strict=True)}
    assert by_name == {
        "journey": 22,  # known, before its marks
        "test_the_history_designates_2019": 24,  # known by the beginning of its id
        "migration": 10,  # known by its file
        "browser1": 5,
        "browser2": 5,
        "settings": 3,
        "scale": 3,
        "token": 1,  # transactional
        "plain1": 0,
        "plain2": 0,
        "plain3": 0,
        "pure1": 0,
        "pure2": 0,
    }


def test_alone_the_costly_tests_run_first_the_longest_first_then_the_others_in_their_order():
    assert names(costly_first(SUITE)) == [
        "test_the_history_designates_2019",
        "journey",
        "migration",
        "browser1",
        "browser2",
        "settings",
        "scale",
        "token",
        "plain1",
        "pure1",
        "plain2",
        "plain3",
        "pure2",
    ]


def test_with_two_workers_each_costly_test_goes_to_the_worker_with_the_fewest_seconds():
    ordered = costly_first(SUITE, workers=2, chunk=4)
    # The first worker: the history (24 s), then the journey, which replays it too and follows
    # it (46); the other takes the migration (10), both browsers (20), the settings (23), the
    # scale test (26) and the token (27): its share is longer than its chunk, so the first
    # worker's chunk is filled with short tests. Each share runs the history's loader first (the
    # journey gets its rows put back), then its browser tests, in a row.
    assert names(ordered) == [
        "test_the_history_designates_2019",
        "journey",
        "plain1",
        "pure1",
        "browser1",
        "browser2",
        "migration",
        "settings",
        "scale",
        "token",
        "plain2",
        "plain3",
        "pure2",
    ]
    assert sorted(names(ordered)) == sorted(names(SUITE))


def test_the_tests_of_one_kept_state_go_to_the_worker_of_the_first():
    def browser(name, fixtures):
        return Item(f"tests/browser/test_k.py::{name}", "browser", fixtures=fixtures)

    suite = [
        browser("loads", ["live_server", "demo_with_applications"]),
        browser("put_back1", ["live_server", "demo_with_applications"]),
        browser("other", ["live_server"]),
        browser("put_back2", ["live_server", "demo_with_applications"]),
        browser("demo1", ["live_server", "demo"]),
        browser("demo2", ["live_server", "demo"]),
        Item("tests/a.py::plain1", db={}),
        Item("tests/a.py::plain2", db={}),
    ]
    # Every browser test costs 5 s: dealt in turn, put_back1 would go to the second worker and
    # the demo would be loaded by both; each state's tests follow the first of them.
    assert names(costly_first(suite, workers=2, chunk=4)) == [
        "loads",
        "put_back1",
        "put_back2",
        "plain1",
        "other",
        "demo1",
        "demo2",
        "plain2",
    ]


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


@pytest.mark.django_db(transaction=True)
def test_after_a_transactional_test_no_rate_limit_count_is_left(request):
    """The database cache's rows are committed and outlive the flush: they are cleared."""
    caches["ratelimit"].set("rl:objection:127.0.0.1", 5, 3600)
    call_command("flush", verbosity=0, interactive=False)
    assert caches["ratelimit"].get("rl:objection:127.0.0.1") == 5  # the flush leaves it
    clear_committed_caches(request.config)
    assert caches["ratelimit"].get("rl:objection:127.0.0.1") is None
