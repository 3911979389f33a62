"""What the API shows of objections (异议) to a public notice, and what their steps take in."""

from rest_framework import serializers

from greenfactory.recognition.domain.objections import MAX_ATTACHMENTS
from greenfactory.recognition.enums import ObjectionOutcome, ObjectionState


class ObjectionAttachmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class ObjectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    notice = serializers.CharField(source="notice.code")
    position = serializers.IntegerField(source="entry.position")
    enterprise_name = serializers.CharField(source="entry.enterprise_name")
    name = serializers.CharField()
    contact = serializers.CharField()
    reason = serializers.CharField()
    state = serializers.ChoiceField(choices=ObjectionState.choices)
    submitted_at = serializers.DateTimeField()
    investigation = serializers.CharField(allow_blank=True)
    outcome_reason = serializers.CharField(allow_blank=True)
    handled_at = serializers.DateTimeField(allow_null=True)
    attachments = ObjectionAttachmentSerializer(many=True)


class ObjectionReceiptSerializer(serializers.Serializer):
    """What the objector is told: the objection's code to quote, and its state."""

    code = serializers.CharField()
    notice = serializers.CharField(source="notice.code")
    position = serializers.IntegerField(source="entry.position")
    enterprise_name = serializers.CharField(source="entry.enterprise_name")
    state = serializers.ChoiceField(choices=ObjectionState.choices)
    submitted_at = serializers.DateTimeField()


class ObjectionInputSerializer(serializers.Serializer):
    entry = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The factory's position on the notice."
    )
    name = serializers.CharField(max_length=64)
    contact = serializers.CharField(max_length=100, help_text="Phone or e-mail.")
    reason = serializers.CharField(max_length=5000)


class ObjectionUploadSerializer(ObjectionInputSerializer):
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_ATTACHMENTS,
        help_text="Up to 3 files, PDF, PNG or JPEG, at most 10 MB each.",
    )


class InvestigateInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class ObjectionDecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ObjectionOutcome.values)
    investigation = serializers.CharField(max_length=10000, allow_blank=True)
    outcome_reason = serializers.CharField(max_length=5000, allow_blank=True)


class NoticePublishInputSerializer(serializers.Serializer):
    """The notice page's form. A text left out is the page's suggested text."""

    starts_on = serializers.DateField(help_text="Not in the past.")
    title = serializers.CharField(required=False, max_length=200)
    body = serializers.CharField(required=False)
    how_to_object = serializers.CharField(required=False)
