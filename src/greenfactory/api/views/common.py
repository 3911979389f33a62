"""What every API view shares: reading a JSON body strictly."""

from rest_framework import serializers

from ..errors import ApiError


def read_body(request, serializer_class, **kwargs) -> dict:
    """The validated body: an object, with no field the serializer does not know (400
    ``unknown_field``), of the right types and sizes (400 ``invalid``)."""
    data = request.data
    if not isinstance(data, dict):
        raise ApiError("invalid", {"body": ["Expected a JSON object."]})
    serializer = serializer_class(data=data, **kwargs)
    unknown = sorted(_unknown(serializer, data))
    if unknown:
        raise ApiError("unknown_field", {"fields": unknown})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _unknown(serializer, data, prefix=""):
    """The names in ``data`` that ``serializer`` does not take, nested objects and lists of
    objects included (``decisions.0.colour``)."""
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        field = serializer.fields.get(name)
        if field is None:
            yield f"{prefix}{name}"
        elif isinstance(field, serializers.ListSerializer) and isinstance(value, list):
            for index, item in enumerate(value):
                yield from _unknown(field.child, item, f"{prefix}{name}.{index}.")
        elif isinstance(field, serializers.Serializer):
            yield from _unknown(field, value, f"{prefix}{name}.")


def form_invalid(form, rename=None) -> ApiError:
    """A page's form that refused the input, as the API's 400 ``invalid``: each field's
    messages under the API's name for it (``rename``; the form's own name by default)."""
    rename = rename or (lambda name: name)
    return ApiError(
        "invalid",
        {rename(name): [str(e) for e in errors] for name, errors in form.errors.items()},
    )
