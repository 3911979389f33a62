"""What the API shows of spot checks and dashboard figures, and what a spot-check decision
takes in."""

from rest_framework import serializers

from greenfactory.supervision.enums import CheckState, SampleKind

from . import TitleSerializer


class SpotCheckRoundRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    seed = serializers.CharField(allow_null=True)
    method = serializers.CharField()
    submission_deadline = serializers.DateTimeField()


class CheckDecisionSerializer(serializers.Serializer):
    from_state = serializers.ChoiceField(choices=CheckState.choices)
    to_state = serializers.ChoiceField(choices=CheckState.choices)
    reason = serializers.CharField(allow_blank=True)
    rectify_by = serializers.DateField(allow_null=True)
    at = serializers.DateTimeField()


class SpotCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    round = SpotCheckRoundRefSerializer()
    title = TitleSerializer()
    kind = serializers.ChoiceField(choices=SampleKind.choices)
    reason = serializers.CharField(allow_blank=True, help_text="Why a targeted check was chosen.")
    state = serializers.ChoiceField(choices=CheckState.choices)
    rectify_by = serializers.DateField(allow_null=True)
    application = serializers.CharField(source="application.code")


class SpotCheckDetailSerializer(SpotCheckSerializer):
    changes_summary = serializers.CharField(allow_blank=True)
    rectifications_summary = serializers.CharField(allow_blank=True)
    rectification_report = serializers.CharField(allow_blank=True)
    decisions = CheckDecisionSerializer(many=True)


class SpotCheckDecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[CheckState.PASSED, CheckState.RECTIFYING, CheckState.REVOKED]
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    rectify_by = serializers.DateField(required=False, allow_null=True, default=None)


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="Each row: its labels, then numbers (decimals as strings).",
    )
    totals = serializers.ListField(child=serializers.JSONField(), allow_null=True)
    note = serializers.CharField(allow_blank=True)
