"""The recognition models, one module per step: ranking and the party-group decision, the
public notice with its objections, titles with their certificates, and the public site."""

from .notice import NoticeEntry, Objection, ObjectionAttachment, PublicNotice
from .ranking import DecisionEntry, PartyGroupDecision, ProposalChange, Ranking, RankingEntry
from .site import Announcement, AnnouncementAttachment
from .title import CertificateCounter, Title, TitleStatusChange
from .training import Registration, TrainingEvent

__all__ = [
    "Announcement",
    "AnnouncementAttachment",
    "CertificateCounter",
    "DecisionEntry",
    "NoticeEntry",
    "Objection",
    "ObjectionAttachment",
    "PartyGroupDecision",
    "ProposalChange",
    "PublicNotice",
    "Ranking",
    "RankingEntry",
    "Registration",
    "Title",
    "TitleStatusChange",
    "TrainingEvent",
]
