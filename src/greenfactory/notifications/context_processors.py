from .domain.notify import unread_count


def unread(request):
    """The number of unread messages, for the page header (one query, logged-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {"UNREAD_NOTIFICATIONS": unread_count(user)}
