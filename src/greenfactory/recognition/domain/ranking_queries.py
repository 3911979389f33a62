"""Reads of the ranking step: the current computation, the proposal with officers' changes,
what is still in review, and the wording of each reason."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application

from .. import ranking as rule
from ..models import ProposalChange, Ranking, RankingEntry

# Applications that must reach the end of their review before the batch can be ranked.
IN_REVIEW_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.RETURNED,
    ApplicationState.RECOMMENDED,
    ApplicationState.SITE_AUDIT,
    ApplicationState.AUDITED,
    ApplicationState.EXPERT_REVIEW,
)


def unfinished_applications(batch):
    return (
        Application.objects.filter(batch=batch, state__in=IN_REVIEW_STATES)
        .select_related("enterprise", "enterprise__district")
        .order_by("enterprise__district__code", "enterprise__name")
    )


def current_ranking(batch) -> Ranking | None:
    return Ranking.objects.filter(batch=batch).order_by("-number").first()


@dataclass
class ProposalRow:
    entry: RankingEntry
    change: ProposalChange | None

    @property
    def proposed(self) -> bool:
        """In the proposal: the computation's answer unless an officer proposed otherwise."""
        return self.change.include if self.change else self.entry.proposed


def proposal(ranking: Ranking | None) -> list[ProposalRow]:
    """Every entry of the ranking in rank order with the officer's change, if any."""
    if ranking is None:
        return []
    changes = {c.application_id: c for c in ranking.changes.select_related("proposed_by")}
    entries = ranking.entries.select_related(
        "application",
        "application__enterprise",
        "application__enterprise__district",
        "application__enterprise__industry",
    )
    return [ProposalRow(entry, changes.get(entry.application_id)) for entry in entries]


def reason_text(reason: dict) -> str:
    """One reason of ``ranking.rank`` in the reader's language."""
    code = reason["code"]
    if code == rule.NOT_REVIEWED:
        return _("Not ranked: %(state)s") % {"state": ApplicationState(reason["state"]).label}
    if code == rule.GATE_FAILED:
        return _("Basic requirement not met: %(items)s") % {"items": "、".join(reason["items"])}
    if code == rule.REQUIRED_UNMET:
        return _("Required item unmet: %(items)s") % {"items": "、".join(reason["items"])}
    if code == rule.AT_OR_BELOW_THRESHOLD:
        return _("%(score)s ≤ %(threshold)s: not above the pass threshold") % reason
    if code == rule.WITHIN_QUOTA:
        return _("Rank %(rank)s of %(eligible)s eligible, within the quota of %(quota)s") % reason
    if code == rule.OUTSIDE_QUOTA:
        return _("Rank %(rank)s of %(eligible)s eligible, outside the quota of %(quota)s") % reason
    if code == rule.TIE_BROKEN:
        if reason["by"] == "part":
            return ngettext(
                "Same score as %(others)s other; ordered by the subtotal of part %(part)s",
                "Same score as %(others)s others; ordered by the subtotal of part %(part)s",
                reason["others"],
            ) % {"others": reason["others"], "part": reason["part"]}
        return ngettext(
            "Same score as %(others)s other; ordered by the earlier submission",
            "Same score as %(others)s others; ordered by the earlier submission",
            reason["others"],
        ) % {"others": reason["others"]}
    return code
