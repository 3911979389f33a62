from django.utils.functional import SimpleLazyObject

from .domain.notify import unread_count


def unread(request):
    """The number of unread messages, for the page header (logged-in users only), counted
    only when a template shows it: a page without the header (an htmx fragment) reads nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {"UNREAD_NOTIFICATIONS": SimpleLazyObject(lambda: unread_count(user))}
