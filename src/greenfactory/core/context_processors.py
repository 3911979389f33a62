from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .navigation import HeaderLinks, Navigation

_HEADER_LINKS = HeaderLinks()


_LANGUAGE_CONTEXT: dict[str, dict] = {}


@receiver(setting_changed)
def _forget_languages(setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGES_BIDI"}:
        _LANGUAGE_CONTEXT.clear()
    if setting in {"PLATFORM_NAME", "LANGUAGES"}:
        _PLATFORM_CONTEXT.clear()


def i18n(request):
    """Django's ``i18n`` processor (``LANGUAGES``, ``LANGUAGE_CODE``, ``LANGUAGE_BIDI``), its
    values worked out once per active language: they depend on nothing else."""
    language = translation.get_language()
    if (found := _LANGUAGE_CONTEXT.get(language)) is None:
        found = _LANGUAGE_CONTEXT[language] = {
            "LANGUAGES": settings.LANGUAGES,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        }
    return found


_PLATFORM_CONTEXT: dict[str, dict] = {}


def platform(request):
    """The platform's name (translated: worked out once per active language) and the
    header's own links."""
    language = translation.get_language()
    if (found := _PLATFORM_CONTEXT.get(language)) is None:
        found = _PLATFORM_CONTEXT[language] = {
            "PLATFORM_NAME": str(settings.PLATFORM_NAME),
            "HEADER_LINKS": _HEADER_LINKS,
        }
    return found


def navigation(request):
    """The header's navigation (core/navigation.py), built only if the page's cache misses."""
    return {
        "NAV": SimpleLazyObject(lambda: Navigation(request.user, request.path))
        if hasattr(request, "user")
        else None
    }
