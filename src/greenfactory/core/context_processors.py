from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import Navigation


def platform(request):
    return {"PLATFORM_NAME": settings.PLATFORM_NAME}


def navigation(request):
    """The header's navigation (core/navigation.py), built only if the page's cache misses."""
    return {
        "NAV": SimpleLazyObject(lambda: Navigation(request.user, request.path))
        if hasattr(request, "user")
        else None
    }
