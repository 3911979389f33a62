"""What the API shows of an on-site audit (现场审核) and what its steps take in."""

from rest_framework import serializers

from greenfactory.reviews.enums import AuditMethod, AuditStatus

from ..fields import StrictBooleanField


class AuditMemberSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.__str__")
    role = serializers.CharField(source="user.role")
    is_lead = serializers.BooleanField()


class AuditFindingSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    methods = serializers.ListField(child=serializers.ChoiceField(choices=AuditMethod.choices))
    enterprise_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    enterprise_value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    verified_met = serializers.BooleanField(allow_null=True)
    verified_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    verified_value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    change_reason = serializers.CharField(allow_blank=True)
    finding = serializers.CharField(allow_blank=True)


class SiteAuditSerializer(serializers.Serializer):
    code = serializers.CharField()
    application = serializers.CharField(source="application.code")
    enterprise = serializers.CharField(source="application.enterprise.name")
    status = serializers.ChoiceField(choices=AuditStatus.choices)
    scheduled_for = serializers.DateTimeField()
    location = serializers.CharField()
    team = AuditMemberSerializer(many=True, source="team_members")
    findings = AuditFindingSerializer(many=True, source="recorded_findings")
    conclusion = serializers.CharField(allow_blank=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    record_ready = serializers.BooleanField(help_text="The audit record PDF can be downloaded.")
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class FindingInputSerializer(serializers.Serializer):
    """One indicator's finding, replaced whole (PUT) as the audit page's row form saves it. A
    verified figure that differs from the enterprise's needs ``change_reason`` (409)."""

    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=AuditMethod.choices),
        required=False,
        default=list,
        max_length=len(AuditMethod.choices),
    )
    verified_met = StrictBooleanField(required=False, allow_null=True, default=None)
    verified_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )
    verified_value = serializers.DecimalField(
        max_digits=20, decimal_places=6, required=False, allow_null=True, default=None
    )
    change_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default=""
    )
    finding = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class ConclusionInputSerializer(serializers.Serializer):
    conclusion = serializers.CharField(max_length=4000, allow_blank=True)
