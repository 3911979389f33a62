from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from greenfactory.recognition.forms.notice import ObjectionForm

from .domain.tokens import LIFETIMES_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the program that will use it."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=90,
        choices=[
            (days, ngettext_lazy("%(count)d day", "%(count)d days", days) % {"count": days})
            for days in LIFETIMES_DAYS
        ],
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


class ApiObjectionForm(ObjectionForm):
    """The objection form's fields and limits without its two anti-bot measures of an HTML page
    (the hidden trap field and the signed time stamp), which a program reading the schema would
    pass at will; the API keeps the rate limit per address (decisions §42)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        del self.fields["token"]

    def clean(self):
        return forms.Form.clean(self)
