"""Self-registration through the registrant's mailbox.

The registration page answers every well-formed registration the same way ("an e-mail is on its
way"), so it never tells a stranger which login names and credit codes exist. What happens is
said in the e-mail, to the address the registrant typed: a link to finish when the credit code
and login name are free, otherwise a notice that they cannot be registered. The enterprise that
already holds the credit code is told at its own address that somebody tried. The link carries
the typed details, signed and valid for ``LINK_HOURS``; following it, the registrant sets a
password and the account is created (the details are validated again, and a link already used
finds its login name taken).
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from greenfactory.core.domain.audit import record_event
from greenfactory.notifications.models import OutboundEmail
from greenfactory.notifications.tasks import send_email

from ..models import Enterprise, User
from .enterprises import StepRefused, register_enterprise

SALT = "greenfactory.accounts.registration"
LINK_HOURS = 24
EMAIL_GROUP = "accounts.registration"


class RegistrationUnavailable(StepRefused):
    """The credit code or the login name is taken (said only after the mailbox was reached)."""

    def __init__(self):
        super().__init__(
            _(
                "This credit code or login name cannot be registered (it may have been used "
                "already, perhaps with this link). Register again with another login name; if "
                "your enterprise is registered already, ask its existing users for an account "
                "or contact your district bureau."
            )
        )


def is_available(*, uscc: str, username: str) -> bool:
    return not (
        Enterprise.objects.filter(uscc=uscc).exists()
        or User.objects.filter(username__iexact=username).exists()
    )


def finish_url(token: str) -> str:
    return f"{settings.PLATFORM_URL}{reverse('accounts:register_finish', args=[token])}"


@transaction.atomic
def request_registration(details: dict, *, uscc: str, username: str, email: str) -> None:
    """E-mail the link to finish (or why not) to ``email``; the page says the same either way.

    ``details`` are the registration form's fields as typed (strings).

    Side effects: one or two queued e-mails; audit entry ``accounts.registration.requested``
    (with whether the details were free, for the audit administrator).
    """
    available = is_available(uscc=uscc, username=username)
    with override(settings.LANGUAGE_CODE):
        if available:
            token = signing.dumps(details, salt=SALT, compress=True)
            _queue(
                email,
                _("Finish registering your enterprise on the green factory platform"),
                _(
                    "Open this link to set your password and finish registering “%(name)s” "
                    "with the login name “%(username)s”. It works until %(hours)s hours after "
                    "this e-mail was sent; if you did not register, ignore it.\n\n%(url)s"
                )
                % {
                    "name": details.get("name", ""),
                    "username": username,
                    "hours": LINK_HOURS,
                    "url": finish_url(token),
                },
            )
        else:
            _queue(
                email,
                _("Your registration on the green factory platform"),
                _(
                    "A registration with the login name “%(username)s” and the credit code "
                    "%(uscc)s was asked for with this address. It cannot be completed: the login "
                    "name is taken, or the enterprise is registered already. Register again with "
                    "another login name, or ask your enterprise's existing users or your district "
                    "bureau for an account. If you did not register, ignore this e-mail."
                )
                % {"username": username, "uscc": uscc},
            )
            _tell_holder(uscc)
    record_event(
        "accounts.registration.requested",
        changes={"uscc": uscc, "username": username, "email": email, "available": available},
    )


def _tell_holder(uscc: str) -> None:
    holder = Enterprise.objects.filter(uscc=uscc).exclude(email="").first()
    if holder is None:
        return
    _queue(
        holder.email,
        _("Somebody tried to register your enterprise again"),
        _(
            "A registration of %(name)s (%(uscc)s) on the green factory platform was asked for. "
            "The enterprise is registered already, so nothing was created. If it was a "
            "colleague, the enterprise's existing users can ask the district bureau for another "
            "account."
        )
        % {"name": holder.name, "uscc": uscc},
    )


def _queue(to: str, subject: str, body: str) -> None:
    email = OutboundEmail.objects.create(
        to=to, subject=subject, body=body, status=OutboundEmail.Status.QUEUED, group=EMAIL_GROUP
    )
    transaction.on_commit(lambda pk=email.pk: send_email.enqueue(pk))


def details_for(token: str) -> dict | None:
    """The typed details a registration link carries, or None if it is forged or expired."""
    try:
        return signing.loads(token, salt=SALT, max_age=LINK_HOURS * 3600)
    except signing.BadSignature:
        return None


def complete_registration(details: dict, *, password: str) -> User:
    """Create the enterprise and its first account from a link's details, validated again by the
    registration form (``details`` is its ``cleaned_data``).

    Side effects: those of ``register_enterprise``.
    """
    if not is_available(uscc=details["uscc"], username=details["username"]):
        raise RegistrationUnavailable()
    try:
        with transaction.atomic():
            return register_enterprise(**details, password=password)
    except IntegrityError as race:  # the same link followed twice at once
        raise RegistrationUnavailable() from race
