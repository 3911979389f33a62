from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from greenfactory.programme.enums import BatchPurpose
from greenfactory.programme.forms import DateTimeLocalInput
from greenfactory.programme.models import Batch, IndicatorSystem
from greenfactory.titles.enums import TitleLevel

from .domain.checks import MAX_SUMMARY
from .domain.rounds import MAX_REASON, ROUND_FIELDS, SEED_PATTERN
from .enums import CheckState, SignalState
from .models import SpotCheckRound


class RoundForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Title levels checked"),
        choices=TitleLevel.choices,
        initial=[TitleLevel.CITY],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SpotCheckRound
        fields = ROUND_FIELDS
        widgets = {"submission_deadline": DateTimeLocalInput()}
        help_texts = {
            "sample_count": _("Either a number …"),
            "sample_ratio": _("… or a share of the cohort, e.g. 0.2 for a fifth (rounded up)."),
            "reference_batch": _(
                "The coefficient table, grid factor, experts and threshold of the checks are "
                "those of this designation batch."
            ),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort_years"].initial = settings.SPOT_CHECK_COHORT_YEARS
        self.fields["reference_batch"].queryset = Batch.objects.filter(
            purpose=BatchPurpose.DESIGNATION, region=region
        ).order_by("-year")
        self.fields["indicator_system"].queryset = IndicatorSystem.objects.order_by(
            "-code", "-version"
        )

    def clean(self):
        cleaned = super().clean()
        count, ratio = cleaned.get("sample_count"), cleaned.get("sample_ratio")
        if (count is None) == (ratio is None) and not self.has_error("sample_ratio"):
            self.add_error(
                "sample_count", _("Give either the number to draw or the share to draw, not both.")
            )
        if ratio is not None and ratio <= 0:
            self.add_error("sample_ratio", _("The share to draw must be above 0 and at most 1."))
        return cleaned


class PickForm(forms.Form):
    ticket = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        help_text=_("Of a valid title of the round's region (or the title's code)."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea)


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("Seed"),
        max_length=64,
        required=False,
        help_text=_(
            "For example the winning number of a public lottery announced after today. Left "
            "empty, the platform draws a random seed. The seed is published with the sample."
        ),
    )

    def clean_seed(self):
        seed = self.cleaned_data["seed"].strip()
        if seed and not SEED_PATTERN.match(seed):
            raise forms.ValidationError(
                _("A seed is 4 to 64 letters, digits, dots, hyphens or underscores.")
            )
        return seed


class DecisionForm(forms.Form):
    to = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON, required=False, widget=forms.Textarea
    )
    rectify_by = forms.DateField(
        label=_("Rectify by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when rectification is ordered."),
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, CheckState(s).label) for s in states]


class SummaryForm(forms.Form):
    changes = forms.CharField(
        label=_("Changes since the title"),
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Production, products, sites, energy and emission management since the title was "
            "granted. The yearly performance data go in the application."
        ),
    )
    rectifications = forms.CharField(
        label=_("Rectifications made"),
        max_length=MAX_SUMMARY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RectificationForm(forms.Form):
    report = forms.CharField(
        label=_("Rectification report"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class DispositionForm(forms.Form):
    """An officer's disposition of an integrity signal, always with a note (§66)."""

    state = forms.ChoiceField(
        label=_("Disposition"),
        choices=[(s.value, s.label) for s in SignalState if s != SignalState.OPEN],
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)
