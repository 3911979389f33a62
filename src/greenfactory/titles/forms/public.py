"""Forms of the public site (the factory list's filters, verification) and of the city bureau's
list of titles."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from greenfactory.core.uploads import PDF, check_upload
from greenfactory.programme.enums import Programme

from ..enums import TitleLevel, TitleStatus

ALL = [("", _("All"))]


class FactoryFilterForm(forms.Form):
    """The public list's filters; every field optional, a bad value is reported and ignored."""

    name = forms.CharField(label=_("Enterprise name"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    district = forms.ChoiceField(label=_("District"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    # The level without the programme's name: the programme is its own filter (decisions §72).
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[
            *ALL,
            (TitleLevel.CITY, _("City level")),
            (TitleLevel.PROVINCIAL, _("Provincial level")),
            (TitleLevel.NATIONAL, _("National level")),
        ],
    )
    programme = forms.ChoiceField(
        label=_("Kind of title"), required=False, choices=ALL + Programme.choices
    )

    def __init__(self, *args, years, districts, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = ALL + [(str(y), str(y)) for y in years]
        self.fields["district"].choices = ALL + [(d.code, d.display_name) for d in districts]
        self.fields["industry"].choices = ALL + [(s.code, str(s)) for s in sections]

    def filters(self) -> dict:
        """The valid filters only, so one bad value does not empty the list."""
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name in getattr(self, "cleaned_data", {}) and self.cleaned_data[name]
        }


class TitleFilterForm(FactoryFilterForm):
    """The officers' list of titles: the public filters and the status."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + TitleStatus.choices)


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=64,
        help_text=_("As printed on the certificate, for example GF320400-2026-C0001-X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class VerifyFileForm(forms.Form):
    """A certificate PDF to check: sniffed and limited as every upload (``core.uploads``), read
    in memory and never stored."""

    certificate = forms.FileField(
        label=_("Certificate PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].help_text = _(
            "The PDF as the bureau issued it, at most %(max)s."
        ) % {"max": filesizeformat(settings.CERTIFICATE_UPLOAD_MAX_BYTES)}

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        check_upload(upload, allowed=(PDF,), max_bytes=settings.CERTIFICATE_UPLOAD_MAX_BYTES)
        upload.seek(0)
        return upload.read()
