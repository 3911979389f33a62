from django import template

from .. import audit_labels as labels
from ..labels import ROLE_LABELS

register = template.Library()


@register.filter
def action_label(value: str) -> str:
    """The action in words (core/audit_labels.py)."""
    return labels.action_label(value)


@register.filter
def role_label(value: str) -> str:
    return ROLE_LABELS.get(value, value)


@register.filter
def change_lines(changes) -> list[str]:
    """``{field: [old, new]}`` as "field: old → new"; other values as "key: value"."""
    lines = []
    for key, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            lines.append(f"{key}: {value[0]} → {value[1]}")
        else:
            lines.append(f"{key}: {value}")
    return lines
