"""The city bureau's forms for announcements (通知公告) and their files."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    batch = forms.ModelChoiceField(label=_("Batch"), required=False, queryset=None)

    def __init__(self, *args, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches
        self.fields["batch"].to_field_name = "code"


class AnnouncementAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"}
        ),
    )
