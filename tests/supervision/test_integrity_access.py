"""Who reaches the integrity signals' pages (rows for the global role × page matrix): the city
bureau the batch's signals, the officers of the district the disposition of its own."""

import pytest
from django.utils import timezone

from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import ApplicationFactory, BatchFactory

from .test_integrity_pages import bare_application, copied_pair

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    """A copied-text signal between two applications of one batch (as the pages' ``pair``), made
    once for the module's cells (each cell's own writes are undone after it)."""
    batch = BatchFactory()
    mine = ApplicationFactory(batch=batch, enterprise=module_personas["enterprise"])
    mine.state, mine.submitted_at = "submitted", timezone.now()
    mine.save()
    signal, _mirror = copied_pair(mine, bare_application(batch, district="320411"))
    return {"batch": {"code": batch.code}, "signal": {"code": signal.code}}


# A disposition posted without a note is refused with a message on the page it came from.
ROWS = {
    "supervision:batch_signals": ("get", "batch", {"anon": LOGIN, "city_officer": 200}, 403),
    "supervision:signal_dispose": (
        "post",
        "signal",
        {"anon": LOGIN, "district_officer": 302, "city_officer": 302},
        404,
    ),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_who_reaches_the_signal_pages(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)
