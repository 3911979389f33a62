"""Reads: which candidates each user may see, and the totals of their projects."""

from decimal import Decimal

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from greenfactory.accounts.enums import OFFICER_ROLES, EnterpriseStatus
from greenfactory.accounts.models import Enterprise
from greenfactory.accounts.scope import inside

from ..enums import CandidateStatus
from ..models import Candidate

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))


def candidates_visible_to(user) -> QuerySet[Candidate]:
    """Officers: the candidates of the districts within their region (a district officer his
    own district, a city officer all). Nobody else."""
    base = Candidate.objects.select_related("enterprise", "district")
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        return base.filter(inside(user.region, via="district"))
    return base.none()


def with_project_totals(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Each candidate with its number of projects, their investment and expected savings."""
    return candidates.annotate(
        project_count=Count("projects"),
        investment_total=Coalesce(Sum("projects__investment"), ZERO),
        energy_saving_total=Coalesce(Sum("projects__energy_saving_tce"), ZERO),
        co2_reduction_total=Coalesce(Sum("projects__co2_reduction_t"), ZERO),
    )


def enterprises_to_add(user) -> QuerySet[Enterprise]:
    """Confirmed enterprises of the officer's region that are not active candidates."""
    if not (user and user.is_authenticated and user.region_id):
        return Enterprise.objects.none()
    return (
        Enterprise.objects.filter(
            inside(user.region, via="district"), status=EnterpriseStatus.CONFIRMED
        )
        .exclude(cultivation__status=CandidateStatus.ACTIVE)
        .order_by("name")
    )
