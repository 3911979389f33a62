from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..domain.ranking_queries import RowDecision


class ChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Recorded with your name and shown beside the ranking."),
    )


class DecisionForm(forms.Form):
    """The meeting, and for each application of the proposal or the ranking whether the party
    group decided it, with a reason where that departs from the proposal."""

    meeting_on = forms.DateField(label=_("Meeting date"), widget=forms.DateInput({"type": "date"}))
    minutes_reference = forms.CharField(
        label=_("Minutes reference"),
        max_length=100,
        help_text=_("For example 党组会议纪要〔2019〕12号"),
    )
    minutes = forms.FileField(label=_("Minutes (PDF)"), required=False)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code = row.entry.application.code
            self.fields[f"include_{code}"] = forms.BooleanField(
                label=row.entry.application.enterprise.name, required=False, initial=row.proposed
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Reason for the difference"), required=False, max_length=2000
            )

    def row_fields(self):
        return [
            (
                row,
                self[f"include_{row.entry.application.code}"],
                self[f"reason_{row.entry.application.code}"],
            )
            for row in self.rows
        ]

    def clean_meeting_on(self):
        day = self.cleaned_data["meeting_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The meeting cannot be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            code = row.entry.application.code
            included = cleaned.get(f"include_{code}", False)
            if included != row.proposed and not (cleaned.get(f"reason_{code}") or "").strip():
                self.add_error(f"reason_{code}", _("Give the reason for this difference."))
        return cleaned

    def decided(self) -> dict[str, RowDecision]:
        """What the party group decided, in ``record_decision``'s vocabulary."""
        return {
            row.entry.application.code: RowDecision(
                self.cleaned_data.get(f"include_{row.entry.application.code}", False),
                self.cleaned_data.get(f"reason_{row.entry.application.code}", ""),
            )
            for row in self.rows
        }

    @classmethod
    def posted(cls, rows, *, meeting_on, minutes_reference, decided: dict[str, RowDecision]):
        """The form as the page would post it for ``decided`` (the API's ``decisions``): a row
        not named keeps the proposal."""
        data = {"meeting_on": meeting_on.isoformat(), "minutes_reference": minutes_reference}
        for row in rows:
            code = row.entry.application.code
            include, reason = decided.get(code, RowDecision(row.proposed))
            if include:
                data[f"include_{code}"] = "on"
            data[f"reason_{code}"] = reason
        return cls(data, rows=rows)

    @staticmethod
    def row_field(name: str) -> tuple[str, str] | None:
        """(application code, ``include`` or ``reason``) of a row's field, None for another."""
        field, _sep, code = name.partition("_")
        if field in RowDecision._fields and code:
            return code, field
        return None
