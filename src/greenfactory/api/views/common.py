"""What every API view shares: reading a JSON body strictly."""

from ..errors import ApiError


def read_body(request, serializer_class, **kwargs) -> dict:
    """The validated body: an object, with no field the serializer does not know (400
    ``unknown_field``), of the right types and sizes (400 ``invalid``)."""
    data = request.data
    if not isinstance(data, dict):
        raise ApiError("invalid", {"body": ["Expected a JSON object."]})
    serializer = serializer_class(data=data, **kwargs)
    unknown = sorted(set(data) - set(serializer.fields))
    if unknown:
        raise ApiError("unknown_field", {"fields": unknown})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
