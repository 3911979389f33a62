"""Who is asking, for the audit trail, without passing the request through every domain call."""

from contextvars import ContextVar

from django.conf import settings

request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)
# How the request was authenticated when it was not by the session: "token:<prefix>" for an API
# token (set by the API's authentication, reset at the end of every request by the middleware).
request_channel: ContextVar[str | None] = ContextVar("request_channel", default=None)


def client_ip(request) -> str | None:
    """The address the request came from.

    REMOTE_ADDR, unless it is one of the TRUSTED_PROXIES: then the nearest address in
    X-Forwarded-For that is not itself a trusted proxy. A client cannot forge its address by
    sending the header directly, because the header is read only from a trusted proxy.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop and hop not in trusted:
            return hop
    return remote
