"""The virus-scanner hook of every upload: a fake ClamAV on the PATH, and the real one where
it is installed."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.models import EvidenceFile
from greenfactory.core.models import AuditEvent
from greenfactory.core.scanning import scan
from greenfactory.core.uploads import PDF, check_upload
from greenfactory.demo.applications import sample_pdf
from tests.factories import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db

# The EICAR anti-virus test string, put together at run time so this file is not itself flagged.
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*").encode()
CLAMAV_DATABASE = Path("/var/lib/clamav")

FAKE_SCANNER = """#!{python}
import hashlib, sys, time
data = sys.stdin.buffer.read()
with open({log!r}, "a") as log:
    log.write(" ".join(sys.argv[1:]) + " " + hashlib.sha256(data).hexdigest() + "\\n")
if b"SCANNER-BREAKS" in data:
    print("stdin: Can't allocate memory ERROR")
    sys.exit(2)
if b"SCANNER-HANGS" in data:
    time.sleep(5)
if b"EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE" in data:
    print("stdin: Eicar-Signature FOUND")
    sys.exit(1)
print("stdin: OK")
"""


def pdf_with(payload: bytes) -> bytes:
    return b"%PDF-1.4\n% " + payload + b"\n%%EOF\n"


def upload(content: bytes, name="证明材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def fake_clamav(tmp_path, monkeypatch, settings):
    """A stand-in for clamdscan, first on the PATH; returns the file it logs each scan to."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "scans.log"
    script = folder / "clamdscan"
    script.write_text(FAKE_SCANNER.format(python=sys.executable, log=str(log)))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    settings.UPLOAD_SCANNER = "clamav"
    settings.UPLOAD_SCANNER_COMMAND = []
    return log


def test_an_infected_file_is_refused_and_audited(fake_clamav, enterprise_user):
    content = pdf_with(EICAR)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(content), allowed=(PDF,), actor=enterprise_user)
    assert refused.value.code == "infected"
    message = refused.value.messages[0]
    assert message == (
        "该文件未被接收：病毒检查发现其中含有有害内容。请检查您的电脑是否感染病毒，并上传干净的副本。"
    )
    assert "Eicar" not in message
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.changes) == (
        "core.upload.infected",
        enterprise_user,
        {
            "signature": "Eicar-Signature",
            "file": "证明材料.pdf",
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )


def test_a_clean_file_is_scanned_and_passes(fake_clamav):
    content = sample_pdf()
    checked = check_upload(upload(content), allowed=(PDF,))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert fake_clamav.read_text() == f"--stdout --no-summary - {checked.sha256}\n"
    assert not AuditEvent.objects.exists()


def test_a_file_uploaded_to_disk_is_scanned_from_disk(fake_clamav):
    content = pdf_with(EICAR)
    on_disk = TemporaryUploadedFile("big.pdf", "application/pdf", len(content), None)
    on_disk.write(content)
    on_disk.seek(0)
    try:
        with pytest.raises(ValidationError) as refused:
            check_upload(on_disk, allowed=(PDF,))
    finally:
        on_disk.close()
    assert refused.value.code == "infected"
    assert AuditEvent.objects.get().actor is None


@pytest.mark.parametrize("trouble", [b"SCANNER-BREAKS", b"SCANNER-HANGS"])
def test_a_scanner_error_or_timeout_refuses_the_file(fake_clamav, settings, caplog, trouble):
    settings.UPLOAD_SCANNER_TIMEOUT = 0.5
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(pdf_with(trouble)), allowed=(PDF,))
    assert refused.value.code == "scan_failed"
    assert refused.value.messages == ["暂时无法对该文件进行病毒检查，请稍后再试。"]
    assert not AuditEvent.objects.exists()
    assert "Virus scanner" in caplog.text


def test_scanning_switched_off_calls_nothing(fake_clamav, settings):
    settings.UPLOAD_SCANNER = "none"
    check_upload(upload(pdf_with(EICAR)), allowed=(PDF,))
    assert not fake_clamav.exists()


def test_an_absent_scanner_refuses_uploads_only_when_required(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("PATH", str(tmp_path))
    settings.UPLOAD_SCANNER = "clamav"
    settings.UPLOAD_SCANNER_COMMAND = []
    settings.UPLOAD_SCANNER_REQUIRED = False
    check_upload(upload(sample_pdf()), allowed=(PDF,))
    settings.UPLOAD_SCANNER_REQUIRED = True
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(sample_pdf()), allowed=(PDF,))
    assert refused.value.code == "scanner_missing"
    settings.UPLOAD_SCANNER = "none"
    with pytest.raises(ValidationError):
        check_upload(upload(sample_pdf()), allowed=(PDF,))


def test_the_evidence_page_refuses_an_infected_file(fake_clamav, client, enterprise_user):
    application = start_application(
        BatchFactory(indicator_system=shipped_system(2018)), actor=enterprise_user
    )
    client.force_login(enterprise_user)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("applications:evidence", kwargs={"code": application.code}),
        {"file": upload(pdf_with(EICAR)), "kind": "evidence"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 400
    assert "病毒检查发现其中含有有害内容" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    event = AuditEvent.objects.order_by("seq")[before:].get()
    assert (event.action, event.actor, event.ip) == (
        "core.upload.infected",
        enterprise_user,
        "10.9.8.7",
    )


# ---- the real ClamAV --------------------------------------------------------------------------
needs_clamscan = pytest.mark.skipif(
    shutil.which("clamscan") is None, reason="ClamAV (clamscan) is not installed"
)


@needs_clamscan
def test_real_clamscan_with_a_signature_of_our_own(tmp_path, settings):
    """Debian's ClamAV with a one-signature database written here (ClamAV's body-signature
    format): the real engine and our command line, exit codes and output parsing, offline."""
    (tmp_path / "eicar.ndb").write_text(f"Eicar-Test-Body:0:*:{EICAR.hex()}\n")
    settings.UPLOAD_SCANNER = "clamav"
    settings.UPLOAD_SCANNER_COMMAND = ["clamscan", f"--database={tmp_path}"]
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(pdf_with(EICAR)), allowed=(PDF,))
    assert refused.value.code == "infected"
    assert AuditEvent.objects.get().changes["signature"] == "Eicar-Test-Body.UNOFFICIAL"
    check_upload(upload(sample_pdf()), allowed=(PDF,))


def _has_signatures() -> bool:
    return any(CLAMAV_DATABASE.glob("*.c[lvu]d"))


@needs_clamscan
@pytest.mark.skipif(
    not _has_signatures(),
    reason="no ClamAV virus database in /var/lib/clamav (freshclam needs the internet)",
)
def test_real_clamscan_with_its_own_database_finds_eicar(settings):
    settings.UPLOAD_SCANNER = "clamav"
    settings.UPLOAD_SCANNER_COMMAND = ["clamscan"]
    settings.UPLOAD_SCANNER_TIMEOUT = 300
    result = scan(SimpleUploadedFile("eicar.com", EICAR))
    assert not result.clean
    assert "Eicar" in result.signature


def test_an_unknown_scanner_is_a_configuration_error():
    environment = {**os.environ, "DJANGO_ENV": "demo", "UPLOAD_SCANNER": "virustotal"}
    finished = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode != 0
    assert "UPLOAD_SCANNER='virustotal': use none or clamav." in finished.stderr
