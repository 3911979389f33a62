"""The recognition models, one module per step: ranking and the party-group decision, then the
public notice with its objections."""

from .notice import NoticeEntry, Objection, ObjectionAttachment, PublicNotice
from .ranking import DecisionEntry, PartyGroupDecision, ProposalChange, Ranking, RankingEntry

__all__ = [
    "DecisionEntry",
    "NoticeEntry",
    "Objection",
    "ObjectionAttachment",
    "PartyGroupDecision",
    "ProposalChange",
    "PublicNotice",
    "Ranking",
    "RankingEntry",
]
