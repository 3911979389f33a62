"""The widget renderer writes what Django's widget templates write, for every plain widget and
for values and attributes that need escaping; other widgets still go through their templates."""

import datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from greenfactory.core.form_renderer import WidgetRenderer

FAST = WidgetRenderer()
DJANGO = DjangoTemplates()

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
attr_values = st.one_of(st.booleans(), texts, st.integers(-5, 5))
attr_names = st.sampled_from(["class", "placeholder", "data-x", "step", "min"])
attrs = st.dictionaries(attr_names, attr_values)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=3)
values = st.one_of(st.none(), texts, st.integers(), decimals)

PLAIN_WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.TimeInput,
    forms.Textarea,
    forms.CheckboxInput,
    forms.FileInput,
]


def both(widget, name, value, widget_attrs=None):
    return (
        widget.render(name, value, attrs=widget_attrs, renderer=FAST),
        widget.render(name, value, attrs=widget_attrs, renderer=DJANGO),
    )


@settings(max_examples=150, deadline=None)
@given(
    widget_class=st.sampled_from(PLAIN_WIDGETS),
    name=texts,
    value=values,
    extra=attrs,
    widget_attrs=attrs,
)
def test_plain_widgets_render_as_their_templates(widget_class, name, value, extra, widget_attrs):
    fast, django = both(widget_class(attrs=extra), name or "f", value, widget_attrs)
    assert fast == django


@settings(max_examples=80, deadline=None)
@given(
    choices=st.lists(st.tuples(texts, texts), max_size=5),
    grouped=st.lists(st.tuples(texts, st.lists(st.tuples(texts, texts), max_size=3)), max_size=3),
    value=st.one_of(st.none(), texts),
    multiple=st.booleans(),
)
def test_selects_render_as_their_template(choices, grouped, value, multiple):
    widget_class = forms.SelectMultiple if multiple else forms.Select
    for options in (choices, grouped, [("", "—"), *choices]):
        fast, django = both(widget_class(choices=options), "pick", [value] if multiple else value)
        assert fast == django


def test_escaping_and_safe_values_match():
    widget = forms.TextInput(attrs={"title": '"><script>', "required": True, "readonly": False})
    fast, django = both(widget, "a<b", mark_safe("<b>kept</b>"))
    assert fast == django
    assert "&lt;script&gt;" in fast and " required" in fast and "readonly" not in fast
    for value in (Decimal("1.50"), datetime.date(2026, 4, 15), 0, ""):
        assert both(forms.NumberInput(), "n", value)[0] == both(forms.NumberInput(), "n", value)[1]


def test_other_widgets_still_use_their_templates():
    radio = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    fast, django = both(radio, "r", "a")
    assert fast == django and "<input" in fast


class StoredFile:
    url = "/media/kept.pdf"

    def __str__(self):
        return "kept.pdf"


@settings(max_examples=80, deadline=None)
@given(name=texts, value=st.one_of(st.none(), texts), extra=attrs, required=st.booleans())
def test_a_file_field_renders_as_its_template_with_or_without_a_file(name, value, extra, required):
    clearable = forms.ClearableFileInput(attrs=extra)
    clearable.is_required = required
    fast, django = both(clearable, name or "file", value)
    assert fast == django
    kept = both(clearable, name or "file", StoredFile())  # a stored file: Django's template
    assert kept[0] == kept[1] and 'href="/media/kept.pdf"' in kept[0]


def test_the_platform_forms_use_it(settings):
    assert settings.FORM_RENDERER == "greenfactory.core.form_renderer.WidgetRenderer"
    field = forms.Form().renderer
    assert isinstance(field, WidgetRenderer)
