from django.core.management.base import BaseCommand

from greenfactory.notifications.domain.notify import retry_failed


class Command(BaseCommand):
    help = "Send queued e-mails and retry failed ones (run every few minutes from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{retry_failed()} e-mail(s) sent.")
