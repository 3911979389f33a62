"""The carbon accounts (decisions §79): an enterprise's inventories to those who read them on
the pages (its own users, the officers of its region), the published disclosures to anyone."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.accounts.domain.queries import enterprises_visible_to
from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.applications.domain.carbon.inventory import carbon_inventories_visible_to
from greenfactory.applications.domain.carbon.status import inventory_outcomes
from greenfactory.applications.domain.carbon.trend import change_against_baseline, inventory_trend
from greenfactory.filings.models import CarbonDisclosure

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers.carbon import CarbonDisclosureSerializer, CarbonInventorySerializer


def inventory_row(inventory, figures, outcome, change=(None, None)) -> dict:
    statement = getattr(inventory, "verification_statement", None)
    return {
        "code": inventory.code,
        "enterprise": inventory.enterprise,
        "year": inventory.year,
        "standard": inventory.standard,
        "guideline": inventory.guideline,
        "is_baseline": inventory.is_baseline,
        "scope1_t": figures.scope1_t,
        "scope2_location_t": figures.scope2_location_t,
        "scope2_market_t": figures.scope2_market_t,
        "scope3_t": figures.scope3_t,
        "offsets_t": figures.offsets_t,
        "change_t": change[0],
        "change_pct": change[1],
        "renewable_share_pct": figures.renewable_share_pct,
        "verifier": inventory.verifier,
        "verified_on": inventory.verified_on,
        "statement_sha256": statement.sha256 if statement else "",
        "outcome": {
            "status": outcome.status,
            "gross_t": outcome.gross_t,
            "offsets_t": outcome.offsets_t,
            "net_t": outcome.net_t,
            "baseline_year": outcome.baseline_year,
            "baseline_t": outcome.baseline_t,
            "reduction_pct": outcome.reduction_pct,
            "offset_share_pct": outcome.offset_share_pct,
            "net_share_pct": outcome.net_share_pct,
            "checks": [
                {
                    "status": status,
                    "label": check.label,
                    "arithmetic": check.arithmetic,
                    "value": check.value,
                    "limit": check.limit,
                    "met": check.met,
                    "is_platform_default": outcome.rules[status].is_platform_default,
                }
                for status, checks in outcome.checks.items()
                for check in checks
            ],
        },
    }


class EnterpriseCarbonInventories(APIView):
    @extend_schema(
        tags=["carbon"],
        summary="An enterprise's carbon inventories, newest year first, with their status",
        description=(
            "Its own users and the officers of its region read them; anyone else gets 404. "
            "Each inventory's totals and status are computed as the inventory page shows them."
        ),
        responses=CarbonInventorySerializer(many=True),
    )
    def get(self, request, code):
        user = request.user
        enterprise = get_object_or_404(enterprises_visible_to(user), code=code)
        if user.role not in (Role.ENTERPRISE, *OFFICER_ROLES):
            raise ApiError("not_found")
        inventories = (
            carbon_inventories_visible_to(user)
            .filter(enterprise=enterprise)
            .select_related("verification_statement")
        )
        # The change against the baseline is the trend's (decisions §84), never computed here.
        changes = change_against_baseline(inventory_trend(enterprise.pk))
        rows = [
            inventory_row(*row, changes.get(row[0].code, (None, None)))
            for row in inventory_outcomes(inventories)
        ]
        return Response(CarbonInventorySerializer(rows, many=True).data)


@extend_schema(tags=["public"], summary="Published carbon disclosures, as published")
class CarbonDisclosureList(generics.ListAPIView):
    serializer_class = CarbonDisclosureSerializer
    pagination_class = CodeCursorPagination
    permission_classes = [AllowAny]
    authentication_classes = []

    def get_queryset(self):
        return CarbonDisclosure.objects.select_related("enterprise")
