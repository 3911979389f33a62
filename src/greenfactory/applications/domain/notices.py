"""Who is told of an application's move, and what they read (inbox and e-mail)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from greenfactory.accounts.domain.queries import officers_over
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.notifications.domain.notify import notify

from ..enums import ApplicationState as S


def _enterprise_users(application):
    return list(User.objects.filter(enterprise=application.enterprise, is_active=True))


def _district_officers(application):
    return list(officers_over(application.enterprise.district, Role.DISTRICT_OFFICER))


def _city_officers(application):
    return list(officers_over(application.batch.region, Role.CITY_OFFICER))


def recipients_of(application, to: str) -> list:
    """The enterprise hears of every move; the next reviewer hears of work arriving."""
    people = _enterprise_users(application)
    if to == S.SUBMITTED:
        people += _district_officers(application)
    elif to == S.RECOMMENDED:
        people += _city_officers(application)
    return people


def notify_transition(application, before: str, to: str, *, actor, reason: str = "") -> None:
    """Called by ``transition`` inside its transaction; e-mails leave after it commits."""
    recipients = [person for person in recipients_of(application, to) if person != actor]
    if not recipients:
        return
    with translation.override("zh-hans"):
        subject = _("%(enterprise)s: %(state)s") % {
            "enterprise": application.enterprise.name,
            "state": S(to).label,
        }
        body = _("%(batch)s. The application went from “%(before)s” to “%(after)s”.") % {
            "batch": application.batch.title,
            "before": S(before).label,
            "after": S(to).label,
        }
        if reason:
            body += "\n" + _("Reason: %(reason)s") % {"reason": reason}
    notify(
        recipients,
        subject=subject,
        body=body,
        url=reverse("applications:application_detail", args=[application.code]),
    )
