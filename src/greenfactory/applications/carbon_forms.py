"""Forms of the carbon accounts (decisions §73)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from greenfactory.programme.models import CoefficientTable, GridFactor

from .domain.carbon.corrections import RECORD_KINDS
from .enums import UnitKind, UnitUse
from .models import CarbonInventory, ProcessEmission, ProductFootprint, Scope3Emission

# The header's fields a correction may set (all but the year); the energy use is one field per
# carrier of the table.
HEADER_FIELDS = [name for name in RECORD_KINDS["inventory"].fields if name != "energy"]


class InventoryForm(forms.ModelForm):
    """The inventory's header and the year's energy use, one field per carrier of the table."""

    class Meta:
        model = CarbonInventory
        fields = ["year", *HEADER_FIELDS]
        widgets = {"verified_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, table=None, **kwargs):
        super().__init__(*args, **kwargs)
        table = table or CoefficientTable.objects.order_by("-year", "code").first()
        self.fields["coefficient_table"].initial = table
        self.fields["grid_factor"].queryset = GridFactor.objects.select_related("table")
        self.carriers = (
            [c for c in table.carriers.all() if c.certificate_kwh is None] if table else []
        )
        for carrier in self.carriers:
            self.fields[f"energy_{carrier.key}"] = forms.DecimalField(
                label=str(carrier), required=False, min_value=0, max_digits=18, decimal_places=4
            )

    def clean(self):
        cleaned = super().clean()
        table, grid = cleaned.get("coefficient_table"), cleaned.get("grid_factor")
        if table and grid and grid.table_id != table.pk:
            self.add_error("grid_factor", _("Choose a grid factor of the coefficient table."))
        cleaned["energy"] = {
            c.key: str(cleaned[f"energy_{c.key}"])
            for c in self.carriers
            if cleaned.get(f"energy_{c.key}") is not None
        }
        return cleaned

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["energy"] = self.cleaned_data["energy"]
        return values


class InventoryEditForm(InventoryForm):
    """The inventory's header and energy use corrected (decisions §79); the year stays (the
    year's footprints and disclosure are filed under it). The energy fields start from what
    was recorded."""

    class Meta(InventoryForm.Meta):
        fields = HEADER_FIELDS

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, instance=instance, table=instance.coefficient_table, **kwargs)
        for carrier in self.carriers:
            value = (instance.energy or {}).get(carrier.key)
            if value not in (None, ""):
                self.fields[f"energy_{carrier.key}"].initial = value


class UnitClaimForm(forms.Form):
    use = forms.ChoiceField(label=_("counted as"), choices=UnitUse.choices)
    kind = forms.ChoiceField(label=_("kind"), choices=UnitKind.choices)
    first_serial = forms.CharField(label=_("first serial number"), max_length=90)
    last_serial = forms.CharField(
        label=_("last serial number"),
        max_length=90,
        required=False,
        help_text=_("Empty for a single unit."),
    )
    retired_on = forms.DateField(
        label=_("retired (注销) on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    project = forms.CharField(label=_("project or issuer"), max_length=200, required=False)
    proof = forms.FileField(label=_("retirement proof"), required=False)


class ProcessLineForm(forms.ModelForm):
    class Meta:
        model = ProcessEmission
        fields = RECORD_KINDS["process"].fields


class Scope3LineForm(forms.ModelForm):
    class Meta:
        model = Scope3Emission
        fields = RECORD_KINDS["scope3"].fields


class FootprintForm(forms.ModelForm):
    class Meta:
        model = ProductFootprint
        fields = RECORD_KINDS["footprint"].fields


class StatementForm(forms.Form):
    statement = forms.FileField(label=_("third-party verification statement"))
