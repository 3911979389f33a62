"""Forms of the title registry: the upload of a provincial or national list, its confirmation,
and a change of a title's status."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.core.uploads import XLS, XLSX
from greenfactory.programme.enums import TitleGrade

from ..domain.title_status import (
    MAX_DOCUMENT,
    MAX_REASON,
    REMOVED_ABOVE_LEVELS,
    TITLE_MOVES,
    next_statuses,
)
from ..enums import TitleLevel, TitleStatus

LIST_ACCEPT = f".xlsx,.xls,.csv,{XLSX.content_type},{XLS.content_type},text/csv"


class TitleListUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("List of titles (.xlsx, .xls or .csv)"),
        help_text=_(
            "The template's columns or the list as published (enterprise names without credit "
            "codes are matched by name); CSV in UTF-8 or GB18030; at most 5 MB and 5,000 rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": LIST_ACCEPT}),
    )
    level = forms.ChoiceField(
        label=_("Level, where the list does not say"),
        required=False,
        choices=[("", "—"), *((level, TitleLevel(level).label) for level in REMOVED_ABOVE_LEVELS)],
    )
    year = forms.IntegerField(
        label=_("Year, where the list does not say"),
        required=False,
        min_value=2016,
        help_text=_(
            "For a list published by its number only (e.g. 第三批绿色制造名单): the year of the "
            "list. A year or level in the list's rows or in its title wins."
        ),
    )

    grade = forms.ChoiceField(
        label=_("Zero-carbon grade, where the list does not say"),
        required=False,
        choices=[("", "—"), *TitleGrade.choices],
        help_text=_(
            "For a list of 零碳（近零碳）工厂 that names no grade per row: the grade of its "
            "factories. A 零碳工厂 or 近零碳工厂 in a row or in the list's title wins; without "
            "either the list is of green factories."
        ),
    )

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year


class _Decisions(forms.MultipleChoiceField):
    """The officer's "<sheet>!<row>=<enterprise code>" decisions; the domain checks them
    against the file as read again on the server, so no fixed choices here."""

    def valid_value(self, value) -> bool:
        return isinstance(value, str) and 0 < len(value) <= 200 and "=" in value


class TitleImportConfirmForm(forms.Form):
    """A signed reference to the file checked on the server (the rows are read again from that
    file, never from the browser) and the matches by name the officer confirms."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=1000)
    confirmed = _Decisions(required=False, widget=forms.CheckboxSelectMultiple)


class TitleStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for rectification and revocation; kept with the history."),
    )

    def __init__(self, *args, title, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = title
        self.fields["status"].choices = [
            (status, TitleStatus(status).label) for status in next_statuses(title.status)
        ]

    def clean(self):
        cleaned = super().clean()
        to = cleaned.get("status")
        move = TITLE_MOVES.get((self.title.status, to))
        if move is not None and move.needs_reason and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for this change."))
        return cleaned


class RemovalForm(forms.Form):
    """A removal from the provincial or national list decided above the city."""

    removed_on = forms.DateField(
        label=_("Day of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.CharField(
        label=_("Published in"),
        max_length=MAX_DOCUMENT,
        help_text=_("The notice or list that removed the factory, with its number (文号)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "As the decision gives it: e.g. did not file the 动态管理表, falsified data, "
            "a major accident."
        ),
    )


class ValidityPolicyForm(forms.Form):
    """The re-evaluation period of one level; empty: its titles stand until revoked."""

    reevaluation_years = forms.IntegerField(
        label=_("Re-evaluation period (years)"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=_(
            "Leave empty: the titles stand under dynamic management until revoked. With a "
            "period, a title lapses unless a spot check or re-evaluation passes within it."
        ),
    )
    source = forms.CharField(
        label=_("Source of the rule"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The notice or plan the rule follows, with its number."),
    )


class RemovalListUploadForm(forms.Form):
    """A removal list (撤销名单) published above the city, with what the file does not say
    reliably: the level it removes, its name and the day of the decision."""

    level = forms.ChoiceField(
        label=_("Level removed"),
        choices=[(level, TitleLevel(level).label) for level in REMOVED_ABOVE_LEVELS],
    )
    list_name = forms.CharField(
        label=_("Name of the list"),
        max_length=MAX_DOCUMENT,
        help_text=_("As published, with its number (文号); kept as the reason of each removal."),
    )
    decided_on = forms.DateField(
        label=_("Day of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    workbook = forms.FileField(
        label=_("Removal list (.xlsx, .xls or .csv)"),
        help_text=_(
            "The list as published: enterprise names (matched by name within your region, for "
            "you to confirm) or credit codes; CSV in UTF-8 or GB18030; at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": LIST_ACCEPT}),
    )
