"""Additions to the generated OpenAPI schema: every operation documents the error shape for
the answers any endpoint can give."""

ERROR_STATUSES = {
    "400": "Malformed JSON, wrong types, unknown fields (code invalid, malformed, unknown_field).",
    "401": "No or unaccepted credentials (not_authenticated, authentication_failed).",
    "403": "Visible, but not the user's to do (permission_denied).",
    "404": "Not visible to the user, or not there (not_found).",
    "405": "Method not allowed (method_not_allowed).",
    "406": "Only JSON is offered (not_acceptable).",
    "409": "The domain refused the step; detail.problems lists why (refused, stale).",
    "413": "Body larger than the limit (too_large).",
    "415": "Body not JSON (unsupported_media_type).",
    "429": "Too many requests (rate_limited).",
}


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {
            "type": "object",
            "properties": {"zh-hans": {"type": "string"}, "en": {"type": "string"}},
            "required": ["zh-hans", "en"],
        },
        "detail": {},
    },
    "required": ["code", "message", "detail"],
}


def add_error_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS: the Error component, referenced from every operation; request
    bodies refuse properties they do not list (400 ``unknown_field``)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    schemas["Error"] = ERROR_SCHEMA
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
