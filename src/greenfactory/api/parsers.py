"""The API reads JSON only, and refuses a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE before
reading it."""

from django.conf import settings
from rest_framework.parsers import JSONParser

from .errors import ApiError


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise ApiError("too_large", {"limit_bytes": limit})
        return super().parse(stream, media_type, parser_context)
