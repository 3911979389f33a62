"""The candidacies recommended upward (decisions §64, §80), read: city officers see those of
their region, an enterprise its own (``titles.domain.province.candidates_visible_to``, as the
pages); everyone else an empty list and 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from greenfactory.titles.domain.province import candidates_visible_to
from greenfactory.titles.enums import CandidateState, TitleLevel

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers.candidacies import CandidacyDetailSerializer, CandidacySerializer


class CandidacyFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2016, max_value=2100)
    level = serializers.ChoiceField(
        required=False, choices=[TitleLevel.PROVINCIAL, TitleLevel.NATIONAL]
    )
    state = serializers.ChoiceField(required=False, choices=CandidateState.choices)


def _candidacies(user):
    return candidates_visible_to(user).select_related(
        "evaluation__body", "granted_title__enterprise__district"
    )


@extend_schema(
    tags=["candidacies"],
    summary="Candidacies recommended to the province's or the national list",
    parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, description="The year of the call."),
        OpenApiParameter("level", OpenApiTypes.STR, enum=["provincial", "national"]),
        OpenApiParameter("state", OpenApiTypes.STR, enum=list(CandidateState.values)),
    ],
)
class CandidacyList(generics.ListAPIView):
    serializer_class = CandidacySerializer
    pagination_class = CodeCursorPagination

    def get_queryset(self):
        given = CandidacyFilter(data=self.request.query_params)
        if not given.is_valid():
            raise ApiError("invalid", {k: [str(m) for m in v] for k, v in given.errors.items()})
        return _candidacies(self.request.user).filter(**given.validated_data)


@extend_schema(
    tags=["candidacies"],
    summary="One candidacy, with the steps of the procedure above and its history",
)
class CandidacyDetail(generics.RetrieveAPIView):
    serializer_class = CandidacyDetailSerializer
    lookup_field = "code"

    def get_queryset(self):
        return _candidacies(self.request.user).prefetch_related("steps", "state_changes")
