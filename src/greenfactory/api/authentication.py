"""How a machine client proves who it is: ``Authorization: Bearer gf_…``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from greenfactory.core.context import request_channel

from .domain.tokens import user_for_key


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A hashed, named, expiring token of ``ApiToken``. Requests without the header fall
    through to the session (the browser), whose CSRF check DRF keeps for writes."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode("ascii")
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from error
        found = user_for_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        request_channel.set(f"token:{found[1].prefix}")
        return found

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "greenfactory.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "gf_… (API tokens page)"}
