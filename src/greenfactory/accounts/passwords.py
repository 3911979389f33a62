from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext

from .models import PasswordHistory


class CharacterClassValidator:
    """Require characters from several of four classes: upper, lower, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Use characters of at least %(n)d class: upper-case, lower-case, digits, symbols.",
            "Use characters of at least %(n)d of the four classes: upper-case letters, "
            "lower-case letters, digits, symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


class PasswordHistoryValidator:
    """Refuse any of the account's last ``count`` passwords, the current one included.

    Django calls ``password_changed`` after an account with a new password is saved, whatever
    path set it (registration, an administrator's issue, the user's own change): the new hash is
    kept there, and only the newest ``count`` are kept.
    """

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return

        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
                : self.count
            ]
        )
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not user.password:
            return

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.count :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return ngettext(
            "Do not use your last %(n)d password again.",
            "Do not use any of your last %(n)d passwords again.",
            self.count,
        ) % {"n": self.count}


def password_expires_at(user):
    """When the account's password expires, or None if passwords do not expire."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or user.password_changed_at is None:
        return None
    return user.password_changed_at + timedelta(days=days)


def password_change_required(user) -> bool:
    """An issued password is replaced before anything else; an expired one too."""
    if user.must_change_password:
        return True
    expires = password_expires_at(user)
    return expires is not None and expires <= timezone.now()
