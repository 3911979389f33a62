"""An accepted upload describes itself as the fields each stored-file model keeps."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenfactory.applications.models import EvidenceFile
from greenfactory.core.uploads import PDF, check_upload
from greenfactory.demo.applications import sample_pdf
from greenfactory.recognition.models import ObjectionAttachment
from greenfactory.reviews.models import AuditPhoto, RecommendationLetter


@pytest.fixture
def checked():
    body = sample_pdf()
    return check_upload(SimpleUploadedFile("../证明 材料.pdf", body), allowed=(PDF,)), body


def test_every_field_the_model_keeps(checked):
    upload, body = checked
    assert upload.fields_for(EvidenceFile) == {
        "original_name": "证明 材料.pdf",
        "content_type": "application/pdf",
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    assert upload.fields_for(ObjectionAttachment) == upload.fields_for(EvidenceFile)


@pytest.mark.parametrize(
    ("model", "left_out"),
    [(AuditPhoto, {"size"}), (RecommendationLetter, {"size", "content_type"})],
)
def test_only_the_fields_the_model_has(checked, model, left_out):
    upload, _ = checked
    fields = upload.fields_for(model)
    assert set(fields) == {"original_name", "content_type", "size", "sha256"} - left_out
    model(**fields)  # every name is one of the model's fields
