"""Forms of the yearly filing. The figures use the application's performance-data form
(``PerformanceFiguresForm``): the same fields, the same energy carriers, the same checks."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.forms import PerformanceFiguresForm

from .domain.reported import REPORTED_FIGURES, reported_value
from .enums import Adjustment, MajorChangeKind, SiteAssessmentOutcome
from .models import AnnualFiling, FilingSettings, LevelFilingPolicy


class FilingForm(PerformanceFiguresForm):
    """The performance data, and the key figures as the enterprise's own statistics give them
    (optional; ``domain/reported.py``), each labelled with the unit the platform computes it
    in (``figures``: the filing's computed figures)."""

    class Meta(PerformanceFiguresForm.Meta):
        model = AnnualFiling
        fields = [*PerformanceFiguresForm.Meta.fields, "year_summary", "next_year_plan"]
        widgets = {
            "year_summary": forms.Textarea(attrs={"rows": 4}),
            "next_year_plan": forms.Textarea(attrs={"rows": 4}),
        }

    SUMMARY_FIELDS = ("year_summary", "next_year_plan")

    def other_fields(self):
        return [field for field in super().other_fields() if field.name not in self.SUMMARY_FIELDS]

    def summary_fields(self):
        return [self[name] for name in self.SUMMARY_FIELDS]

    def __init__(self, *args, figures, **kwargs):
        super().__init__(*args, **kwargs)
        for key in REPORTED_FIGURES:
            figure = figures[key]
            self.fields[f"reported_{key}"] = forms.DecimalField(
                label=f"{figure.label} ({figure.unit})",
                required=False,
                max_digits=20,
                decimal_places=6,
                initial=reported_value(self.instance, key),
            )

    def _is_energy(self, name) -> bool:
        return super()._is_energy(name) or name.startswith("reported_")

    def reported_fields(self):
        return [self[f"reported_{key}"] for key in REPORTED_FIGURES]

    def data_dict(self) -> dict:
        values = super().data_dict()
        values["reported"] = {
            key: str(self.cleaned_data[f"reported_{key}"])
            for key in REPORTED_FIGURES
            if self.cleaned_data.get(f"reported_{key}") is not None
        }
        return values


class AcceptForm(forms.Form):
    opinion = forms.CharField(
        label=_("Review opinion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the filing; for provincial and national titles the city reads it."),
    )


class CityReviewForm(forms.Form):
    adjustment = forms.ChoiceField(label=_("Adjustment opinion"), choices=Adjustment.choices)
    reason = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for rectification or a proposed removal."),
    )


class CallAssessmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the on-site assessment is called"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    planned_on = forms.DateField(
        label=_("Planned for"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RecordAssessmentForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    assessors = forms.CharField(label=_("Assessed by"), max_length=300)
    findings = forms.CharField(
        label=_("Findings"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SiteAssessmentOutcome.choices)


class CancelAssessmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the assessment is cancelled"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MajorChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of change"), choices=MajorChangeKind.choices)
    effective_on = forms.DateField(
        label=_("Effective on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.CharField(label=_("Before"), max_length=300, required=False)
    after = forms.CharField(label=_("After"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenFilingForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the data"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


SHOW_CHOICES = [
    ("", _("All factories due")),
    ("filed", _("Filed")),
    ("missing", _("Not filed")),
    ("flagged", _("Flagged")),
]


class FilingFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the data"), coerce=int, choices=())
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)

    def __init__(self, *args, years, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].queryset = districts


class ExportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the data"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class FilingSettingsForm(forms.ModelForm):
    class Meta:
        model = FilingSettings
        fields = ["deadline_month", "deadline_day", "tolerance_percent"]

    def clean(self):
        cleaned = super().clean()
        month, day = cleaned.get("deadline_month"), cleaned.get("deadline_day")
        if month and day:
            try:
                date(2001, month, day)
            except ValueError:
                self.add_error("deadline_day", _("This day does not exist in that month."))
        return cleaned


class LevelPolicyForm(forms.ModelForm):
    """What one level's yearly filing asks and by when (decisions §65)."""

    class Meta:
        model = LevelFilingPolicy
        fields = [
            "deadline_month",
            "deadline_day",
            "city_review",
            "compare_previous_year",
            "summary_and_plan",
            "source",
        ]
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "deadline_month": _("Empty: the region's deadline above."),
        }

    def clean(self):
        cleaned = super().clean()
        month, day = cleaned.get("deadline_month"), cleaned.get("deadline_day")
        if (month is None) != (day is None):
            self.add_error("deadline_day", _("Give both the month and the day, or neither."))
        elif month and day:
            try:
                date(2001, month, day)
            except ValueError:
                self.add_error("deadline_day", _("This day does not exist in that month."))
        if not (cleaned.get("source") or "").strip():
            self.add_error(
                "source", _("Give the source of the rule: the notice or plan it follows.")
            )
        return cleaned
