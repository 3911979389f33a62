from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import HeaderLinks, Navigation

_HEADER_LINKS = HeaderLinks()


def platform(request):
    return {"PLATFORM_NAME": settings.PLATFORM_NAME, "HEADER_LINKS": _HEADER_LINKS}


def navigation(request):
    """The header's navigation (core/navigation.py), built only if the page's cache misses."""
    return {
        "NAV": SimpleLazyObject(lambda: Navigation(request.user, request.path))
        if hasattr(request, "user")
        else None
    }
