"""Two people acting at once: the row locks make the second see what the first did."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from greenfactory.rewards.domain.ledger import LedgerRefused, approve_entry
from greenfactory.rewards.models import LedgerEntry
from tests.factories import EnterpriseFactory

from .helpers import city_user, default_rates, grant

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(work, *args):
    """Run ``work(arg)`` for each arg in its own thread (its own connection), all starting
    together; return what each returned or the refusal it raised."""
    barrier = threading.Barrier(len(args))
    outcomes = []

    def run(arg):
        try:
            barrier.wait()
            with translation.override("en"):
                outcomes.append(work(arg))
        except LedgerRefused as refusal:
            outcomes.append(refusal)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_officers_approving_at_once_approve_once():
    default_rates()
    entry = grant(EnterpriseFactory(), "city", 2026, actor=city_user("creator"))
    first, second = city_user("first"), city_user("second")
    outcomes = at_once(lambda officer: approve_entry(entry, actor=officer), first, second)
    [approved] = [o for o in outcomes if isinstance(o, LedgerEntry)]
    [refusal] = [o for o in outcomes if isinstance(o, LedgerRefused)]
    assert str(refusal).startswith(f"This entry was already approved by {approved.approved_by} on")
    entry.refresh_from_db()
    assert (entry.status, entry.approved_by) == ("approved", approved.approved_by)
