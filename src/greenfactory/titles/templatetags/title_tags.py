"""Template filters of the title registry: a title's standing, read from the one rule."""

from django import template

from ..domain.validity import Standing, title_standing

register = template.Library()


@register.filter
def standing(title) -> Standing:
    """Whether ``title`` is in force today, and why (``validity.title_standing``)."""
    return title_standing(title)
