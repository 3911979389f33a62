from django.core.management.base import BaseCommand

from greenfactory.reviews.domain.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind enterprises of returned applications and experts of pending reviews (daily)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=7, help="remind every N days")

    def handle(self, *args, every, **options):
        self.stdout.write(f"{send_reminders(every=every)} reminder(s) sent.")
