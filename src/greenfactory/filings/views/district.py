"""The district's pages: its factories' filings of a year (filed, not filed, flagged) and its
decision on a filing — accept, or return with the reason. The filing's page itself is shared
with the city (``common``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..domain.filings import (
    accept_filing,
    return_filing,
)
from ..forms import AcceptForm, ReturnForm
from .common import officer_list, step_on_filing


@login_required
@require_GET
def filing_list(request):
    if not request.user.has_perm("filings.view_district_filings"):
        raise PermissionDenied
    return officer_list(request, "filings/district/list.html")


def _require_decider(request, filing) -> None:
    if not request.user.has_perm("filings.decide_filing", filing):
        raise PermissionDenied


@login_required
@require_POST
def accept(request, code):
    return step_on_filing(
        request,
        code,
        may=_require_decider,
        form_class=AcceptForm,
        slot="accept_form",
        step=lambda filing, data: accept_filing(
            filing, actor=request.user, opinion=data["opinion"]
        ),
        field="opinion",
        done=_("Filing accepted."),
    )


@login_required
@require_POST
def return_view(request, code):
    return step_on_filing(
        request,
        code,
        may=_require_decider,
        form_class=ReturnForm,
        slot="return_form",
        step=lambda filing, data: return_filing(filing, actor=request.user, reason=data["reason"]),
        field="reason",
        done=_("Filing returned to the enterprise."),
    )
