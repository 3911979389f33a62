from django import forms
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.forms import YES_NO, as_yes_no, yes_no

from ..enums import CreditResult, DecisionStep

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RESULTS = [("", "—"), *CreditResult.choices]


class DistrictReviewForm(forms.Form):
    """The pre-review checklist, the credit checks and a comment per indicator."""

    materials_complete = forms.ChoiceField(
        label=_("Materials complete"), choices=YES_NO, required=False
    )
    gates_verified = forms.ChoiceField(
        label=_("Basic requirements and negative list verified"), choices=YES_NO, required=False
    )
    credit_china_on = forms.DateField(label=_("信用中国 checked on"), required=False, widget=DATE)
    credit_china_result = forms.ChoiceField(
        label=_("信用中国 result"), choices=RESULTS, required=False
    )
    credit_gsxt_on = forms.DateField(
        label=_("国家企业信用信息公示系统 checked on"), required=False, widget=DATE
    )
    credit_gsxt_result = forms.ChoiceField(
        label=_("国家企业信用信息公示系统 result"), choices=RESULTS, required=False
    )
    credit_jiangsu_on = forms.DateField(label=_("信用江苏 checked on"), required=False, widget=DATE)
    credit_jiangsu_result = forms.ChoiceField(
        label=_("信用江苏 result"), choices=RESULTS, required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    FIELDS = (
        "materials_complete",
        "gates_verified",
        "credit_china_on",
        "credit_china_result",
        "credit_gsxt_on",
        "credit_gsxt_result",
        "credit_jiangsu_on",
        "credit_jiangsu_result",
        "notes",
    )

    def __init__(self, *args, review, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        if review is not None:
            for name in self.FIELDS:
                self.initial[name] = getattr(review, name)
            self.initial["materials_complete"] = as_yes_no(review.materials_complete)
            self.initial["gates_verified"] = as_yes_no(review.gates_verified)
        existing = {c.indicator_id: c.comment for c in review.comments.all()} if review else {}
        self.indicators = [i for i in indicators if i.kind != "group"]
        for indicator in self.indicators:
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.code} {indicator.display_name}",
                required=False,
                max_length=2000,
                initial=existing.get(indicator.pk, ""),
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def clean(self):
        cleaned = super().clean()
        for on, result in (
            ("credit_china_on", "credit_china_result"),
            ("credit_gsxt_on", "credit_gsxt_result"),
            ("credit_jiangsu_on", "credit_jiangsu_result"),
        ):
            if bool(cleaned.get(on)) != bool(cleaned.get(result)):
                self.add_error(on, _("Record both the date of the check and its result."))
        return cleaned

    def review_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.FIELDS}
        data["materials_complete"] = yes_no(self.cleaned_data.get("materials_complete"))
        data["gates_verified"] = yes_no(self.cleaned_data.get("gates_verified"))
        return data

    def comments(self) -> dict:
        return {
            indicator: self.cleaned_data.get(f"comment_{indicator.pk}", "")
            for indicator in self.indicators
        }

    def comment_fields(self):
        return [self[f"comment_{indicator.pk}"] for indicator in self.indicators]

    def checklist_fields(self):
        return [self[name] for name in self.FIELDS]


class DecisionForm(forms.Form):
    """The decision's buttons and reason belong to the pre-review's form (``form`` attribute):
    a decision posts everything typed on the page with it."""

    decision = forms.ChoiceField(choices=DecisionStep.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "form": "pre-review"}),
    )


class LetterForm(forms.Form):
    letter = forms.FileField(label=_("Signed recommendation letter (PDF or image)"))
