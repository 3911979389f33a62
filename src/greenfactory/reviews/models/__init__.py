"""The review models, one module per step: district pre-review, site audit, expert review."""

from .audit import AuditFinding, AuditPhoto, SiteAudit, SiteAuditMember
from .district import (
    DistrictReview,
    IndicatorComment,
    RecommendationLetter,
    RecommendationRank,
    letter_path,
)
from .evaluation import EvaluationItem, EvaluationStateChange, ThirdPartyEvaluation
from .expert import (
    AssignmentMethod,
    ConflictDeclaration,
    ConflictKind,
    ExpertAssignment,
    ExpertProfile,
    ExpertResult,
    ExpertScore,
)

__all__ = [
    "AuditFinding",
    "AuditPhoto",
    "DistrictReview",
    "IndicatorComment",
    "RecommendationLetter",
    "RecommendationRank",
    "SiteAudit",
    "SiteAuditMember",
    "letter_path",
]
__all__ += [
    "AssignmentMethod",
    "ConflictDeclaration",
    "ConflictKind",
    "ExpertAssignment",
    "ExpertProfile",
    "ExpertResult",
    "ExpertScore",
]
__all__ += ["EvaluationItem", "EvaluationStateChange", "ThirdPartyEvaluation"]
