"""System checks that ``manage.py check --deploy`` runs on a production installation."""

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .scanning import ScannerUnavailable, scanner_command


@register(Tags.security, deploy=True)
def uploads_are_scanned(app_configs=None, **kwargs):
    """Uploads reach officers and experts, who open them: a production installation scans
    them for malware, or says in a setting that it knowingly does not
    (``UPLOAD_SCANNER_WAIVED``, e.g. where a gateway scans every file before the platform)."""
    if settings.UPLOAD_SCANNER_WAIVED:
        return []
    try:
        command = scanner_command()
    except ScannerUnavailable as missing:
        return [
            Warning(
                f"UPLOAD_SCANNER=clamav but the scanner cannot run ({missing}): uploads are "
                "refused or stored unscanned.",
                hint="Install ClamAV (clamdscan with clamd, or clamscan with signatures), or "
                "set UPLOAD_SCANNER_COMMAND.",
                id="greenfactory.W001",
            )
        ]
    if command is None:
        return [
            Warning(
                "Uploads are not scanned for malware (UPLOAD_SCANNER=none).",
                hint="Install ClamAV and set UPLOAD_SCANNER=clamav and UPLOAD_SCANNER_REQUIRED=1; "
                "or, where files are scanned elsewhere, set UPLOAD_SCANNER_WAIVED=1.",
                id="greenfactory.W002",
            )
        ]
    if not settings.UPLOAD_SCANNER_REQUIRED:
        return [
            Warning(
                "Uploads are let in unscanned whenever the scanner is unavailable "
                "(UPLOAD_SCANNER_REQUIRED is off).",
                hint="Set UPLOAD_SCANNER_REQUIRED=1.",
                id="greenfactory.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def audit_trail_is_sealed_and_anchored(app_configs=None, **kwargs):
    """Without a key outside the database, whoever can write the database can rewrite the audit
    trail consistently; without anchors, so can whoever also holds the key."""
    found = []
    if not settings.AUDIT_SEAL_KEY:
        found.append(
            Warning(
                "The audit trail is not sealed (AUDIT_SEAL_KEY is not set).",
                hint="Put 64 random characters in a file readable only by the platform's user, "
                "outside the database's backups, and set AUDIT_SEAL_KEY_FILE to it.",
                id="greenfactory.W004",
            )
        )
    if not settings.AUDIT_ANCHOR_PATH:
        found.append(
            Warning(
                "The audit trail is not anchored (AUDIT_ANCHOR_PATH is not set).",
                hint="Set AUDIT_ANCHOR_PATH to an append-only file on another volume and run "
                "manage.py anchor_audit_log daily.",
                id="greenfactory.W005",
            )
        )
    return found


@register(Tags.security, deploy=True)
def certificates_are_signed(app_configs=None, **kwargs):
    """Certificate PDFs are signed with the bureau's key (titles/domain/certificate_signing.py)
    so that a bank or a province can check them offline; without a pair they are unsigned."""
    key_file = settings.CERTIFICATE_SIGNING_KEY_FILE
    cert_file = settings.CERTIFICATE_SIGNING_CERT_FILE
    hint = (
        "Set CERTIFICATE_SIGNING_KEY_FILE and CERTIFICATE_SIGNING_CERT_FILE to the bureau's "
        "signing key and certificate (PEM; CERTIFICATE_SIGNING_KEY_PASSPHRASE if the key is "
        "encrypted)."
    )
    if settings.CERTIFICATE_SIGNING_SELF_SIGNED:
        problem = "Certificates are signed with a self-signed demonstration certificate."
    elif not key_file or not cert_file:
        problem = "Certificates are not signed (no certificate signing key and certificate)."
    elif not (os.access(key_file, os.R_OK) and os.access(cert_file, os.R_OK)):
        problem = "The certificate signing key or certificate file cannot be read."
    else:
        return []
    return [Warning(problem, hint=hint, id="greenfactory.W006")]
