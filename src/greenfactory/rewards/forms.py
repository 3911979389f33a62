"""Forms of the rewards pages: the ledger's filters, the steps of an entry, the export, a rate."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.titles.enums import TitleLevel

from .enums import LedgerStatus

ALL = [("", _("All"))]


class LedgerFilterForm(forms.Form):
    """The ledger's filters; the year is always set (the newest by default). A bad value is
    reported and ignored, so one mistake does not empty the list."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=ALL + TitleLevel.choices)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=ALL + LedgerStatus.choices
    )
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, years, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y), str(y)) for y in years]
        self.fields["district"].choices = ALL + [(d.code, d.display_name) for d in districts]

    def filters(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if cleaned.get(name)}


class PayForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=64,
        help_text=_("The bank transfer or voucher number (凭证号)."),
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("The payment day cannot be in the future."))
        return paid_on


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the title was revoked on … by decision …"),
    )


class ExportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y), str(y)) for y in years]


class RateForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=TitleLevel.choices)
    year_from = forms.IntegerField(
        label=_("For titles from the year"), min_value=2000, max_value=2100
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The policy document that sets this amount, with its number."),
    )
