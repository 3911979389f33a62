"""The second factor (TOTP, django-otp) of the two-step login: who needs it, the login waiting
for its code, and the device helpers. Writes are in ``domain/second_factor.py``.

等保 8.1.4.1 d) asks for two or more factors for officers and administrators; enterprise,
agency and expert accounts keep one factor.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .enums import ADMIN_ROLES, OFFICER_ROLES
from .models import User

SECOND_FACTOR_ROLES = (*OFFICER_ROLES, *ADMIN_ROLES)
PENDING_KEY = "second_factor_pending"
PENDING_SALT = "greenfactory.accounts.second_factor"


def needs_second_factor(user) -> bool:
    """The one rule: district and city officers and the three administrators log in with a
    code as well as their password."""
    return user.role in SECOND_FACTOR_ROLES


def start_pending_login(request, user, *, redirect_to: str) -> None:
    """Step 1 passed: keep who is waiting for step 2 in the session (signed and dated), with a
    new session key, but do not log in."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = signing.dumps(
        {
            "user": user.pk,
            "backend": user.backend,
            "next": redirect_to,
            "hash": user.get_session_auth_hash(),
        },
        salt=PENDING_SALT,
    )


def pending_login(request) -> tuple[User, dict] | None:
    """The user waiting for step 2 and the pending data, or None when nobody is waiting, the
    wait is older than ``SECOND_FACTOR_PENDING_SECONDS``, or the account changed since (its
    password changed, it was deactivated)."""
    raw = request.session.get(PENDING_KEY)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=PENDING_SALT, max_age=settings.SECOND_FACTOR_PENDING_SECONDS)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), data["hash"]):
        return None
    return user, data


def end_pending_login(request) -> None:
    request.session.pop(PENDING_KEY, None)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device shown during enrolment; the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (an <img>, so CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def usable_code(device: TOTPDevice) -> str | None:
    """The code this device accepts now, or None while the current and the next code have
    both been used (then the next time step has to come).

    For the demo's ``totp_code`` command and the tests: a code once used is refused again, so
    a second login within 30 seconds needs the next step's code, which the device tolerates.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t = totp.t()
    target = max(now_t, device.last_t + 1)
    if target > now_t + device.tolerance:
        return None
    totp.drift += target - now_t
    return f"{totp.token():0{device.digits}d}"
