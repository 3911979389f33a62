"""Pages of the enterprise checked: its summary of changes and rectifications, and its report
of the rectification asked for. The check's page itself is shared (``common``)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..domain.checks import report_rectification, save_summary
from ..forms import RectificationForm, SummaryForm
from .common import write_on_check


@login_required
@require_POST
def check_summary(request, code):
    return write_on_check(
        request,
        code,
        permission="supervision.write_summary",
        form_class=SummaryForm,
        key="summary",
        act=lambda check, data: save_summary(
            check,
            actor=request.user,
            changes=data["changes"],
            rectifications=data["rectifications"],
        ),
        done=_("Summary saved."),
    )


@login_required
@require_POST
def check_rectification(request, code):
    return write_on_check(
        request,
        code,
        permission="supervision.report_rectification",
        form_class=RectificationForm,
        key="rectification",
        act=lambda check, data: report_rectification(
            check, actor=request.user, report=data["report"]
        ),
        done=_("Rectification reported; the bureau will re-check."),
    )
