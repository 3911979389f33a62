"""Stored files handed to a user: always as an attachment, never sniffed into something the
browser would run. Callers check who may see the file before calling; a download worth tracing
(evidence, audit records, certificates, exports) names its audit action."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from .domain.audit import record_event


def attachment(
    stored, filename: str, content_type: str | None = None, *, action="", actor=None, obj=None
) -> FileResponse:
    """``stored`` is a model's FieldFile; ``filename`` the name the user sees. With ``action``
    the download is recorded in the audit trail (who, which object, the file's name)."""
    kwargs = {"content_type": content_type} if content_type else {}
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=filename, **kwargs)
    response["X-Content-Type-Options"] = "nosniff"
    if action:
        record_event(action, actor=actor, obj=obj, changes={"file": filename})
    return response


def stored_attachment(
    records,
    *,
    action="",
    actor=None,
    about=None,
    field="file",
    filename=None,
    content_type=None,
    readable=None,
    **lookup,
) -> FileResponse:
    """The one row of ``records`` that ``lookup`` finds (404 otherwise, and while its ``field``
    holds no file or ``readable(row)`` is false), handed out under ``filename(row)`` (its
    ``original_name`` unless given) and ``content_type`` (its own, if it keeps one), the
    download recorded as ``action`` about ``about`` (the row itself unless given) when named.
    ``records`` is already narrowed to what the user may read: this checks nobody."""
    item = get_object_or_404(records, **lookup)
    stored = getattr(item, field)
    if not stored or (readable is not None and not readable(item)):
        raise Http404
    return attachment(
        stored,
        filename(item) if filename else item.original_name,
        content_type or getattr(item, "content_type", None),
        action=action,
        actor=actor,
        obj=item if about is None else about,
    )


def disposition(filename: str, *, inline: bool = False) -> str:
    """The ``Content-Disposition`` of a file the platform builds on the fly (a CSV): a Chinese
    name is sent as RFC 5987 ``filename*=utf-8''…`` (every browser in use reads it), the same
    header ``FileResponse`` gives stored files."""
    return content_disposition_header(not inline, filename)
