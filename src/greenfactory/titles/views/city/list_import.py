"""The shape both lists published above the city are imported in (decisions §85): the title
lists (``title_import``) and the removal lists (``removals``). Upload, and the answer is the
preview (nothing recorded yet; the officer's choices kept for a corrected file); confirm, and
the domain records what the preview checked, read again from the server's copy. Each import
names only what differs: its form, its domain steps, its templates and its words."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from greenfactory.core.refusals import Refused

from ...domain.title_import import TitleImportErrors, can_import_titles
from ...forms.registry import TitleImportConfirmForm


@dataclass(frozen=True)
class ListImport:
    """One import of a list published above the city.

    ``preview(workbook, *, actor, **choices)`` checks the file with the form's other fields as
    keywords and returns a report (``token``, ``ok``, ``errors``); ``record(token, *, actor,
    confirmed)`` records it and returns the titles it changed. ``done(n)`` is the message
    after ``n`` titles were recorded. ``upload_url`` and ``confirm_url`` are URL names."""

    upload_form: type[forms.Form]
    upload_template: str
    preview_template: str
    upload_url: str
    confirm_url: str
    preview: Callable
    record: Callable
    done: Callable[[int], str]

    def upload(self, request):
        """The upload page (GET) or the check of the file (POST): its preview, 200 when the
        file has no problem, 400 with the problems or a refusal (the form keeps what the
        officer chose)."""
        require_importer(request)
        if request.method == "POST":
            form = self.upload_form(request.POST, request.FILES)
        else:
            form = self.upload_form()
        if form.is_bound and form.is_valid():
            choices = {name: v for name, v in form.cleaned_data.items() if name != "workbook"}
            try:
                report = self.preview(form.cleaned_data["workbook"], actor=request.user, **choices)
            except Refused as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                return self.render_preview(request, report, choices)
        return render(
            request,
            self.upload_template,
            {"form": form, "upload_url": self.upload_url},
            status=400 if form.errors else 200,
        )

    def render_preview(self, request, report, choices=None):
        return render(
            request,
            self.preview_template,
            {
                "report": report,
                "confirm_form": TitleImportConfirmForm(initial={"token": report.token}),
                "form": self.upload_form(initial=choices),
                "upload_url": self.upload_url,
                "confirm_url": self.confirm_url,
            },
            status=200 if report.ok else 400,
        )

    def confirm(self, request):
        """Record what the preview checked; a file that changed meanwhile shows its preview
        again, a refusal is told on the upload page."""
        require_importer(request)
        form = TitleImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("This preview has expired or was already imported: upload the file again."),
            )
            return redirect(self.upload_url)
        try:
            recorded = self.record(
                form.cleaned_data["token"],
                actor=request.user,
                confirmed=form.cleaned_data["confirmed"],
            )
        except TitleImportErrors as problems:
            return self.render_preview(request, problems.report)
        except Refused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.upload_url)
        messages.success(request, self.done(len(recorded)))
        return redirect("titles:titles")


def require_importer(request) -> None:
    """City officers of a region import the lists; anyone else is refused (403)."""
    if not can_import_titles(request.user):
        raise PermissionDenied
