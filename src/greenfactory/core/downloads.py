"""Stored files handed to a user: always as an attachment, never sniffed into something the
browser would run. Callers check who may see the file before calling."""

from django.http import FileResponse


def attachment(stored, filename: str, content_type: str | None = None) -> FileResponse:
    """``stored`` is a model's FieldFile; ``filename`` the name the user sees."""
    kwargs = {"content_type": content_type} if content_type else {}
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=filename, **kwargs)
    response["X-Content-Type-Options"] = "nosniff"
    return response
