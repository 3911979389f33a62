"""Batches and indicator systems, as the programme's pages show them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from greenfactory.programme.domain.queries import batches_visible_to, indicator_systems_visible_to

from ..pagination import CodeCursorPagination
from ..serializers import BatchSerializer, IndicatorSystemSerializer


@extend_schema(tags=["programme"], summary="Batches the user can see")
class BatchList(generics.ListAPIView):
    serializer_class = BatchSerializer
    pagination_class = CodeCursorPagination

    def get_queryset(self):
        return batches_visible_to(self.request.user)


@extend_schema(tags=["programme"], summary="An indicator system with its indicator tree")
class IndicatorSystemDetail(generics.RetrieveAPIView):
    """The tree as a flat list in the order of the standard; each indicator names its parent."""

    serializer_class = IndicatorSystemSerializer

    def get_object(self):
        code, _dot, version = self.kwargs["slug"].rpartition(".v")
        if not version.isdigit():
            raise Http404
        system = get_object_or_404(
            indicator_systems_visible_to(self.request.user), code=code, version=int(version)
        )
        system.tree = list(system.indicators.select_related("parent").order_by("position", "pk"))
        return system
