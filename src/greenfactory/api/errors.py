"""Every error of the API has one shape, documented in the schema:

``{"code": "<stable code>", "message": {"zh-hans": "…", "en": "…"}, "detail": …}``

``code`` is for programs and never changes; ``message`` says what the code means in both
languages; ``detail`` holds the specifics (the fields and what is wrong with each, the problems
that stop a step) in the language of the request.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from greenfactory.core.refusals import Refused, StaleEdit
from greenfactory.recognition.domain.ranking import ReviewsUnfinished

from .parsers import TooDeep

MESSAGES = {
    "invalid": (400, _("The request has invalid values.")),
    "malformed": (400, _("The request body is not valid JSON.")),
    "unknown_field": (400, _("The request has fields this endpoint does not take.")),
    "not_authenticated": (401, _("Log in, or send an API token.")),
    "authentication_failed": (401, _("The API token was not accepted.")),
    "permission_denied": (403, _("You may not do this.")),
    "not_found": (404, _("Not found.")),
    "method_not_allowed": (405, _("This method is not allowed here.")),
    "not_acceptable": (406, _("The API answers in JSON only.")),
    "refused": (409, _("The platform refused this step.")),
    "stale": (409, _("Someone else saved this meanwhile.")),
    "too_large": (413, _("The request body is too large.")),
    "unsupported_media_type": (415, _("Send the body as JSON (application/json).")),
    "rate_limited": (429, _("Too many requests: wait a moment and try again.")),
}

_DRF_CODES = (
    (exceptions.ParseError, "malformed"),
    (exceptions.ValidationError, "invalid"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "authentication_failed"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "rate_limited"),
)


class ApiError(exceptions.APIException):
    """An error of one of the codes above, with its specifics in ``detail``."""

    def __init__(self, code: str, detail=None):
        self.status_code = MESSAGES[code][0]
        self.error_code = code
        self.extra = detail
        super().__init__(detail=str(MESSAGES[code][1]), code=code)


def message(code: str) -> dict:
    text = MESSAGES[code][1]
    result = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            result[language] = str(text)
    return result


def error_body(code: str, detail=None) -> dict:
    return {"code": code, "message": message(code), "detail": detail}


def error_response(code: str, detail=None, headers=None) -> Response:
    return Response(error_body(code, detail), status=MESSAGES[code][0], headers=headers)


def _plain(detail):
    """DRF's ErrorDetail strings and lists, as plain JSON values."""
    if isinstance(detail, dict):
        return {key: _plain(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_plain(value) for value in detail]
    return str(detail)


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every domain refusal (``core.refusals.Refused``,
    the one root) becomes 409 with every problem listed (``stale`` for a ``StaleEdit``,
    ``refused`` otherwise), here and nowhere else; Django's 404 and 403 and DRF's own errors
    get their codes. Anything else is a bug and is left to Django (500)."""
    headers = {}
    if isinstance(exc, Http404):
        code, detail = "not_found", None
    elif isinstance(exc, DjangoPermissionDenied):
        code, detail = "permission_denied", None
    elif isinstance(exc, RequestDataTooBig):
        code, detail = "too_large", {"limit_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    elif isinstance(exc, Refused):
        code = "stale" if isinstance(exc, StaleEdit) else "refused"
        detail = {"problems": exc.messages}
        if isinstance(exc, ReviewsUnfinished):
            detail["unfinished"] = [a.code for a in exc.applications]
    elif isinstance(exc, DjangoValidationError):
        code, detail = "invalid", {"problems": [str(m) for m in exc.messages]}
    elif isinstance(exc, ApiError):
        code, detail = exc.error_code, exc.extra
    elif isinstance(exc, TooDeep):
        code, detail = "malformed", {"max_depth": exc.max_depth}
    elif isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in _DRF_CODES if isinstance(exc, cls)), None)
        if code is None:
            return None
        detail = _plain(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
    else:
        return None
    set_rollback()
    return error_response(code, detail, headers=headers)
