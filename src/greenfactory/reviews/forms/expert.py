"""Forms of the expert review: the pool, conflict declarations, assignment and scoring."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.enums import EnterpriseStatus, RegionLevel
from greenfactory.accounts.forms import GroupedIndustryIterator
from greenfactory.accounts.models import Agency, Enterprise, Industry, Region
from greenfactory.applications.forms import indicator_fields, yes_no
from greenfactory.programme.enums import IndicatorKind

from ..domain.expert_scores import expert_fields
from ..models import ConflictDeclaration, ConflictKind, ExpertProfile


class IndustriesField(forms.ModelMultipleChoiceField):
    """GB/T 4754 divisions (大类) grouped under their sections (门类)."""

    iterator = GroupedIndustryIterator

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Industry.objects.filter(parent__isnull=False).select_related("parent"),
            **kwargs,
        )


class ExpertProfileForm(forms.ModelForm):
    specialties = IndustriesField(
        label=_("Specialties (industry divisions)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta:
        model = ExpertProfile
        fields = ["specialties", "district", "max_concurrent", "available", "employer", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.filter(level=RegionLevel.DISTRICT)


class ConflictForm(forms.ModelForm):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Enterprise.objects.filter(status=EnterpriseStatus.CONFIRMED).order_by("name"),
        required=False,
    )
    agency = forms.ModelChoiceField(
        label=_("Consulting agency"), queryset=Agency.objects.order_by("name"), required=False
    )

    class Meta:
        model = ConflictDeclaration
        fields = ["kind", "enterprise", "agency", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("enterprise") and not cleaned.get("agency"):
            raise forms.ValidationError(
                _("Name the enterprise or the agency the conflict concerns.")
            )
        if cleaned.get("kind") == ConflictKind.AGENCY and not cleaned.get("agency"):
            self.add_error("agency", _("Choose the agency."))
        return cleaned


class ExpertChoices(forms.ModelMultipleChoiceField):
    def __init__(self, candidates, **kwargs):
        self.candidates = {c.expert.pk: c for c in candidates}
        super().__init__(
            queryset=get_user_model().objects.filter(pk__in=list(self.candidates)),
            **kwargs,
        )

    def label_from_instance(self, obj):
        candidate = self.candidates[obj.pk]
        label = _("%(name)s · %(load)s of %(limit)s open") % {
            "name": obj,
            "load": candidate.load,
            "limit": candidate.limit,
        }
        if not candidate.available:
            label = f"{label} · {_('marked unavailable')}"
        return label


class AssignForm(forms.Form):
    """Experts without a conflict of interest; the conflicted are listed apart with reasons."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"] = ExpertChoices(
            [c for c in candidates if not c.reasons],
            label=_("Experts"),
            widget=forms.CheckboxSelectMultiple,
        )


class CompleteReviewForm(forms.Form):
    """Completing the expert review; the reason is needed with fewer experts than the batch
    asks for (``complete_expert_review`` decides)."""

    reason = forms.CharField(
        label=_("Reason for completing with fewer experts"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AutoAssignForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Draw"),
        min_value=0,
        max_value=9999,
        required=False,
        initial=0,
        help_text=_("The same draw on the same data always gives the same experts."),
    )


class ScoreForm(forms.Form):
    """One group of fields per indicator, named ``<field>_<indicator pk>``."""

    def __init__(self, *args, indicators, entries, defaults=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_indicators = indicators
        self.indicators = [i for i in indicators if i.kind != IndicatorKind.GROUP]
        defaults = defaults or {}
        for indicator in self.indicators:
            entry, key = entries.get(indicator.pk), indicator.pk
            fields = expert_fields(indicator)
            current = (
                {name: getattr(entry, name) for name in ("met", "not_applicable", "score", "value")}
                if entry
                else {"value": defaults.get(indicator.pk)}
            )
            for name, field in indicator_fields(indicator, fields, current, labelled=True).items():
                self.fields[f"{name}_{key}"] = field
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=entry.comment if entry else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def scores(self) -> dict:
        """Indicator -> the values the expert could set for it."""
        data, result = self.cleaned_data, {}
        for indicator in self.indicators:
            key, values = indicator.pk, {}
            if f"met_{key}" in self.fields:
                values["met"] = yes_no(data.get(f"met_{key}"))
            if f"na_{key}" in self.fields:
                values["not_applicable"] = bool(data.get(f"na_{key}"))
            if f"score_{key}" in self.fields:
                values["score"] = data.get(f"score_{key}")
            if f"value_{key}" in self.fields:
                values["value"] = data.get(f"value_{key}")
            values["comment"] = data.get(f"comment_{key}", "")
            result[indicator] = values
        return result

    def bound_fields(self, indicator) -> dict:
        return {
            name: self[f"{name}_{indicator.pk}"]
            for name in ("met", "na", "score", "value", "comment")
            if f"{name}_{indicator.pk}" in self.fields
        }
