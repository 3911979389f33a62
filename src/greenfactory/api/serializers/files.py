"""What the API shows of stored files (evidence), and what an upload takes in."""

from rest_framework import serializers

from greenfactory.applications.enums import EvidenceKind


class EvidenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    indicator = serializers.CharField(source="indicator.code", allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="The application's version it belongs to.")


class EvidenceUploadSerializer(serializers.Serializer):
    """The multipart form's fields (the schema's description of the upload)."""

    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    indicator = serializers.CharField(
        required=False, allow_blank=True, help_text="An indicator's code; empty for none."
    )
