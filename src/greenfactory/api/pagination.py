"""Lists are paged by an opaque cursor: stable while rows are added, and no count query."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import CursorPagination

from .errors import ApiError


class CodeCursorPagination(CursorPagination):
    """Ordered by the row's opaque code, which is unique, so no row is skipped or repeated."""

    ordering = "code"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """As DRF's, but a ``page_size`` that is not one whole number is refused (400
        ``invalid``) instead of quietly giving the default page."""
        values = request.query_params.getlist(self.page_size_query_param)
        if len(values) > 1:
            raise ApiError(
                "invalid", {self.page_size_query_param: [_("Give the page size only once.")]}
            )
        if values:
            try:
                serializers.IntegerField().run_validation(values[0])
            except serializers.ValidationError as error:
                raise ApiError(
                    "invalid", {self.page_size_query_param: [str(m) for m in error.detail]}
                ) from error
        return super().get_page_size(request)
