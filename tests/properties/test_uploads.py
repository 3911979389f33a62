"""Properties of the upload check (``core/uploads.py``): random bytes under an accepted file name
are never accepted unless they really are a file of that type, and a file of one accepted type
is never accepted under the name of another."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from greenfactory.core.uploads import EVIDENCE_TYPES, JPEG, PDF, PNG, check_upload

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

FAST = settings(max_examples=200, deadline=None, database=None)

EXTENSIONS = [ext for file_type in EVIDENCE_TYPES for ext in file_type.extensions]
MAGIC = {
    PDF: b"%PDF-",
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
}
END = {PDF: b"%%EOF", PNG: b"IEND", JPEG: b"\xff\xd9"}
KNOWN_HEADS = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")


def checked(name: str, content: bytes):
    try:
        return check_upload(SimpleUploadedFile(name, content))
    except ValidationError:
        return None


@FAST
@given(st.binary(min_size=1, max_size=4096), st.sampled_from(EXTENSIONS))
def test_random_bytes_under_an_accepted_name_are_refused(content, extension):
    result = checked(f"证明材料{extension}", content)
    if result is not None:
        assert content.startswith(KNOWN_HEADS), content[:16]
        assert extension in result.file_type.extensions


@FAST
@given(
    st.sampled_from(list(MAGIC)),
    st.binary(max_size=2048),
    st.booleans(),
    st.sampled_from(EXTENSIONS),
)
def test_a_file_is_accepted_only_as_what_it_is_and_only_when_complete(
    file_type, body, complete, extension
):
    content = MAGIC[file_type] + body + (END[file_type] if complete else b"")
    result = checked(f"scan{extension}", content)
    if extension not in file_type.extensions:
        assert result is None
    elif complete:
        assert result is not None and result.file_type is file_type
        assert result.size == len(content)
    elif END[file_type] not in content[-2048:]:
        assert result is None


@pytest.mark.parametrize("file_type", list(MAGIC), ids=lambda t: t.label)
def test_a_type_outside_the_allowed_list_is_refused_whatever_its_name(file_type):
    content = MAGIC[file_type] + b"x" * 100 + END[file_type]
    for extension in file_type.extensions:
        others = tuple(t for t in EVIDENCE_TYPES if t is not file_type)
        with pytest.raises(ValidationError) as refused:
            check_upload(SimpleUploadedFile(f"a{extension}", content), allowed=others)
        assert refused.value.code == "type"
