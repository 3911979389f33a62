"""What the API shows of the candidacies recommended upward (decisions §64, §80): the title
recommended, the list it is recommended for, its state, the steps of the procedure above with
their result, and the title granted when listed."""

from rest_framework import serializers

from greenfactory.titles.enums import CandidateState, ProvinceStage, StageResult, TitleLevel

from . import TitleSerializer


class CandidacyStepSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ProvinceStage.choices)
    result = serializers.ChoiceField(choices=StageResult.choices)
    held_on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class CandidacyChangeSerializer(serializers.Serializer):
    from_state = serializers.ChoiceField(choices=CandidateState.choices, allow_blank=True)
    to_state = serializers.ChoiceField(choices=CandidateState.choices)
    reason = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField(source="created_at")


class CandidacySerializer(serializers.Serializer):
    code = serializers.CharField()
    year = serializers.IntegerField(help_text="The year of the call.")
    level = serializers.ChoiceField(
        choices=TitleLevel.choices,
        help_text="The list recommended for: provincial (a city title) or national (a "
        "provincial title).",
    )
    state = serializers.ChoiceField(choices=CandidateState.choices)
    title = TitleSerializer(help_text="The title recommended.")
    data_year = serializers.IntegerField(allow_null=True, help_text="As the enterprise confirmed.")
    evaluation_body = serializers.CharField(
        source="evaluation.body.name",
        allow_null=True,
        help_text="The third-party evaluation body whose report was sent; null before sending.",
    )
    granted_title = TitleSerializer(
        allow_null=True, help_text="The title entered in the registry when the factory is listed."
    )


class CandidacyDetailSerializer(CandidacySerializer):
    steps = CandidacyStepSerializer(
        many=True, help_text="The procedure above, step by step, with its result."
    )
    history = CandidacyChangeSerializer(many=True, source="state_changes")
