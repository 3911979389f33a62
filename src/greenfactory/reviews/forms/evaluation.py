"""Forms of the third-party evaluation: the bureau's commission and withdrawal, the body's
report (its parts and one row per indicator) and its refusal, and the suspension of a body."""

from django import forms
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.models import EvaluationBody
from greenfactory.programme.enums import IndicatorKind

from ..models import ThirdPartyEvaluation

MET_CHOICES = [("", "—"), ("yes", _("Met")), ("no", _("Not met"))]


class CommissionForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Third-party evaluation body"),
        queryset=EvaluationBody.objects.filter(suspended_at__isnull=True).order_by("name"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationReportForm(forms.ModelForm):
    """The report's parts and, per indicator of the batch, the body's judgement: met or not met
    for a basic requirement, the points for a scored indicator, and a note."""

    class Meta:
        model = ThirdPartyEvaluation
        fields = [
            "basic_information",
            "process",
            "highlights",
            "conclusion",
            "independence_declared",
            "responsible_person",
            "signed_on",
        ]
        widgets = {
            "basic_information": forms.Textarea(attrs={"rows": 4}),
            "process": forms.Textarea(attrs={"rows": 4}),
            "highlights": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "independence_declared": _(
                "We declare that our body, and any organisation with the same legal "
                "representative, did not consult for this enterprise on this application, has "
                "no interest in it, and evaluated it independently, objectively and fairly."
            )
        }

    def __init__(self, *args, indicators, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = [i for i in indicators if i.kind != IndicatorKind.GROUP]
        for indicator in self.leaves:
            item = items.get(indicator.pk)
            if indicator.kind == IndicatorKind.GATE:
                initial = "" if item is None or item.met is None else ("yes" if item.met else "no")
                self.fields[f"met_{indicator.pk}"] = forms.ChoiceField(
                    label=indicator.code, choices=MET_CHOICES, required=False, initial=initial
                )
            else:
                self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                    label=indicator.code,
                    required=False,
                    min_value=0,
                    max_value=indicator.max_points,
                    max_digits=6,
                    decimal_places=2,
                    initial=None if item is None else item.score,
                )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=indicator.code,
                required=False,
                max_length=2000,
                initial="" if item is None else item.note,
            )

    def report_fields(self):
        return [self[name] for name in self.Meta.fields]

    def rows(self):
        """(indicator, judgement field, note field) per indicator, for the template."""
        for indicator in self.leaves:
            name = (
                f"met_{indicator.pk}"
                if indicator.kind == IndicatorKind.GATE
                else f"score_{indicator.pk}"
            )
            yield indicator, self[name], self[f"note_{indicator.pk}"]

    def report(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def items(self) -> dict[int, dict]:
        data = self.cleaned_data
        items = {}
        for indicator in self.leaves:
            met = data.get(f"met_{indicator.pk}")
            items[indicator.pk] = {
                "met": {"yes": True, "no": False}.get(met),
                "score": data.get(f"score_{indicator.pk}"),
                "note": data.get(f"note_{indicator.pk}", ""),
            }
        return items
