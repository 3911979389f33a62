"""What the API shows of a ranking and the party-group decision, and what their steps take in."""

from rest_framework import serializers

from ..fields import StrictBooleanField


class RankingRowSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="entry.position", allow_null=True)
    application = serializers.CharField(source="entry.application.code")
    enterprise = serializers.CharField(source="entry.application.enterprise.name")
    district = serializers.CharField(source="entry.application.enterprise.district.code")
    score = serializers.DecimalField(
        source="entry.score", max_digits=6, decimal_places=2, allow_null=True
    )
    eligible = serializers.BooleanField(source="entry.eligible")
    computed = serializers.BooleanField(
        source="entry.proposed", help_text="Proposed by the computation."
    )
    proposed = serializers.BooleanField(help_text="Proposed now, with the officers' changes.")
    change_reason = serializers.CharField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class RankingSerializer(serializers.Serializer):
    batch = serializers.CharField()
    number = serializers.IntegerField(
        allow_null=True, help_text="The computation's number; null before the first."
    )
    computed_at = serializers.DateTimeField(allow_null=True)
    threshold = serializers.DecimalField(max_digits=5, decimal_places=2)
    quota = serializers.IntegerField()
    rows = RankingRowSerializer(many=True)


class ChangeInputSerializer(serializers.Serializer):
    application = serializers.CharField(max_length=16, help_text="The application's code.")
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class DecidedInputSerializer(serializers.Serializer):
    application = serializers.CharField(max_length=16, help_text="The application's code.")
    include = StrictBooleanField()
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class DecisionInputSerializer(serializers.Serializer):
    meeting_on = serializers.DateField()
    minutes_reference = serializers.CharField(max_length=100, allow_blank=True)
    decisions = DecidedInputSerializer(many=True, required=False, default=list)


class DecisionEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    application = serializers.CharField(source="application.code")
    enterprise = serializers.CharField(source="application.enterprise.name")
    proposed = serializers.BooleanField()
    included = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class PartyGroupDecisionSerializer(serializers.Serializer):
    batch = serializers.CharField(source="batch.code")
    ranking = serializers.IntegerField(source="ranking.number")
    meeting_on = serializers.DateField()
    minutes_reference = serializers.CharField()
    entries = DecisionEntrySerializer(many=True, source="listed")
