"""The order of the run: the costly tests first, dealt to the workers by cost (decisions §95).

pytest-xdist hands the tests out in collection order, and pytest-django puts the transactional
tests (the browser journeys, the migration and scale tests) after all the others: a worker that
asks for more near the end receives them in one chunk and runs them one after another while
the other worker, done, waits. Here the costly tests go first, the longest first, each dealt
to the first chunk of the worker with the fewest seconds dealt so far, so that they run beside
the many short tests and the run ends on short ones. The costs are estimates (a stale one only
changes the order, never what a test proves).

Moving a transactional test before plain ones is safe because a transactional test gives the
reference rows back when its flush has emptied them (``tests/conftest.py``,
``pytest_runtest_teardown``): every test starts with the migrated reference data, whatever ran
before it on its worker.
"""

# What a test costs, in seconds of a quiet machine (the durations of a whole run, setup and
# call): the slowest tests by their id or its beginning (every parameter of a test, every test
# of a file) ...
KNOWN_SECONDS = {
    # The journey gets the history its loader kept put back (tests/demo/kept_history.py).
    "tests/browser/test_recognition_journey.py": 22,
    "tests/demo/test_demo.py::test_the_history_designates": 24,
    "tests/test_squashed_migrations.py::test_the_squashed_migrations_build": 50,
    # The first browser test of a worker to ask for the demo with its applications loads it;
    # the others get its rows put back (tests/browser/conftest.py, decisions §101): the
    # costliest of them is dealt first.
    "tests/browser/test_application.py::test_enterprise_completes_and_submits": 20,
    "tests/titles/test_migrations.py": 10,
    "tests/core/test_backup.py::test_round_trip_into_a_fresh_database": 10,
    "tests/test_settings.py::test_production_settings_pass_check_deploy": 7,
    "tests/test_settings.py::test_production_without_a_malware_scanner": 7,
    # Forked from a process that imported the libraries once per worker (decisions §108).
    "tests/test_settings.py::test_bad_configuration_fails_loudly": 1,
    "tests/api/test_schemathesis.py": 4,
    "tests/scale/test_two_web_processes.py": 6,
    "tests/scale/test_two_workers.py": 6,
    "tests/demo/test_demo.py": 6,
    "tests/core/test_backup.py::test_a_damaged_part_is_refused": 4,
    "tests/properties/test_ranking.py": 5,
    "tests/properties/test_scoring.py": 4,
    "tests/properties/test_calculations.py": 4,
    "tests/browser/test_review_journey.py": 4,
    "tests/browser/test_application.py": 3,
    "tests/browser/test_pre_review.py": 3,
    "tests/browser/test_spot_check.py": 3,
    "tests/browser/test_peer_benchmarks.py": 2,
    "tests/titles/test_national_candidacy.py::test_the_whole_round": 5,
    "tests/titles/test_province.py::test_the_combined_pdf": 4,
}
# ... and, for the others, by what they do, marked (the highest applies) or transactional.
MARK_SECONDS = {
    "replays_history": 24,  # the demo's whole history (decisions §102)
    "browser": 5,  # Chromium and a live server
    "scale": 3,  # S3, two web processes, two task workers
    "subprocess": 3,  # manage.py started in a process of its own
    "faults": 1,  # a real server process killed mid-request
}
TRANSACTIONAL_SECONDS = 1  # a flush and the reference rows given back


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (
            marker is not None
            and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        )
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def cost(item) -> float:
    """The test's known or estimated seconds; 0 for the short ones."""
    known = [seconds for key, seconds in KNOWN_SECONDS.items() if item.nodeid.startswith(key)]
    if known:
        return known[0]
    marked = [seconds for mark, seconds in MARK_SECONDS.items() if item.get_closest_marker(mark)]
    if marked:
        return max(marked)
    return TRANSACTIONAL_SECONDS if is_transactional(item) else 0


# Fixtures whose state the first test of a process makes and the later ones get put back
# (tests/browser/conftest.py, decisions §101): their tests go to one worker, which makes it once.
KEPT_STATES = ("demo_with_applications", "demo")


# The test that loads the demo's history, which the other tests replaying it get put back
# (tests/demo/kept_history.py, decisions §107): they follow it to its worker, where it runs
# first.
HISTORY_LOADER = "tests/demo/test_demo.py::test_the_history_designates"


def kept_state(item) -> str | None:
    if item.get_closest_marker("replays_history"):
        return "replays_history"
    fixtures = getattr(item, "fixturenames", ())
    return next((name for name in KEPT_STATES if name in fixtures), None)


def _first_on_its_worker(item) -> tuple[bool, bool]:
    """The history's loader first, then the browser tests in a row (Chromium starts once,
    tests/browser/conftest.py), then the others."""
    return (
        not item.nodeid.startswith(HISTORY_LOADER),
        item.get_closest_marker("browser") is None,
    )


def first_chunk(count: int, workers: int, dist: str, maxschedchunk: int | None) -> int:
    """How many tests pytest-xdist gives each worker before any asks for more: ``load`` sends
    a quarter of a worker's share (at most ``--maxschedchunk``, at least 2), ``worksteal``
    the whole share."""
    share = count // workers
    if dist == "worksteal":
        return share
    return max(min(share // 4, maxschedchunk or count), 2)


def costly_first(items: list, workers: int = 1, chunk: int = 0) -> list:
    """The items with the costly ones first, the longest first; with several workers the costly
    ones are dealt, longest first, each to the worker with the fewest seconds dealt so far
    (each worker's share at the head of its first ``chunk`` places, the history's loader first
    and its browser tests next), except that the tests of one kept state (or replaying the
    history) follow the first of them to its worker; the rest follow in collection order."""
    costs = [(-cost(item), index, item) for index, item in enumerate(items)]
    costly = [item for seconds, _, item in sorted(costs) if seconds < 0]
    chosen = {id(item) for item in costly}
    rest = [item for item in items if id(item) not in chosen]
    if workers <= 1 or not costly:
        return costly + rest
    shares = [[] for _ in range(workers)]
    dealt = [0.0] * workers
    placed = {}  # a kept state: the worker its first test went to
    for item in costly:
        state = kept_state(item)
        if state in placed:
            worker = placed[state]
        else:
            worker = dealt.index(min(dealt))
            if state is not None:
                placed[state] = worker
        shares[worker].append(item)
        dealt[worker] += cost(item)
    ordered = []
    for share in shares:
        share.sort(key=_first_on_its_worker)
        fill = max(chunk - len(share), 0)
        ordered += share + rest[:fill]
        rest = rest[fill:]
    return ordered + rest
