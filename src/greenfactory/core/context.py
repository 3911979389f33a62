"""Who is asking, for the audit trail, without passing the request through every domain call."""

from contextvars import ContextVar

request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)


def client_ip(request) -> str | None:
    """The address the request came from.

    Only REMOTE_ADDR is trusted; a deployment behind a reverse proxy sets it from the proxy
    (for example gunicorn's ``--forwarded-allow-ips``), never from a header a client can forge.
    """
    return request.META.get("REMOTE_ADDR") or None
