"""Demo only: let a public notice's period be over today, so a trainer can show closing the
notice and designating the titles in one sitting instead of waiting five working days.

The demo app is installed only with DJANGO_ENV=demo or test (settings.py), so a production
installation has no such command; it refuses anything else as well.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from greenfactory.core.domain.audit import record_event
from greenfactory.recognition.enums import NoticeState
from greenfactory.recognition.models import PublicNotice


class Command(BaseCommand):
    help = (
        "Demo only: move the open public notice of a batch (or every open one) back in time so "
        "that its period ended yesterday; the city can then close it and designate at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "batch", nargs="?", help="the batch's code (default: every open notice)"
        )

    @transaction.atomic
    def handle(self, *args, batch=None, **options):
        if settings.DJANGO_ENV not in {"demo", "test"}:
            raise CommandError("demo_end_notice runs only with DJANGO_ENV=demo or test.")
        notices = PublicNotice.objects.select_for_update().filter(state=NoticeState.OPEN)
        if batch:
            notices = notices.filter(batch__code=batch)
        notices = list(notices.select_related("batch"))
        if not notices:
            raise CommandError("No open public notice to end (publish one first as `city`).")
        yesterday = timezone.localdate() - timedelta(days=1)
        for notice in notices:
            shift = notice.ends_on - yesterday
            if shift <= timedelta(0):
                continue
            before = (notice.starts_on, notice.ends_on)
            notice.starts_on -= shift
            notice.ends_on = yesterday
            notice.save(update_fields=["starts_on", "ends_on"])
            record_event(
                "demo.notice.period_moved",
                obj=notice,
                changes={
                    "starts_on": [before[0].isoformat(), notice.starts_on.isoformat()],
                    "ends_on": [before[1].isoformat(), notice.ends_on.isoformat()],
                },
            )
            self.stdout.write(
                f"{notice.batch.code}: notice now {notice.starts_on} – {notice.ends_on}; "
                "the city can close it and designate."
            )
