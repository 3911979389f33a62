"""The Content-Security-Policy header, built once per process.

django-csp's middleware builds the header from the settings for every response (the policy
and the report-only policy). The platform's policy is the same for every page — no view changes
it, no template asks for a nonce, no path is excluded — so this middleware builds it the first
time and keeps it. A response that carries CSP settings of its own, a request whose template
asked for a nonce, a report-only policy or excluded paths in the settings go through
django-csp's own building, as before.
"""

from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_built: list[str] = []
# Whether the settings ask for more than one policy for every page (worked out once).
_settings_build: list[bool] = []
# What django-csp's decorators set on a response (instance attributes).
_OWN_SETTINGS = frozenset(
    f"{name}{ro}"
    for name in ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
    for ro in ("", "_ro")
)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()
        _settings_build.clear()


def _settings_ask_more() -> bool:
    if not _settings_build:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        _settings_build.append(
            bool(
                getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
                or policy.get("EXCLUDE_URL_PREFIXES")
            )
        )
    return _settings_build[0]


def _library_builds(request, response) -> bool:
    return (
        getattr(request, "_csp_nonce", None) is not None
        or _settings_ask_more()
        or not _OWN_SETTINGS.isdisjoint(vars(response))
    )


class CSPMiddleware(LibraryCSPMiddleware):
    def process_response(self, request, response):
        if _library_builds(request, response):
            return super().process_response(request, response)
        if not _built:
            _built.append(build_policy(**asdict(self.get_policy_parts(request, response))))
        if _built[0] and HEADER not in response:
            response[HEADER] = _built[0]
        # As django-csp: asking for a nonce after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
