"""The forms of the recommendation to the province (decisions §64)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..domain.upward_words import words_of
from ..enums import ProvinceStage, StageResult, TitleLevel
from ..models import ProvincialCandidate

UPWARD_LEVELS = [
    (TitleLevel.PROVINCIAL.value, TitleLevel.PROVINCIAL.label),
    (TitleLevel.NATIONAL.value, TitleLevel.NATIONAL.label),
]


class CallYearForm(forms.Form):
    """Which year's call to show, and to which list (GET; the province's by default)."""

    year = forms.IntegerField(label=_("Year of the call"), min_value=2016, max_value=2100)
    level = forms.ChoiceField(label=_("Recommended for"), choices=UPWARD_LEVELS, required=False)

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return timezone.localdate().year

    def chosen_level(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("level"):
            return self.cleaned_data["level"]
        if self.is_bound and self.data.get("level") in dict(UPWARD_LEVELS):
            return self.data["level"]
        return TitleLevel.PROVINCIAL


class CandidateConfirmForm(forms.ModelForm):
    """What the enterprise confirms for the year of the call."""

    class Meta:
        model = ProvincialCandidate
        fields = [
            "data_year",
            "contact_person",
            "contact_phone",
            "employees",
            "output_value",
            "changes",
        ]
        widgets = {"changes": forms.Textarea(attrs={"rows": 4})}


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Step"), choices=ProvinceStage.choices)
    result = forms.ChoiceField(label=_("Result"), choices=StageResult.choices)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, level: str = TitleLevel.PROVINCIAL, **kwargs):
        super().__init__(*args, **kwargs)
        # The steps are named as the level's procedure names them (decisions §84).
        self.fields["stage"].choices = words_of(level).stage_choices


class ListedForm(forms.Form):
    issued_on = forms.DateField(
        label=_("Date of the province's list"), widget=forms.DateInput(attrs={"type": "date"})
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"), required=False, max_length=40
    )
    reference = forms.CharField(
        label=_("Document of the list (文号)"), required=False, max_length=200
    )

    def __init__(self, *args, level: str = TitleLevel.PROVINCIAL, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].label = words_of(level).list_date


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
