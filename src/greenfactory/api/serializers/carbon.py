"""The carbon accounts in the API (decisions §79): an inventory's totals by scope, renewable
share and status with its arithmetic, computed by the same domain functions as the pages; the
published disclosures as they were published."""

from rest_framework import serializers

from greenfactory.applications.enums import CarbonStatus, InventoryStandard

from . import EnterpriseRefSerializer


def tonnes(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=3, coerce_to_string=True, **kwargs
    )


def percent(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=2, coerce_to_string=True, allow_null=True, **kwargs
    )


class StatusCheckSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CarbonStatus.choices, help_text="The status tested.")
    label = serializers.CharField()
    arithmetic = serializers.CharField(help_text="The figures the value is computed from.")
    value = percent()
    limit = percent()
    met = serializers.BooleanField()
    is_platform_default = serializers.BooleanField(
        help_text="The limit is the platform's default pending the bureau's rule."
    )


class CarbonOutcomeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CarbonStatus.choices)
    gross_t = tonnes(help_text="Scope 1 + market-based scope 2.")
    offsets_t = tonnes()
    net_t = tonnes(help_text="gross_t − offsets_t.")
    baseline_year = serializers.IntegerField(allow_null=True)
    baseline_t = tonnes(allow_null=True)
    reduction_pct = percent()
    offset_share_pct = percent()
    net_share_pct = percent()
    checks = StatusCheckSerializer(many=True)


class CarbonInventorySerializer(serializers.Serializer):
    code = serializers.CharField()
    enterprise = EnterpriseRefSerializer()
    year = serializers.IntegerField()
    standard = serializers.ChoiceField(choices=InventoryStandard.choices)
    guideline = serializers.CharField()
    is_baseline = serializers.BooleanField()
    scope1_t = tonnes()
    scope2_location_t = tonnes()
    scope2_market_t = tonnes()
    scope3_t = tonnes(help_text="Reported, not counted.")
    offsets_t = tonnes()
    change_t = tonnes(
        allow_null=True,
        help_text="Counted emissions (scope 1 + market-based scope 2) minus the baseline "
        "year's, as the trend shows them; null without a baseline inventory.",
    )
    change_pct = percent(
        help_text="change_t ÷ the baseline × 100 (the status rule's reduction, negated)."
    )
    renewable_share_pct = percent()
    verifier = serializers.CharField()
    verified_on = serializers.DateField(allow_null=True)
    statement_sha256 = serializers.CharField(help_text="Empty without a statement.")
    outcome = CarbonOutcomeSerializer()


class CarbonDisclosureSerializer(serializers.Serializer):
    code = serializers.CharField()
    enterprise = EnterpriseRefSerializer()
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CarbonStatus.choices)
    meets_rule = serializers.BooleanField()
    published_at = serializers.DateTimeField()
    figures = serializers.DictField(
        child=serializers.JSONField(),
        help_text="As published: totals by scope (t), renewable share, reductions, offsets "
        "retired, verification, the status's percentages.",
    )
