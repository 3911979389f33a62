from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .domain.enterprises import PROFILE_FIELDS
from .enums import GRANTABLE_ROLES
from .models import Agency, Enterprise, EvaluationBody, Industry, User, phone_validator
from .uscc import normalise_uscc, validate_registrable_uscc, validate_uscc


class GroupedIndustryIterator(forms.models.ModelChoiceIterator):
    """Divisions grouped under their section, read when the select is rendered."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for industry in self.queryset.order_by("code"):
            section = f"{industry.parent.code} {industry.parent.display_name}"
            groups.setdefault(section, []).append(self.choice(industry))
        yield from groups.items()


class IndustryChoiceField(forms.ModelChoiceField):
    """A select of GB/T 4754 divisions (大类) grouped under their sections (门类)."""

    iterator = GroupedIndustryIterator

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Industry.objects.filter(parent__isnull=False).select_related("parent"),
            **kwargs,
        )


class EnterpriseRegistrationForm(forms.Form):
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=24,
        help_text=_("18 characters, as printed on the business licence."),
    )
    name = forms.CharField(label=_("Enterprise name"), max_length=200)
    district = forms.ModelChoiceField(label=_("District"), queryset=None)
    industry = IndustryChoiceField(label=_("Industry (GB/T 4754-2017)"))
    established_on = forms.DateField(
        label=_("Date of establishment (成立日期)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("As printed on the business licence; your district bureau confirms it."),
    )
    address = forms.CharField(label=_("Address"), max_length=300)
    contact_person = forms.CharField(label=_("Contact person"), max_length=64)
    phone = forms.CharField(label=_("Phone"), max_length=32, validators=[phone_validator])
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The link to finish the registration is sent here."),
    )
    username = forms.RegexField(
        label=_("Login name"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.-]{3,150}$",
        error_messages={"invalid": _("Use 3 or more letters, digits, or . _ -")},
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = districts
        self.fields["district"].queryset = districts

    def clean_uscc(self):
        code = normalise_uscc(self.cleaned_data["uscc"])
        validate_registrable_uscc(code)
        return code

    def raw_details(self) -> dict:
        """What was typed, as strings, for the registration link (validated again there)."""
        return {name: self.data.get(name, "") for name in self.fields}


class RegistrationPasswordForm(forms.Form):
    """The last step of a registration, reached through the e-mailed link."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, username: str, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.probe = User(username=username, email=email)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                validate_password(p1, self.probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EnterpriseProfileForm(forms.ModelForm):
    industry = IndustryChoiceField(label=_("Industry (GB/T 4754-2017)"))
    established_on = forms.DateField(
        label=_("Date of establishment (成立日期)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "As printed on the business licence. A changed date counts for applications only "
            "once your district bureau has confirmed it."
        ),
    )

    class Meta:
        model = Enterprise
        fields = PROFILE_FIELDS


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AccountCreateForm(forms.Form):
    username = EnterpriseRegistrationForm.base_fields["username"]
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, validators=[phone_validator]
    )

    def clean_username(self):
        """The system administrator, logged in, is told plainly that a name is taken."""
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken."), code="duplicate")
        return username


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    agency = forms.ModelChoiceField(
        label=_("Consulting agency"), queryset=Agency.objects.all(), required=False
    )
    evaluation_body = forms.ModelChoiceField(
        label=_("Third-party evaluation body"),
        queryset=EvaluationBody.objects.all(),
        required=False,
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in GRANTABLE_ROLES]
        self.fields["region"].queryset = regions


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150)


class LoginForm(AuthenticationForm):
    """The same message for an unknown login name and a wrong password."""

    error_messages = {
        "invalid_login": _(
            "The login name or password is wrong. After %(limit)s failed attempts the account "
            "is locked for %(minutes)s minutes."
        ),
        "inactive": _("This account is deactivated. Contact the system administrator."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )


def unregistered_uscc(model, value: str, registered) -> str:
    """The credit code typed for a new organisation of ``model`` (an agency, an evaluation
    body), normalised and checked; ``registered`` is the message when it is on the register."""
    code = normalise_uscc(value)
    validate_uscc(code)
    if model.objects.filter(uscc=code).exists():
        raise forms.ValidationError(registered, code="duplicate")
    return code


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["uscc", "name", "legal_representative", "contact_person", "phone"]

    def clean_uscc(self):
        return unregistered_uscc(
            Agency, self.cleaned_data["uscc"], _("This agency is already registered.")
        )


class EvaluationBodyForm(forms.ModelForm):
    class Meta:
        model = EvaluationBody
        fields = ["uscc", "name", "legal_representative", "responsible_person", "phone"]

    def clean_uscc(self):
        return unregistered_uscc(
            EvaluationBody,
            self.cleaned_data["uscc"],
            _("This evaluation body is already registered."),
        )


class AuthoriseAgencyForm(forms.Form):
    agency_uscc = forms.CharField(label=_("Agency's unified social credit code"), max_length=24)

    def clean_agency_uscc(self):
        code = normalise_uscc(self.cleaned_data["agency_uscc"])
        validate_uscc(code)
        return code


class LockedLoginForm(forms.Form):
    """The login of a locked name: password and second-factor code together, judged together."""

    username = forms.CharField(label=_("Login name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        strip=True,
        error_messages={"invalid": _("Type the 6 digits shown by the authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class SecondFactorForm(forms.Form):
    """Step 2 of the login: the 6-digit code of the authenticator app."""

    code = forms.RegexField(
        label=_("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        strip=True,
        error_messages={"invalid": _("Type the 6 digits shown by the authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class PilotCodeForm(forms.Form):
    """An officer's record that a credit code of the pilot period is real."""

    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=24,
        help_text=_("As printed on the business licence."),
    )
    district = forms.ModelChoiceField(label=_("District"), queryset=None)
    reason = forms.CharField(
        label=_("What you checked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The business licence seen and its date of issue: codes issued before the check "
            "character was fixed (some 2014–2015 codes) fail the check though they are real."
        ),
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
