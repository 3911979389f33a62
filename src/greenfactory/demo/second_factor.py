"""Second factors of the demo's officer and administrator logins.

Each device's secret is derived from the demo password (printed by ``load_demo``), so no secret
is written in the code and a new password gives new secrets; ``manage.py totp_code <login>``
prints the current code.
"""

import hashlib
import hmac

from django_otp.plugins.otp_totp.models import TOTPDevice

from greenfactory.accounts.second_factor import needs_second_factor


def demo_totp_key(password: str, username: str) -> str:
    """A 20-byte TOTP secret (hex) for the demo login, from the demo password."""
    digest = hmac.new(password.encode(), f"totp:{username}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def give_demo_devices(users, password: str) -> None:
    """One confirmed TOTP device per demo login that needs a second factor."""
    for user in users:
        if not needs_second_factor(user):
            continue
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(
            user=user, name="demo", key=demo_totp_key(password, user.username), confirmed=True
        )
