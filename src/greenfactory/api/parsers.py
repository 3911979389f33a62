"""The API's JSON parser: the body's size and nesting depth are checked before it is parsed.

Python's ``json`` parser recurses once per ``[`` or ``{``: a body of 100 000 brackets ends in a
``RecursionError`` (an HTTP 500) instead of a refusal. No request of this API nests deeper than
a few levels, so a body deeper than ``API_JSON_MAX_DEPTH`` is refused as malformed, and one
larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` as too large, before ``json`` sees it.
"""

import json
import re
from itertools import accumulate

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in ``body``, brackets inside strings left out.

    Unbalanced or unterminated input gives a number all the same (the parser refuses it after);
    the work is done by ``re`` and ``bytes.translate``, linear in the body's size."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    return max(accumulate(_STEP[b] for b in brackets), default=0)


class TooDeep(ParseError):
    """A body nested deeper than the limit (answered as ``malformed`` with the limit)."""

    def __init__(self, max_depth: int):
        self.max_depth = max_depth
        super().__init__(_("The request body is not valid JSON."))


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(-1 if limit is None else limit + 1) if stream is not None else b""
        if limit is not None and len(body) > limit:
            raise RequestDataTooBig
        max_depth = settings.API_JSON_MAX_DEPTH
        if nesting_depth(body) > max_depth:
            raise TooDeep(max_depth)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(body.decode(encoding))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(_("The request body is not valid JSON.")) from exc
