"""The layout's kept parts (``base.html``): read from the cache in one look-up per page.

The head's links and scripts, the brand and the site's links, the language buttons and the
role's name depend only on whether the user is signed in, the role, the language and which
entry of the links is the page's own (``NAV.current``): rendered once per these and kept an
hour (docs/decisions.md §116). One cache entry holds all four, so a page pays one cache read
for its layout rather than one per part.
"""

from datetime import datetime

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

LAYOUT_SECONDS = 3600
_PARTS = (
    ("head", "core/_layout_head.html"),
    ("nav", "core/_layout_nav.html"),
    ("languages", "core/_layout_languages.html"),
)


def layout_key(context) -> str:
    user = context.get("user")
    nav = context.get("NAV")
    signed_in = bool(user is not None and user.is_authenticated)
    role = (getattr(user, "role", "") or "") if signed_in else ""
    current = nav.current if nav else ""
    return f"layout:{int(signed_in)}:{role}:{context.get('LANGUAGE_CODE', '')}:{current}"


@register.simple_tag(takes_context=True)
def layout_parts(context) -> dict:
    """``{"head", "nav", "languages", "role"}``: the three parts as HTML, the role's name as
    text (escaped where it is printed)."""
    key = layout_key(context)
    parts = cache.get(key)
    if parts is None:
        engine = context.template.engine
        with context.push():
            parts = {name: engine.get_template(path).render(context) for name, path in _PARTS}
        user = context.get("user")
        parts["role"] = (
            str(user.get_role_display())
            if user is not None and user.is_authenticated and user.role
            else ""
        )
        cache.set(key, parts, LAYOUT_SECONDS)
    return {
        "head": mark_safe(parts["head"]),  # noqa: S308 - rendered by the templates above
        "nav": mark_safe(parts["nav"]),  # noqa: S308
        "languages": mark_safe(parts["languages"]),  # noqa: S308
        "role": parts["role"],
    }


@register.simple_tag
def current_year() -> str:
    """``{% now "Y" %}`` without a date format: the year in the current time zone."""
    return str(datetime.now(tz=timezone.get_current_timezone() if settings.USE_TZ else None).year)
