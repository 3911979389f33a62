"""Enterprises of the registry, through the same visibility as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from greenfactory.accounts.domain.queries import enterprises_visible_to

from ..pagination import CodeCursorPagination
from ..serializers import EnterpriseSerializer


@extend_schema(tags=["enterprises"], summary="Enterprises the user can see")
class EnterpriseList(generics.ListAPIView):
    serializer_class = EnterpriseSerializer
    pagination_class = CodeCursorPagination

    def get_queryset(self):
        return enterprises_visible_to(self.request.user)


@extend_schema(tags=["enterprises"], summary="One enterprise")
class EnterpriseDetail(generics.RetrieveAPIView):
    serializer_class = EnterpriseSerializer

    def get_object(self):
        return get_object_or_404(
            enterprises_visible_to(self.request.user), code=self.kwargs["code"]
        )
