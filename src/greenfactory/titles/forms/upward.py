"""The city bureau's choice of titles to recommend to the province."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..domain.upward import upward_candidates, upward_years


class UpwardYearForm(forms.Form):
    """Which year's titles to list (GET)."""

    year = forms.TypedChoiceField(label=_("Year of designation"), coerce=int)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.years = upward_years(user)
        self.fields["year"].choices = [(year, str(year)) for year in self.years]

    def chosen_year(self) -> int | None:
        """The year asked for, or the latest with titles."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return self.years[0] if self.years else None


class UpwardForm(forms.Form):
    """The titles ticked (POST): only valid city-level titles of the officer's region can be
    chosen, all of the year chosen."""

    year = forms.TypedChoiceField(label=_("Year of designation"), coerce=int)
    titles = forms.ModelMultipleChoiceField(
        label=_("Titles to recommend"),
        queryset=None,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one title."),
            "invalid_choice": _(
                "%(value)s is not a valid city-level title of your region: it cannot be "
                "recommended."
            ),
        },
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["year"].choices = [(year, str(year)) for year in upward_years(user)]
        self.fields["titles"].queryset = upward_candidates(user)

    def clean(self):
        cleaned = super().clean()
        year, titles = cleaned.get("year"), cleaned.get("titles")
        if year is not None and titles and any(title.year != year for title in titles):
            self.add_error("titles", _("Every title chosen must be of the year chosen."))
        return cleaned
