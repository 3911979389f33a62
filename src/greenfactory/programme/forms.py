from django import forms
from django.utils.translation import gettext_lazy as _

from .domain.batches import FIELDS_EDITABLE_WHEN_LOCKED, INTEGRITY_FIELDS, SETTINGS_FIELDS
from .domain.systems import EDITABLE_FIELDS
from .models import Batch, GridFactor, Indicator, Target


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class BatchForm(forms.ModelForm):
    class Meta:
        model = Batch
        fields = SETTINGS_FIELDS
        widgets = {"opens_at": DateTimeLocalInput(), "closes_at": DateTimeLocalInput()}

    def __init__(self, *args, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid_factor"].queryset = GridFactor.objects.select_related("table")
        for name in INTEGRITY_FIELDS:
            self.fields[name].required = False
        if locked:
            for name, field in self.fields.items():
                if name not in FIELDS_EDITABLE_WHEN_LOCKED:
                    field.disabled = True

    def clean_industry_divisions(self):
        text = (self.cleaned_data.get("industry_divisions") or "").replace(" ", "")
        text = text.replace("，", ",").replace("、", ",")
        codes = sorted({code for code in text.split(",") if code})
        joined = ",".join(codes)
        if joined:
            Batch._meta.get_field("industry_divisions").run_validators(joined)
        return joined

    def clean_industry_sections(self):
        letters = (self.cleaned_data.get("industry_sections") or "").upper().replace(" ", "")
        return "".join(sorted(set(letters)))

    def clean(self):
        cleaned = super().clean()
        for name in INTEGRITY_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = Batch._meta.get_field(name).default
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The application window must close after it opens."))
        system, programme = cleaned.get("indicator_system"), cleaned.get("programme")
        if system and programme and system.programme != programme:
            self.add_error(
                "indicator_system",
                _("Choose an indicator system of the batch's programme."),
            )
        grid, table = cleaned.get("grid_factor"), cleaned.get("coefficient_table")
        if grid and table and grid.table_id != table.pk:
            self.add_error(
                "grid_factor", _("Choose a grid factor from the selected coefficient table.")
            )
        return cleaned


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = EDITABLE_FIELDS
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class TargetForm(forms.ModelForm):
    """A programme target; the region is the officer's city or one of its districts."""

    class Meta:
        model = Target
        fields = ["region", "level", "count", "by_year", "from_year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_year"), cleaned.get("by_year")
        if first is not None and last is not None and first > last:
            self.add_error(
                "from_year", _("The first year counted must not be after the deadline year.")
            )
        return cleaned
