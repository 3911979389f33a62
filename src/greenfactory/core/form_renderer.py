"""Form widgets rendered without a template per field.

Django renders every widget through a template (``input.html`` including ``attrs.html``), which
costs about a quarter of a millisecond per field: a scoring sheet of forty indicators with three
fields each spends more time there than in the rest of its page. ``WidgetRenderer`` produces the
same HTML as Django's own widget templates for the plain ones (the ``<input>`` family, a file
field with no file yet, ``<textarea>``, ``<select>`` and its options) in Python, and hands every
other template to Django's renderer unchanged. ``tests/core/test_form_renderer.py`` compares the
two outputs.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    WIDGETS + f"{name}.html"
    for name in (
        "input",
        "checkbox",
        "text",
        "number",
        "email",
        "hidden",
        "password",
        "url",
        "tel",
        "search",
        "date",
        "datetime",
        "time",
        "color",
        "file",
    )
)
SELECT_TEMPLATE = WIDGETS + "select.html"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
TEXTAREA_TEMPLATE = WIDGETS + "textarea.html"
CLEARABLE_FILE_TEMPLATE = WIDGETS + "clearable_file_input.html"

# The context the widget templates render in: autoescape on, no time zone conversion of values
# (a widget's value is already a string by then).
_CONTEXT = Context(autoescape=True)


def _as_text(value) -> str:
    """``{{ value }}``: localised, made a string, escaped unless already safe."""
    return render_value_in_context(value, _CONTEXT)


def _as_s(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s`` of the value, kept safe if it was, escaped."""
    shown = "%s" % (str(value) if isinstance(value, tuple) else value)
    if isinstance(value, SafeData):
        shown = mark_safe(shown)  # noqa: S308 - the filter keeps safe input safe, as here
    return conditional_escape(shown)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_as_text(name)}")
        else:
            parts.append(f' {_as_text(name)}="{_as_s(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = ""
    if widget["value"] is not None:
        value = f' value="{_as_s(widget["value"])}"'
    return (
        f'<input type="{_as_text(widget["type"])}" name="{_as_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _file_input(widget: dict) -> str:
    """A file field with no file yet (``ClearableFileInput`` without its link and checkbox):
    its input, which never carries a value."""
    return (
        f'<input type="{_as_text(widget["type"])}" name="{_as_text(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _as_text(widget["value"]) if widget["value"] else ""
    name = _as_text(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return (
        f'<option value="{_as_s(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_as_text(option['label'])}</option>"
    )


class WidgetRenderer(DjangoTemplates):
    """Django's default form renderer, with the plain widgets written directly."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                return mark_safe(_input(widget))  # noqa: S308 - every part escaped above
            if template_name == TEXTAREA_TEMPLATE:
                return mark_safe(_textarea(widget))  # noqa: S308
            if template_name == CLEARABLE_FILE_TEMPLATE and not widget.get("is_initial"):
                return mark_safe(_file_input(widget))  # noqa: S308
            if template_name == SELECT_TEMPLATE and self._plain_options(widget):
                return mark_safe(self._select(widget))  # noqa: S308
        return super().render(template_name, context, request)

    @staticmethod
    def _plain_options(widget: dict) -> bool:
        return all(
            option["template_name"] == OPTION_TEMPLATE
            for _name, options, _index in widget["optgroups"]
            for option in options
        )

    @staticmethod
    def _select(widget: dict) -> str:
        parts = [f'<select name="{_as_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_as_text(group_name)}">')
            for option in options:
                parts.append(f"\n  {_option(option)}\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)
