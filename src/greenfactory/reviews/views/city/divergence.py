"""The batch-wide view of where the experts disagree (专家评分分歧), for the city bureau; district
officers read the rows of their district."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from greenfactory.programme.domain.queries import batches_visible_to

from ...domain.divergence import divergence_rows


class DivergenceFilterForm(forms.Form):
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-spread", _("Spread, widest first")),
            ("spread", _("Spread, narrowest first")),
            ("name", _("Enterprise name")),
        ],
    )
    divergent = forms.BooleanField(label=_("Divergent only"), required=False)

    def options(self) -> dict:
        """The sort order and the filter; an unknown value falls back to the default."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "order": data.get("order") or "-spread",
            "divergent_only": bool(data.get("divergent")),
        }


@login_required
@require_GET
def divergence(request, batch_code):
    if not request.user.has_perm("reviews.view_expert_review"):
        raise PermissionDenied
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    form = DivergenceFilterForm(request.GET)
    return render(
        request,
        "reviews/expert/divergence.html",
        {
            "batch": batch,
            "form": form,
            "rows": divergence_rows(request.user, batch, **form.options()),
        },
    )
