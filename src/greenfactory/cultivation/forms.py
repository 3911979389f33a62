"""Forms of the cultivation pipeline. The trial self-evaluation is built from the indicator
system with the fields of the application's 自评表 (``applications.forms.indicator_fields``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.domain.answers import answer_fields
from greenfactory.applications.forms import indicator_answers, indicator_fields
from greenfactory.programme.enums import IndicatorKind

from .domain.candidates import PROJECT_FIELDS
from .enums import CandidateStatus
from .models import TransformationProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AddCandidateForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CandidateStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = TransformationProject
        fields = list(PROJECT_FIELDS)
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A project cannot end before it starts."))
        return data


def trial_fields(indicator) -> tuple[str, ...]:
    """The 自评表 row's fields; a computed quantitative value is typed here, since a
    candidate has no performance data on the platform."""
    names = answer_fields(indicator)
    if indicator.kind == IndicatorKind.QUANTITATIVE and "value" not in names:
        names = (*names, "value")
    return tuple(name for name in names if name != "explanation")


class TrialForm(forms.Form):
    """One group of fields per indicator, named ``<field>_<indicator pk>``."""

    def __init__(self, *args, indicators, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_indicators = indicators
        self.indicators = [i for i in indicators if i.kind != IndicatorKind.GROUP]
        for indicator in self.indicators:
            answer = answers.get(indicator.pk)
            current = (
                {
                    name: getattr(answer, name)
                    for name in ("met", "not_applicable", "score", "value")
                }
                if answer
                else {}
            )
            fields = indicator_fields(indicator, trial_fields(indicator), current, labelled=True)
            for name, field in fields.items():
                self.fields[f"{name}_{indicator.pk}"] = field

    def answers(self) -> dict:
        return indicator_answers(self, self.indicators)

    def rows(self, sheet):
        rows = []
        for indicator in self.all_indicators:
            key = indicator.pk
            fields = {
                name: self[f"{name}_{key}"]
                for name in ("met", "na", "score", "value")
                if f"{name}_{key}" in self.fields
            }
            rows.append(
                {
                    "indicator": indicator,
                    "fields": fields,
                    "result": sheet.items.get(indicator.code) if sheet else None,
                }
            )
        return rows


class ProvinceTablesForm(forms.Form):
    """Which of the three yearly tables for the province, and for which year."""

    table = forms.ChoiceField(
        label=_("Table"),
        choices=[
            ("plan", _("Cultivation plan summary (培育计划汇总表)")),
            ("performance", _("Green performance indicators (培育企业绿色绩效指标汇总表)")),
            ("projects", _("Green transformation projects and plans (绿色化改造项目及计划汇总表)")),
        ],
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in (this_year + 1, this_year, this_year - 1)]
        self.fields["year"].initial = this_year
