"""Forms of the application's sections. Fields of the 自评表 and the performance data are
built from the batch's indicator system and coefficient table."""

from decimal import Decimal
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.models import phone_validator
from greenfactory.core.refusals import Refused
from greenfactory.programme.domain.queries import batch_indicators
from greenfactory.programme.enums import IndicatorKind

from .domain.answers import answer_fields
from .domain.eligibility import negative_item_label
from .enums import CertificationKind, EvidenceKind, NegativeListItem
from .models import Application, PerformanceYear

YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def yes_no(value):
    return {"yes": True, "no": False}.get(value)


def indicator_answers(form, indicators) -> dict:
    """Indicator -> the values the user could set for it, read from a bound, valid form whose
    fields were built by ``indicator_fields`` and named ``<field>_<indicator pk>``."""
    data = form.cleaned_data
    result = {}
    for indicator in indicators:
        key = indicator.pk
        values = {}
        if f"met_{key}" in form.fields:
            values["met"] = yes_no(data.get(f"met_{key}"))
        if f"na_{key}" in form.fields:
            values["not_applicable"] = bool(data.get(f"na_{key}"))
        if f"score_{key}" in form.fields:
            values["score"] = data.get(f"score_{key}")
        if f"value_{key}" in form.fields:
            values["value"] = data.get(f"value_{key}")
        if f"explanation_{key}" in form.fields:
            values["explanation"] = data.get(f"explanation_{key}", "")
        result[indicator] = values
    return result


def as_yes_no(value):
    return {True: "yes", False: "no"}.get(value, "")


# Self scores are given in half points, as the score input's step has always said in the
# browser; the server says it too, so a refused autosave names the rule (decisions §58).
SCORE_STEP = Decimal("0.5")


def in_score_steps(value):
    if value is not None and value % SCORE_STEP:
        raise ValidationError(
            _("Scores go in steps of %(step)s (for example 1, 1.5, 2): %(value)s is not one."),
            params={"step": SCORE_STEP, "value": value},
            code="score_step",
        )


def indicator_fields(indicator, names, initial: dict, *, labelled: bool = False) -> dict:
    """The input fields of one indicator row — met, not applicable, score, value — for the
    enterprise's 自评表 and the experts' scoring alike. ``initial`` holds the current values;
    ``labelled`` puts the indicator code in the labels (for error messages on long forms)."""
    prefix = f"{indicator.code} " if labelled else ""
    fields = {}
    if "met" in names:
        fields["met"] = forms.ChoiceField(
            label=_("Met"),
            choices=YES_NO,
            required=False,
            initial=as_yes_no(initial.get("met")),
        )
    if "not_applicable" in names:
        fields["na"] = forms.BooleanField(
            label=_("Not applicable"),
            required=False,
            initial=bool(initial.get("not_applicable")),
        )
    if "score" in names:
        fields["score"] = forms.DecimalField(
            label=f"{prefix}{_('Self score') if not labelled else _('Points')}",
            required=False,
            max_digits=6,
            decimal_places=2,
            min_value=Decimal(0),
            max_value=indicator.max_points,
            initial=initial.get("score"),
            validators=[in_score_steps],
            widget=forms.NumberInput(attrs={"step": str(SCORE_STEP), "class": "score"}),
        )
    if "value" in names:
        fields["value"] = forms.DecimalField(
            label=f"{prefix}{_('Value')}",
            required=False,
            max_digits=20,
            decimal_places=6,
            initial=initial.get("value"),
        )
    return fields


class RevisionMixin(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": "revision"}))


class _Certifications:
    """The application's certifications as the form's initial values, read the first time a
    field shows one: a valid save never shows them, and writes what was posted."""

    def __init__(self, application):
        self.application, self.rows = application, None

    def value(self, kind: str, name: str, default):
        if self.rows is None:
            application = self.application
            self.rows = (
                {c.kind: c for c in application.certifications.all()} if application.pk else {}
            )
        row = self.rows.get(kind)
        return getattr(row, name) if row is not None else default


class ApplicationFormForm(RevisionMixin, forms.ModelForm):
    """申请表: the enterprise's data, certifications, negative list and declaration."""

    class Meta:
        model = Application
        fields = [
            "products",
            "founded_on",
            "employees",
            "output_value",
            "contact_person",
            "contact_phone",
            "energy_audit_kind",
            "energy_audit_on",
            "declaration_accepted",
        ]
        widgets = {
            "products": forms.Textarea(attrs={"rows": 2}),
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "energy_audit_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, agency=False, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        self.fields["contact_phone"].validators.append(phone_validator)
        if agency:
            self.fields["declaration_accepted"].disabled = True
        self.fields["declaration_accepted"].label = _(
            "We declare that everything in this application and its evidence is true and "
            "complete, and accept the consequences of any false statement."
        )
        declarations = application.negative_list or {}
        for item in NegativeListItem:
            current = declarations.get(item.value, {})
            self.fields[f"neg_{item.value}"] = forms.ChoiceField(
                label=negative_item_label(item, application.batch),
                choices=YES_NO,
                required=False,
                initial=as_yes_no(current.get("answer")),
            )
            self.fields[f"neg_{item.value}_note"] = forms.CharField(
                label=_("Explanation"),
                required=False,
                max_length=1000,
                initial=current.get("note", ""),
            )
        existing = _Certifications(application)
        for kind in CertificationKind:
            self.fields[f"cert_{kind.value}_no"] = forms.CharField(
                label=_("%(system)s: certificate number") % {"system": kind.label},
                required=False,
                max_length=64,
                initial=partial(existing.value, kind.value, "certificate_no", ""),
            )
            self.fields[f"cert_{kind.value}_issuer"] = forms.CharField(
                label=_("Certification body"),
                required=False,
                max_length=200,
                initial=partial(existing.value, kind.value, "issuer", ""),
            )
            self.fields[f"cert_{kind.value}_expires"] = forms.DateField(
                label=_("Valid until"),
                required=False,
                initial=partial(existing.value, kind.value, "expires_on", None),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def negative_list(self) -> dict:
        return {
            item.value: {
                "answer": yes_no(self.cleaned_data.get(f"neg_{item.value}")),
                "note": self.cleaned_data.get(f"neg_{item.value}_note", ""),
            }
            for item in NegativeListItem
        }

    def certifications(self) -> list[dict]:
        rows = []
        for kind in CertificationKind:
            number = self.cleaned_data.get(f"cert_{kind.value}_no", "")
            if number:
                rows.append(
                    {
                        "kind": kind.value,
                        "certificate_no": number,
                        "issuer": self.cleaned_data.get(f"cert_{kind.value}_issuer", ""),
                        "expires_on": self.cleaned_data.get(f"cert_{kind.value}_expires"),
                    }
                )
        return rows

    def negative_rows(self):
        return [(self[f"neg_{i.value}"], self[f"neg_{i.value}_note"]) for i in NegativeListItem]

    def certification_rows(self):
        return [
            (
                kind.label,
                self[f"cert_{kind.value}_no"],
                self[f"cert_{kind.value}_issuer"],
                self[f"cert_{kind.value}_expires"],
            )
            for kind in CertificationKind
        ]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields if name != "declaration_accepted"]


class SelfEvaluationForm(RevisionMixin):
    """自评表: one group of fields per indicator, named ``<field>_<indicator pk>``."""

    def __init__(self, *args, indicators, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = [i for i in indicators if i.kind != IndicatorKind.GROUP]
        self.all_indicators = indicators
        for indicator in self.indicators:
            answer = answers.get(indicator.pk)
            key = indicator.pk
            fields = answer_fields(indicator)
            current = (
                {
                    name: getattr(answer, name)
                    for name in ("met", "not_applicable", "score", "value")
                }
                if answer
                else {}
            )
            for name, field in indicator_fields(indicator, fields, current).items():
                self.fields[f"{name}_{key}"] = field
            if "explanation" in fields:
                self.fields[f"explanation_{key}"] = forms.CharField(
                    label=_("Explanation"),
                    required=False,
                    max_length=4000,
                    initial=answer.explanation if answer else "",
                    widget=forms.Textarea(attrs={"rows": 1}),
                )

    def answers(self) -> dict:
        """Indicator -> the fields the user could set for it."""
        return indicator_answers(self, self.indicators)

    def rows(self, answers, sheet, files=None, notes=None):
        """Template rows: the indicator, its bound fields, its current result and how many
        evidence files are attached to it."""
        files, notes = files or {}, notes or {}
        rows = []
        for indicator in self.all_indicators:
            key = indicator.pk
            fields = {
                name: self[f"{name}_{key}"]
                for name in ("met", "na", "score", "value", "explanation")
                if f"{name}_{key}" in self.fields
            }
            rows.append(
                {
                    "indicator": indicator,
                    "fields": fields,
                    "answer": answers.get(key),
                    "result": sheet.items.get(indicator.code) if sheet else None,
                    "files": files.get(indicator.pk, 0),
                    "notes": notes.get(indicator.pk, []),
                }
            )
        return rows


class PerformanceFiguresForm(RevisionMixin, forms.ModelForm):
    """One year of performance data: the same fields wherever it is reported (the
    application's years, a designated factory's yearly filing). A subclass names its model in
    ``class Meta(PerformanceFiguresForm.Meta)``; the energy carriers come from a coefficient
    table, one field each."""

    class Meta:
        fields = [
            "output_quantity",
            "output_unit",
            "output_value_10k_yuan",
            "exported_electricity_kwh",
            "exported_heat_mj",
            "process_co2_t",
            "water_intake_m3",
            "water_reused_m3",
            "wastewater_treated_m3",
            "wastewater_reused_m3",
            "solid_waste_generated_t",
            "solid_waste_utilised_t",
            "solid_waste_stock_utilised_t",
            "land_area_m2",
            "floor_area_m2",
            "high_storey_floor_area_m2",
            "footprint_m2",
        ]

    def __init__(self, *args, carriers, check_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.carriers = list(carriers)
        # Refuses a unit of output the industry's per-product benchmarks are not set per
        # (raises ``Refused``); shown at the field, the entries kept.
        self.check_unit = check_unit
        energy = self.instance.energy or {}
        heat_content = self.instance.heat_content or {}
        for carrier in self.carriers:
            self.fields[f"energy_{carrier.key}"] = forms.DecimalField(
                label=str(carrier),
                required=False,
                max_digits=18,
                decimal_places=4,
                validators=[MinValueValidator(Decimal(0))],
                initial=energy.get(carrier.key),
            )
            if carrier.heat_content_measurable:
                self.fields[f"heat_content_{carrier.key}"] = forms.DecimalField(
                    label=_("%(carrier)s: measured net calorific value or enthalpy (MJ/%(unit)s)")
                    % {"carrier": carrier, "unit": carrier.unit},
                    help_text=_("Replaces the standard coefficient in the figures.")
                    if carrier.standard_coal is not None
                    else _("Needed: the coefficient table gives no standard value."),
                    required=False,
                    max_digits=14,
                    decimal_places=4,
                    validators=[MinValueValidator(Decimal("0.0001"))],
                    initial=heat_content.get(carrier.key),
                )

    def clean_output_unit(self):
        unit = self.cleaned_data.get("output_unit") or ""
        if self.check_unit is not None:
            try:
                self.check_unit(unit)
            except Refused as refusal:
                raise forms.ValidationError(refusal.messages) from None
        return unit

    def clean(self):
        cleaned = super().clean()
        for carrier in self.carriers:
            if (
                carrier.standard_coal is None
                and cleaned.get(f"energy_{carrier.key}") is not None
                and cleaned.get(f"heat_content_{carrier.key}") is None
                and f"heat_content_{carrier.key}" in self.fields
            ):
                self.add_error(
                    f"heat_content_{carrier.key}",
                    _(
                        "Enter the measured net calorific value or enthalpy of %(carrier)s: "
                        "the coefficient table gives no standard value for it."
                    )
                    % {"carrier": carrier},
                )
        return cleaned

    def energy_fields(self):
        fields = []
        for carrier in self.carriers:
            fields.append(self[f"energy_{carrier.key}"])
            if f"heat_content_{carrier.key}" in self.fields:
                fields.append(self[f"heat_content_{carrier.key}"])
        return fields

    def _is_energy(self, name) -> bool:
        return name.startswith(("energy_", "heat_content_")) or name == "revision"

    def other_fields(self):
        return [self[name] for name in self.fields if not self._is_energy(name)]

    def data_dict(self) -> dict:
        values = {
            name: self.cleaned_data.get(name) for name in self.fields if not self._is_energy(name)
        }
        values["energy"] = {
            carrier.key: str(self.cleaned_data[f"energy_{carrier.key}"])
            for carrier in self.carriers
            if self.cleaned_data.get(f"energy_{carrier.key}") is not None
        }
        values["heat_content"] = {
            carrier.key: str(self.cleaned_data[f"heat_content_{carrier.key}"])
            for carrier in self.carriers
            if self.cleaned_data.get(f"heat_content_{carrier.key}") is not None
        }
        return values


class PerformanceYearForm(PerformanceFiguresForm):
    class Meta(PerformanceFiguresForm.Meta):
        model = PerformanceYear


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    indicator = forms.ModelChoiceField(label=_("For indicator"), queryset=None, required=False)

    def __init__(self, *args, indicators, batch=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        field.queryset = indicators  # what a posted choice is checked against
        field.label_from_instance = _indicator_label
        if batch is not None:
            # A batch's indicators are frozen and kept (``batch_indicators``, in the batch's
            # words): the options are built from that list, not read again for every page,
            # and only when the form is shown (an upload that succeeds never shows them; a
            # posted choice is checked against the queryset).
            field.choices = _ShownOptions(partial(_indicator_options, batch, field.empty_label))


class _ShownOptions(BaseChoiceIterator):
    """Choices built the first time they are read (the page shows them), then kept."""

    def __init__(self, build):
        self.build, self.built = build, None

    def __iter__(self):
        if self.built is None:
            self.built = self.build()
        return iter(self.built)


def _indicator_options(batch, empty_label) -> list:
    return [
        ("", empty_label),
        *(
            (indicator.pk, _indicator_label(indicator))
            for indicator in batch_indicators(batch)
            if indicator.kind != IndicatorKind.GROUP
        ),
    ]


def _indicator_label(indicator) -> str:
    return f"{indicator.code} {indicator.display_name}"


class ReportOptionsForm(forms.Form):
    """What the generated 自评报告 includes beyond its standard outline."""

    peers = forms.BooleanField(
        label=_("Include the peer comparison"),
        required=False,
        initial=True,
        help_text=_("Where your key figures stand among your industry's (from ten peers)."),
    )
