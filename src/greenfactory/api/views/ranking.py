"""A batch's ranking as the city bureau's ranking page shows it: the latest computation, each
row with its reasons and the officers' proposed changes."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.recognition.domain.ranking_queries import (
    current_ranking,
    proposal,
    reason_text,
)
from greenfactory.recognition.views.common import city_batch

from ..serializers_more import RankingSerializer


class BatchRanking(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="The batch's latest ranking with reasons and proposed changes",
        description="City officers of the batch's region, as on the ranking page.",
        responses=RankingSerializer,
    )
    def get(self, request, code):
        batch = city_batch(request, code)
        ranking = current_ranking(batch)
        rows = [
            {
                "entry": row.entry,
                "proposed": row.proposed,
                "change_reason": row.change.reason if row.change else None,
                "reasons": [reason_text(reason) for reason in row.entry.reasons],
            }
            for row in proposal(ranking)
        ]
        data = {
            "batch": batch.code,
            "number": ranking.number if ranking else None,
            "computed_at": ranking.computed_at if ranking else None,
            "threshold": batch.pass_threshold,
            "quota": batch.quota,
            "rows": rows,
        }
        return Response(RankingSerializer(data).data)
