from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.forms import YES_NO, as_yes_no, yes_no

from ..enums import AuditMethod


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Place"), max_length=300)
    members = forms.ModelMultipleChoiceField(
        label=_("Team"), queryset=None, widget=forms.SelectMultiple(attrs={"size": 10})
    )
    lead = forms.ModelChoiceField(label=_("Team leader"), queryset=None)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        district = application.enterprise.district
        people = (
            User.objects.filter(is_active=True)
            .filter(
                Q(role__in=[Role.CITY_OFFICER, Role.EXPERT])
                | Q(role=Role.DISTRICT_OFFICER, region=district)
            )
            .select_related("region")
            .order_by("role", "username")
        )
        self.fields["members"].queryset = people
        self.fields["lead"].queryset = people
        label = lambda user: f"{user} · {user.get_role_display()}"  # noqa: E731
        self.fields["members"].label_from_instance = label
        self.fields["lead"].label_from_instance = label


class FindingForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label=_("Method"),
        choices=AuditMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    verified_met = forms.ChoiceField(label=_("Met"), choices=YES_NO, required=False)
    verified_score = forms.DecimalField(
        label=_("Verified score"), required=False, max_digits=6, decimal_places=2, min_value=0
    )
    verified_value = forms.DecimalField(
        label=_("Verified value"), required=False, max_digits=20, decimal_places=6
    )
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    finding = forms.CharField(
        label=_("Finding"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        if finding is not None:
            self.initial.update(
                {
                    "methods": finding.methods,
                    "verified_met": as_yes_no(finding.verified_met),
                    "verified_score": finding.verified_score,
                    "verified_value": finding.verified_value,
                    "change_reason": finding.change_reason,
                    "finding": finding.finding,
                }
            )

    def finding_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["verified_met"] = yes_no(data.get("verified_met"))
        return data


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion of the team"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"))
