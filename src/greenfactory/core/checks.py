"""System checks that ``manage.py check --deploy`` runs on a production installation."""

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
