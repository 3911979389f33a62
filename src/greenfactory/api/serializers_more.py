"""What the API shows of spot checks and dashboard figures, and what a decision takes in."""

from rest_framework import serializers

from greenfactory.supervision.enums import CheckState, SampleKind

from .fields import StrictBooleanField
from .serializers import TitleSerializer


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
