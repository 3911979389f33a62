"""The order of the run: the costly tests first, dealt to the workers in turn (decisions §95).

pytest-xdist hands the tests out in collection order, and pytest-django puts the transactional
tests (the browser journeys, the migration and scale tests) after all the others: a worker that
asks for more near the end receives them in one chunk and runs them one after another while
the other worker, done, waits. Here the costly tests go first, by rank, and are dealt to the
workers' first chunks in turn, so that they run beside the many short tests and the run ends
on short ones.

Moving a transactional test before plain ones is safe because a transactional test gives the
reference rows back when its flush has emptied them (``tests/conftest.py``,
``pytest_runtest_teardown``): every test starts with the migrated reference data, whatever ran
before it on its worker.
"""

# The marks that make a test costly, cheapest rank first. A test takes its lowest rank.
COSTLY_MARKS = (
    "replays_history",  # the demo's whole history (the recognition journey, the demo test)
    "browser",  # Chromium and a live server
    "scale",  # S3, two web processes, two task workers
    "faults",  # a real server process killed mid-request
    "subprocess",  # manage.py started in a process of its own
)
TRANSACTIONAL_RANK = len(COSTLY_MARKS)  # the other transactional tests: a flush each


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


def cost_rank(item) -> int | None:
    """The test's rank among the costly ones (0 the costliest), or None for the others."""
    for rank, mark in enumerate(COSTLY_MARKS):
        if item.get_closest_marker(mark) is not None:
            return rank
    return TRANSACTIONAL_RANK if is_transactional(item) else None


def first_chunk(count: int, workers: int, dist: str, maxschedchunk: int | None) -> int:
    """How many tests pytest-xdist gives each worker before any asks for more: ``load`` sends
    a quarter of a worker's share (at most ``--maxschedchunk``, at least 2), ``worksteal``
    the whole share."""
    share = count // workers
    if dist == "worksteal":
        return share
    return max(min(share // 4, maxschedchunk or count), 2)


def costly_first(items: list, workers: int = 1, chunk: int = 0) -> list:
    """The items with the costly ones first, by rank, each rank in collection order; with
    several workers the costly ones are dealt in turn to the first ``chunk`` places of each
    worker's first chunk, the rest following in collection order."""
    ranked = sorted(
        (rank, index, item)
        for index, item in enumerate(items)
        if (rank := cost_rank(item)) is not None
    )
    costly = [item for _, _, item in ranked]
    chosen = {id(item) for item in costly}
    rest = [item for item in items if id(item) not in chosen]
    if workers <= 1 or not costly:
        return costly + rest
    dealt = [costly[worker::workers] for worker in range(workers)]
    ordered = []
    for share in dealt:
        fill = max(chunk - len(share), 0)
        ordered += share + rest[:fill]
        rest = rest[fill:]
    return ordered + rest
