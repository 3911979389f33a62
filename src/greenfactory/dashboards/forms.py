"""The dashboard's filter: the district a city officer narrows the figures to."""

from django import forms
from django.utils.translation import gettext_lazy


class DistrictFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=gettext_lazy("The whole city"),
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class PeerIndustryForm(forms.Form):
    """The industry (GB/T 4754 division) whose figures the city's peer page shows."""

    industry = forms.ChoiceField(label=gettext_lazy("Industry"), required=False)

    def __init__(self, *args, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", "—"), *industries]
