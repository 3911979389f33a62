"""The request's language, chosen as Django's ``LocaleMiddleware`` chooses it, once per
(language cookie, ``Accept-Language``) pair instead of once per request.

Django's middleware reads the cookie, parses the header and looks each candidate up on every
request, and looks for a language prefix in the path twice (raising and catching a
``LookupError`` for every first path segment that is not a language). The platform's URLs
have no language prefix (no ``i18n_patterns``), so the choice depends only on the cookie, the
header and the settings: it is kept in a bounded cache, emptied when a language setting
changes. Where a URL configuration does use language prefixes, Django's own code runs.
"""

from functools import lru_cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

_LANGUAGE_SETTINGS = {"LANGUAGES", "LANGUAGE_CODE", "LANGUAGE_COOKIE_NAME", "LOCALE_PATHS"}


class _Request:
    """What ``get_language_from_request`` reads of a request, and nothing else."""

    __slots__ = ("COOKIES", "META")

    def __init__(self, cookie, accept):
        self.COOKIES = {} if cookie is None else {settings.LANGUAGE_COOKIE_NAME: cookie}
        self.META = {} if accept is None else {"HTTP_ACCEPT_LANGUAGE": accept}


@lru_cache(maxsize=256)
def language_for(cookie: str | None, accept: str | None) -> str:
    """Django's choice for this cookie and header (at most 256 pairs kept: the header is the
    client's to write)."""
    return translation.get_language_from_request(_Request(cookie, accept))


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in _LANGUAGE_SETTINGS:
        language_for.cache_clear()


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        if self._prefixed(request):
            return super().process_request(request)
        translation.activate(
            language_for(
                request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
                request.META.get("HTTP_ACCEPT_LANGUAGE"),
            )
        )
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if self._prefixed(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def _prefixed(request) -> bool:
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        return is_language_prefix_patterns_used(urlconf)[0]
