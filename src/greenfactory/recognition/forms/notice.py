"""Forms of the public notice: publishing it, objecting to it, and handling an objection.

An objection needs no account, so ``ObjectionForm`` guards itself: a trap field (``website``)
hidden from people must stay empty, and a signed stamp (``token``: the notice's code and the
time the form was shown) is refused for another notice, under ``STAMP_MIN_SECONDS`` or over two
hours old. The view adds a limit per address (``OBJECTION_RATE``, every POST counting). After a
refusal the page keeps the typed text with a fresh stamp; attached files must be chosen again.
"""

import time

from django import forms
from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from greenfactory.programme.enums import Programme
from greenfactory.programme.programmes import terms

from ..domain.objections import MAX_ATTACHMENTS
from ..enums import ObjectionOutcome

STAMP_SALT = "recognition.objection.form"
STAMP_MIN_SECONDS = 3
STAMP_MAX_SECONDS = 2 * 60 * 60


def notice_defaults(batch) -> dict:
    """Suggested texts for a batch's notice, in Chinese: the notice is a public document."""
    with translation.override("zh-hans"):
        if batch.programme == Programme.GREEN_FACTORY:
            title = gettext("Public notice of the proposed green factories: %(batch)s")
            body = gettext(
                "After the districts' pre-review, the on-site audit, the expert review and the "
                "decision of the bureau's party group, the factories below are proposed for "
                "recognition as green factories of %(region)s. The list is published for public "
                "scrutiny during the period shown above."
            )
        else:
            title = gettext("Public notice of the proposed %(name)s: %(batch)s")
            body = gettext(
                "After the districts' pre-review, the on-site audit, the expert review and the "
                "decision of the bureau's party group, the factories below are proposed for "
                "recognition as %(name)s of %(region)s. The list is published for public "
                "scrutiny during the period shown above."
            )
        found = terms(batch.programme)
        # 零碳（近零碳）工厂: a notice proposes factories of either grade (decisions §78).
        name = found.collective_name or found.name
        return {
            "title": title % {"batch": batch.title, "name": name},
            "body": body % {"region": batch.region.name, "name": name},
            "how_to_object": gettext(
                "Anyone who objects to a factory on the list may raise an objection during the "
                "notice period with the form on this page, giving the reasons, the evidence and "
                "a real name and contact details. Objections without a name, a way of contact or "
                "facts cannot be investigated."
            ),
            "starts_on": timezone.localdate(),
        }


class PublishNoticeForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("notice", "Title"), max_length=200)
    body = forms.CharField(label=_("Notice text"), widget=forms.Textarea(attrs={"rows": 5}))
    how_to_object = forms.CharField(
        label=_("How to object"), widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(
        label=_("Notice starts on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(_("The notice cannot start in the past."))
        return starts_on


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the domain function's upload check."""

    def __init__(self, *args, max_files: int, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        uploads = [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > self.max_files:
            raise forms.ValidationError(
                _("At most %(n)s files can be attached."), params={"n": self.max_files}
            )
        return uploads


def new_token(notice) -> str:
    """Signed when the form is shown: the notice and the time, checked when it comes back."""
    return signing.dumps({"n": notice.code, "t": time.time()}, salt=STAMP_SALT)


class ObjectionForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=_("Factory you object to"),
        queryset=None,
        to_field_name="position",
        empty_label=_("Choose a factory"),
    )
    name = forms.CharField(label=_("Your name"), max_length=64)
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=100,
        help_text=_("The bureau uses it only to ask about and answer your objection."),
    )
    reason = forms.CharField(
        label=_("Reason for the objection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The facts you object to, as precisely as you can."),
    )
    attachments = MultipleFileField(
        label=_("Evidence (optional)"),
        required=False,
        max_files=MAX_ATTACHMENTS,
        help_text=_("Up to 3 files, PDF, PNG or JPEG, at most 10 MB each."),
    )
    # Left empty by people; the field is hidden from them (see the template).
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["entry"].queryset = notice.entries.filter(removed=False).order_by("position")
        self.fields["entry"].label_from_instance = lambda e: f"{e.position}. {e.enterprise_name}"
        if not self.is_bound:
            self.initial["token"] = new_token(notice)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("The form was filled in by a program, so it was not accepted."), code="honeypot"
            )
        expired = forms.ValidationError(
            _("The form was open for more than two hours. Check your text and send it again."),
            code="expired",
        )
        unchecked = forms.ValidationError(
            _("The form could not be checked. Check your text and send it again."), code="token"
        )
        try:
            payload = signing.loads(
                cleaned.get("token") or "", salt=STAMP_SALT, max_age=STAMP_MAX_SECONDS
            )
        except signing.SignatureExpired:
            raise expired from None
        except signing.BadSignature:
            raise unchecked from None
        if not isinstance(payload, dict) or payload.get("n") != self.notice.code:
            raise unchecked
        elapsed = time.time() - float(payload.get("t", 0))
        if elapsed > STAMP_MAX_SECONDS:
            raise expired
        if elapsed < STAMP_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Check your text and send it again."),
                code="too_fast",
            )
        return cleaned

    def renew(self) -> None:
        """After a refusal: a fresh token and an empty trap field, the typed text kept."""
        self.data = self.data.copy()
        self.data["token"] = new_token(self.notice)
        self.data["website"] = ""


class InvestigateForm(forms.Form):
    note = forms.CharField(
        label=_("What will be checked (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(forms.Form):
    """The objection page's decision, also the API's: its fields are the keywords of
    ``decide_objection`` (``decide_objection(objection, actor=…, **form.cleaned_data)``)."""

    outcome = forms.ChoiceField(
        label=pgettext_lazy("objection", "Decision"),
        choices=ObjectionOutcome.choices,
        widget=forms.RadioSelect,
    )
    investigation = forms.CharField(
        label=_("What the investigation found"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome_reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If upheld, this reason is shown beside the struck-out factory."),
    )

    def __init__(self, *args, objection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if objection is not None and not self.is_bound:
            self.initial["investigation"] = objection.investigation
