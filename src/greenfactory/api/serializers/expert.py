"""What the API shows of an expert's scores, and what scoring takes in."""

from rest_framework import serializers

from ..fields import StrictBooleanField


class ExpertScoreSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    not_applicable = serializers.BooleanField()
    met = serializers.BooleanField(allow_null=True)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    comment = serializers.CharField(allow_blank=True)


class AssignmentScoresSerializer(serializers.Serializer):
    assignment = serializers.CharField(source="code")
    application = serializers.CharField(source="application.code")
    submitted_at = serializers.DateTimeField(allow_null=True)
    scores = ExpertScoreSerializer(many=True)


class ExpertScoreInputSerializer(serializers.Serializer):
    """One indicator's entry; the fields an indicator takes depend on its kind (gate: met;
    qualitative: score; quantitative: value), as on the scoring page."""

    not_applicable = StrictBooleanField(required=False)
    met = StrictBooleanField(required=False, allow_null=True)
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, required=False, allow_null=True
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
