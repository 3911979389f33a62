"""The rewards ledger for the officers who may read it (finance reads it through here)."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from greenfactory.rewards.domain.queries import entries_visible_to
from greenfactory.rewards.enums import LedgerStatus

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers import LedgerEntrySerializer


class LedgerFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=LedgerStatus.choices, required=False)


@extend_schema(tags=["rewards"], summary="Reward ledger entries", parameters=[LedgerFilter])
class LedgerList(generics.ListAPIView):
    serializer_class = LedgerEntrySerializer
    pagination_class = CodeCursorPagination

    def get_queryset(self):
        if not self.request.user.has_perm("rewards.view_ledger"):
            raise PermissionDenied
        # A plain dict: DRF reads an empty value of a query string as left out, not as wrong.
        filters = LedgerFilter(data=dict(self.request.query_params.items()))
        if not filters.is_valid():
            raise ApiError("invalid", filters.errors)
        rows = entries_visible_to(self.request.user)
        for name, value in filters.validated_data.items():
            rows = rows.filter(**{name: value})
        return rows
