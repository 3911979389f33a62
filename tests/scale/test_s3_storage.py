"""Evidence on S3-compatible object storage: the storage settings.py builds from S3_* variables,
against a local S3 server the test starts itself (moto's ThreadedMotoServer, offline).

An upload through the real evidence page lands in the bucket as a private object; the
permission-checked download reads it back byte for byte with its checksum; an outsider gets
404; the backup and the orphan clean-up list and read the bucket through the same storage.
"""

import hashlib
import io
import json
import logging

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.models import EvidenceFile
from greenfactory.core.domain.backups import create_backup
from greenfactory.core.models import AuditEvent
from greenfactory.demo.applications import sample_pdf
from tests.factories import BatchFactory, shipped_system
from tests.faults.server import unused_port
from tests.forked_python import ForkedPython

from .processes import settings_value

pytestmark = [pytest.mark.scale, pytest.mark.django_db]

BUCKET = "gf-scale-evidence"
KEYS = {"S3_ACCESS_KEY_ID": "scale-test-key", "S3_SECRET_ACCESS_KEY": "scale-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request otherwise
    port = unused_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    yield endpoint
    server.stop()


@pytest.fixture(scope="module")
def python():
    """One process that imported the libraries, forked for each settings value."""
    server = ForkedPython()
    yield server
    server.close()


@pytest.fixture(scope="module")
def s3_storage_setting(s3_endpoint, python):
    """The default storage exactly as settings.py builds it from the environment."""
    return settings_value(
        python,
        'settings.STORAGES["default"]',
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
        S3_ADDRESSING_STYLE="path",
        S3_PREFIX="platform",
        **KEYS,
    )


@pytest.fixture
def s3_client(s3_endpoint):
    """The bucket, empty, and a client to look into it; emptied and removed afterwards."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def bucket(s3_client, s3_storage_setting, settings):
    """The bucket as the platform's default storage."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_setting}
    return s3_client


def keys_in(client) -> list[str]:
    listed = client.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture
def application(enterprise_user):
    return start_application(
        BatchFactory(indicator_system=shipped_system(2025)), actor=enterprise_user
    )


def test_settings_build_a_private_s3_storage(s3_storage_setting, s3_endpoint):
    assert s3_storage_setting == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": s3_endpoint,
            "region_name": "us-east-1",
            "access_key": "scale-test-key",
            "secret_key": "scale-test-secret",
            "addressing_style": "path",
            "signature_version": "s3v4",
            "location": "platform",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }


def test_without_a_bucket_files_stay_on_the_file_system(python):
    assert settings_value(python, 'settings.STORAGES["default"]') == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE='sideways'"),
        ({"S3_ACCESS_KEY_ID": "only-half"}, "S3_SECRET_ACCESS_KEY, or none"),
    ],
)
def test_a_bad_s3_setting_stops_the_start(python, environment, message):
    with pytest.raises(AssertionError, match=message):
        settings_value(python, "1", S3_BUCKET=BUCKET, **environment)


def test_evidence_goes_to_the_bucket_and_back_through_the_permission_check(
    bucket, application, client, enterprise_user, other_enterprise_user
):
    content = sample_pdf()
    client.force_login(enterprise_user)
    response = client.post(
        reverse("applications:evidence", args=[application.code]),
        {"kind": "evidence", "file": SimpleUploadedFile("能源审计报告.pdf", content)},
    )
    assert response.status_code == 302
    item = EvidenceFile.objects.get(application=application)
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert item.file.name.startswith(f"evidence/{application.code}/")

    key = f"platform/{item.file.name}"
    assert keys_in(bucket) == [key]
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == item.sha256
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)

    download = reverse("applications:evidence_download", args=[application.code, item.code])
    response = client.get(download)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == content
    assert hashlib.sha256(body).hexdigest() == item.sha256
    assert response["Content-Disposition"].startswith("attachment")
    assert not response.has_header("Location")

    outsider = Client()
    outsider.force_login(other_enterprise_user)
    assert outsider.get(download).status_code == 404
    response.close()  # ends the request: closes the test's database connection


def test_backup_and_orphan_clean_up_read_the_bucket(bucket, application, enterprise_user, tmp_path):
    from greenfactory.applications.domain.drafts import add_evidence

    content = sample_pdf()
    item = add_evidence(
        application,
        actor=enterprise_user,
        upload=SimpleUploadedFile("节能报告.pdf", content),
        indicator=None,
        kind="evidence",
    )
    orphan = default_storage.save("evidence/LOST/orphan.pdf", SimpleUploadedFile("x.pdf", b"x"))
    assert keys_in(bucket) == sorted([f"platform/{item.file.name}", f"platform/{orphan}"])

    manifest = create_backup(tmp_path / "backup")
    files = {entry["name"]: entry for entry in manifest["files"]}
    assert set(files) == {item.file.name, orphan}
    assert files[item.file.name]["sha256"] == item.sha256
    assert (tmp_path / "backup" / "files" / item.file.name).read_bytes() == content
    assert json.loads((tmp_path / "backup" / "MANIFEST.json").read_text())["files"]

    output = io.StringIO()
    call_command("remove_orphan_files", "--older-than-hours", "0", stdout=output)
    assert output.getvalue() == f"{orphan}\n1 orphan file(s) removed.\n"
    assert keys_in(bucket) == [f"platform/{item.file.name}"]
    assert AuditEvent.objects.filter(action="core.files.orphans_removed").get().changes[
        "files"
    ] == [orphan]


@pytest.mark.django_db(transaction=True)
def test_a_deployment_moves_its_files_to_the_bucket_by_backup_and_restore(
    s3_client, s3_storage_setting, settings, application, enterprise_user, tmp_path
):
    """Committed rows, as in real use (restore runs its own transaction)."""
    from greenfactory.applications.domain.drafts import add_evidence

    content = sample_pdf()
    item = add_evidence(
        application,
        actor=enterprise_user,
        upload=SimpleUploadedFile("节能报告.pdf", content),
        indicator=None,
        kind="evidence",
    )
    call_command("backup", output=tmp_path / "backup", stdout=io.StringIO())
    assert keys_in(s3_client) == []

    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_setting}
    call_command("restore", input=tmp_path / "backup", force=True, stdout=io.StringIO())
    key = f"platform/{item.file.name}"
    assert keys_in(s3_client) == [key]
    stored = s3_client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == item.sha256

    client = Client()
    client.force_login(enterprise_user)
    response = client.get(
        reverse("applications:evidence_download", args=[application.code, item.code])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    response.close()
