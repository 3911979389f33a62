"""The demo shows each kind of integrity signal it plants, with dispositions (§66)."""

from django.utils import timezone

from greenfactory.applications.models import Application
from greenfactory.supervision.enums import SignalKind, SignalState
from greenfactory.supervision.models import IntegritySignal


def check_each_planted_signal_with_dispositions():
    year = timezone.localdate().year

    def kinds_of(username):
        application = Application.objects.get(
            batch__year=year, enterprise__users__username=username
        )
        return set(application.integrity_signals.values_list("kind", flat=True))

    assert SignalKind.COPIED_TEXT in kinds_of("enterprise2")
    assert SignalKind.COPIED_TEXT in kinds_of("ent08")
    assert SignalKind.SAME_FILE in kinds_of("ent09")
    assert SignalKind.SAME_FILE in kinds_of("ent10")
    assert SignalKind.IDENTICAL_YEARS in kinds_of("ent11")
    assert SignalKind.YEAR_JUMP in kinds_of("ent06")
    # Only the planted file is shared: every other demo file is an enterprise's own.
    assert (
        not IntegritySignal.objects.filter(kind=SignalKind.SAME_FILE)
        .exclude(application__enterprise__users__username__in=["ent09", "ent10"])
        .exists()
    )
    disposed = IntegritySignal.objects.exclude(state=SignalState.OPEN)
    assert set(disposed.values_list("kind", "state")) == {
        (SignalKind.COPIED_TEXT, SignalState.REFERRED),
        (SignalKind.IDENTICAL_YEARS, SignalState.EXPLAINED),
    }


def check_a_filing_far_from_its_designation_is_signalled():
    """The history's yearly filings include one far from the figures its title was granted
    on (with the current applications the demo then shows every kind of signal)."""
    signals = IntegritySignal.objects.filter(kind=SignalKind.CONTRADICTS_DESIGNATION)
    assert signals.exists()  # one per figure beyond the factor, all of one filing
    assert {(s.filing_id is not None, s.state, "formula" in s.evidence) for s in signals} == {
        (True, SignalState.OPEN, True)
    }
    assert len({s.filing_id for s in signals}) == 1
