"""The demo's 2023 spot check: drawn by its published seed, every check decided, one title
revoked, the results public; the 2026 cohort open for the city officer's own round. Checked by
``test_demo`` on its load of the demo's history."""

from django.urls import reverse
from django.utils import timezone

from greenfactory.core.management.commands.verify_audit_log import Command as VerifyAuditLog
from greenfactory.demo.supervision import DECISIONS, SEED_2023
from greenfactory.supervision import sampling
from greenfactory.supervision.domain.cohort import cohort_titles
from greenfactory.supervision.enums import RoundState
from greenfactory.supervision.models import SpotCheckRound
from greenfactory.titles.enums import TitleStatus


def check_a_published_spot_check_with_one_revocation(client):
    round_ = SpotCheckRound.objects.get(year=2023)
    assert round_.state == RoundState.PUBLISHED and round_.seed == SEED_2023
    # The published cohort redraws the same sample.
    entries = list(round_.cohort.all())
    redrawn = sampling.draw(
        [sampling.Ticket(e.ticket, e.stratum) for e in entries],
        seed=round_.seed,
        n=len(DECISIONS),
        stratified=False,
    )
    assert {t.key for t in redrawn} == {e.ticket for e in entries if e.drawn}
    states = sorted(round_.checks.values_list("state", flat=True))
    assert states == ["passed", "passed", "passed", "revoked"]
    revoked = round_.checks.get(state="revoked").title
    assert revoked.status == TitleStatus.REVOKED
    assert revoked.enterprise.barred_until is not None
    rectified = round_.checks.filter(decisions__to_state="rectified").get()
    assert rectified.title.status == TitleStatus.VALID
    page = client.get(reverse("supervision:public_round", args=[round_.code]))
    assert SEED_2023 in page.content.decode()
    assert revoked.enterprise.name in page.content.decode()
    verification = client.get(reverse("titles:verify_number", args=[revoked.certificate_number]))
    assert "撤销" in verification.content.decode()
    # The titles of 2019, the revoked one apart, are in this year's cohort.
    draft = SpotCheckRound(region=round_.region, cohort_years=3, levels=["city"])
    cohort = cohort_titles(draft, timezone.localdate())
    assert revoked not in cohort
    assert len(cohort) >= 15
    VerifyAuditLog().handle(verbosity=0)
