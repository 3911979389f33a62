"""Forms of the training pages: a new event, an enterprise's registration, the attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.accounts.models import phone_validator
from greenfactory.programme.forms import DateTimeLocalInput

from ..domain.training import EventDraft


class EventForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("training", "Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeLocalInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes at"), widget=DateTimeLocalInput()
    )

    def draft(self) -> EventDraft:
        return EventDraft(**self.cleaned_data)


class RegistrationForm(forms.Form):
    attendee_name = forms.CharField(label=_("Attendee"), max_length=64)
    attendee_phone = forms.CharField(
        label=_("Attendee's phone"), max_length=32, validators=[phone_validator]
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (r.code, f"{r.enterprise.name} · {r.attendee_name}") for r in registrations
        ]
        if not self.is_bound:
            self.initial["present"] = [r.code for r in registrations if r.attended]
