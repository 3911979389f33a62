"""The certificate PDF's electronic signature (PAdES, ETSI EN 319 142-1 B-B) with the issuing
bureau's signing certificate, and the check of a certificate PDF someone uploads.

Who signs: the bureau's own key and certificate, configured as files
(``CERTIFICATE_SIGNING_KEY_FILE``, ``CERTIFICATE_SIGNING_CERT_FILE``, and
``CERTIFICATE_SIGNING_KEY_PASSPHRASE`` when the key is encrypted). The certificate may be one a
CA issued to the bureau (an 电子签章 certificate under GB/T 38540) or one the bureau made itself
and publishes; either way a reader checks the PDF offline against that certificate. The demo and
the tests make their own self-signed pair under ``var/signing/`` on first use
(``CERTIFICATE_SIGNING_SELF_SIGNED``) and say so; a production installation without a pair builds
unsigned certificates and ``check --deploy`` warns (greenfactory.W006).

The check (``check_certificate_pdf``) uses pyHanko's own validator with the configured
certificate as the only trust root. A certificate PDF is *genuine* only when its one signature
is intact, made with the configured certificate and covers the whole file: a byte changed after
signing breaks the digest, and an incremental update (text added or replaced after signing)
leaves the signature covering only an earlier revision. The certificate number is read from the
signed document's metadata and looked up in the registry like a typed number.
"""

import asyncio
import datetime
import io
import logging
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

FIELD_NAME = "BureauSignature"
DEMO_SUBJECT = "绿色工厂平台演示签章 (self-signed, demonstration only)"


@dataclass(frozen=True)
class SigningPair:
    key_file: Path
    cert_file: Path
    passphrase: bytes | None


def signing_pair() -> SigningPair | None:
    """The configured pair; in the demo and the tests, the self-signed one (made on first use).
    None when production has none (certificates are then built unsigned)."""
    key_file = settings.CERTIFICATE_SIGNING_KEY_FILE
    cert_file = settings.CERTIFICATE_SIGNING_CERT_FILE
    if not key_file or not cert_file:
        return None
    key_file, cert_file = Path(key_file), Path(cert_file)
    if settings.CERTIFICATE_SIGNING_SELF_SIGNED and not cert_file.exists():
        make_self_signed_pair(key_file, cert_file)
    passphrase = settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE
    return SigningPair(key_file, cert_file, passphrase.encode() if passphrase else None)


def make_self_signed_pair(key_file: Path, cert_file: Path) -> None:
    """A self-signed ECDSA P-256 key and certificate for the demo and the tests, valid ten years.

    Both are written into a fresh folder that is then renamed into place, so two processes
    starting together never pair one's key with the other's certificate."""
    from cryptography import x509  # noqa: PLC0415 -- only the demo and the tests make keys
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415 -- same
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415 -- same
    from cryptography.x509.oid import NameOID  # noqa: PLC0415 -- same

    folder = key_file.parent
    if cert_file.parent != folder:
        raise ValueError("the self-signed key and certificate live in one folder")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "绿色工厂平台"),
            x509.NameAttribute(NameOID.COMMON_NAME, DEMO_SUBJECT),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".signing-", dir=folder.parent))
    (staging / key_file.name).write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(staging / key_file.name, 0o600)
    (staging / cert_file.name).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    try:
        staging.rename(folder)
    except OSError:  # another process made the pair first, or the folder exists: keep it
        for part in staging.iterdir():
            part.unlink()
        staging.rmdir()
        if not cert_file.exists():
            raise
    else:
        log.warning("made a self-signed certificate signing pair in %s (demo only)", folder)


def _outside_event_loop(call):
    """pyHanko's synchronous functions run their own event loop (``asyncio.run``), which cannot
    start inside a running one (a caller driving a browser, an async server): there, run them in
    a thread of their own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


@cache
def _signer(key_file: str, cert_file: str, passphrase: bytes | None, mtime: float):
    from pyhanko.sign import signers  # noqa: PLC0415 -- pyHanko is slow to import

    signer = signers.SimpleSigner.load(key_file, cert_file, key_passphrase=passphrase)
    if signer is None:
        raise RuntimeError(f"the signing key {key_file} or certificate {cert_file} cannot be read")
    return signer


def _signer_for(pair: SigningPair):
    mtime = pair.cert_file.stat().st_mtime
    return _signer(str(pair.key_file), str(pair.cert_file), pair.passphrase, mtime)


def signing_certificate():
    """The configured certificate (asn1crypto), or None."""
    pair = signing_pair()
    return _signer_for(pair).signing_cert if pair else None


def certificate_pem() -> bytes | None:
    """The configured certificate as PEM, for whoever checks certificates offline."""
    pair = signing_pair()
    return pair.cert_file.read_bytes() if pair else None


def sign_certificate_pdf(pdf: bytes, *, location: str, reason: str = "绿色工厂证书") -> bytes:
    """The PDF signed by the bureau (PAdES B-B, SHA-256), or unchanged when no pair is
    configured (production only; ``check --deploy`` warns). ``reason`` is the signature's
    stated purpose (a certificate; the recommendation materials sent to the province, §64)."""
    pair = signing_pair()
    if pair is None:
        return pdf
    from pyhanko.pdf_utils.incremental_writer import (  # noqa: PLC0415 -- slow import
        IncrementalPdfFileWriter,
    )
    from pyhanko.sign import fields, signers  # noqa: PLC0415 -- slow import

    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    signer = _signer_for(pair)
    out = _outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer))
    return out.getvalue()


class Genuineness:
    GENUINE = "genuine"
    UNSIGNED = "unsigned"  # no signature at all
    CHANGED = "changed"  # signed, but the signature no longer matches or covers the file
    NOT_OURS = "not_ours"  # intact signature by someone else
    UNREADABLE = "unreadable"  # not a PDF we can read


@dataclass(frozen=True)
class SignatureCheck:
    outcome: str
    number: str = ""
    signed_at: datetime.datetime | None = None
    signer: str = ""

    @property
    def genuine(self) -> bool:
        return self.outcome == Genuineness.GENUINE


def _number_in(reader) -> str:
    info = reader.trailer_view.get("/Info")
    if info is None:
        return ""
    subject = info.get_object().get("/Subject")
    return str(subject or "")


def check_certificate_pdf(data: bytes) -> SignatureCheck:
    """Whether ``data`` is a certificate PDF signed by the configured certificate and unchanged
    since (pyHanko's validator, the configured certificate as the only trust root)."""
    from pyhanko.pdf_utils.misc import PdfError  # noqa: PLC0415 -- slow import
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 -- slow import
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415 -- slow import
    from pyhanko.sign.validation.status import SignatureCoverageLevel  # noqa: PLC0415 -- slow import
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415 -- slow import

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, OSError):
        return SignatureCheck(Genuineness.UNREADABLE)
    except Exception:  # a public upload: whatever the parser trips on is simply unreadable
        log.info("an uploaded certificate could not be read as a PDF", exc_info=True)
        return SignatureCheck(Genuineness.UNREADABLE)
    if not signatures:
        return SignatureCheck(Genuineness.UNSIGNED)
    ours = signing_certificate()
    if ours is None:
        return SignatureCheck(Genuineness.NOT_OURS)
    signature = signatures[-1]
    try:
        context = ValidationContext(trust_roots=[ours], allow_fetching=False)
        status = _outside_event_loop(lambda: validate_pdf_signature(signature, context))
    except Exception:  # a malformed signature dictionary is simply not a genuine one
        log.info("an uploaded certificate's signature could not be validated", exc_info=True)
        return SignatureCheck(Genuineness.CHANGED)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    if not (status.intact and status.valid):
        return SignatureCheck(Genuineness.CHANGED, signer=signer)
    if status.signing_cert.dump() != ours.dump() or not status.trusted:
        return SignatureCheck(Genuineness.NOT_OURS, signer=signer)
    if len(signatures) != 1 or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCheck(Genuineness.CHANGED, signer=signer)
    return SignatureCheck(
        Genuineness.GENUINE,
        number=_number_in(reader),
        signed_at=status.signer_reported_dt,
        signer=signer,
    )
