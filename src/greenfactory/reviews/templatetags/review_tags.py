"""Small marks of the review tables, as filters rather than an include per cell."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

MET = mark_safe('<span class="ok">✓</span>')
UNMET = mark_safe('<span class="error">✗</span>')


@register.filter
def met_mark(met):
    """✓ for met, ✗ for not met, nothing while unknown."""
    if met is True:
        return MET
    if met is False:
        return UNMET
    return ""
