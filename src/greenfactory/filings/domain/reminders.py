"""Reminders of the yearly filing, run daily (cron or a systemd timer) by
``manage.py send_filing_reminders``.

For last year's data: a factory that has not submitted is reminded 14, 7 and 1 days before the
deadline; once the deadline has passed, it and its district officers are told every ``every``
days (the day after the deadline first). Each factory by its own deadline: that of the highest
level of title it holds (``LevelFilingPolicy``, decisions §65), else the region's."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenfactory.accounts.domain.queries import officers_over, platform_region
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.notifications.domain.notify import notify

from .queries import due_rows

BEFORE = (14, 7, 1)


def send_filing_reminders(*, every: int = 7, today=None) -> int:
    """Send the day's reminders; returns how many factories were reminded."""
    today = today or timezone.localdate()
    year = today.year - 1
    region = platform_region()
    sent = 0
    with translation.override("zh-hans"):
        for row in due_rows(region, year, today=today):
            if row.filed:
                continue
            deadline = row.deadline
            days_left = (deadline - today).days
            overdue = days_left < 0 and (-days_left - 1) % every == 0
            if days_left not in BEFORE and not overdue:
                continue
            words = {"enterprise": row.enterprise.name, "year": year}
            body = _("The deadline is %(deadline)s.") % {"deadline": deadline.isoformat()}
            if overdue:
                subject = (
                    _("Overdue: %(enterprise)s has not filed its key indicators of %(year)s")
                    % words
                )
                notify(
                    officers_over(row.enterprise.district, Role.DISTRICT_OFFICER),
                    subject=subject,
                    body=body,
                    url=reverse("filings:district_list"),
                )
            else:
                subject = (
                    _("Reminder: %(enterprise)s, file your key indicators of %(year)s") % words
                )
            notify(
                User.objects.filter(enterprise=row.enterprise, is_active=True),
                subject=subject,
                body=body,
                url=reverse("filings:enterprise_list"),
            )
            sent += 1
    return sent
