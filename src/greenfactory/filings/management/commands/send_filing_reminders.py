from django.core.management.base import BaseCommand

from greenfactory.filings.domain.reminders import send_filing_reminders


class Command(BaseCommand):
    help = "Remind designated factories of the yearly filing before and after its deadline (daily)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=7, help="after the deadline, every N days")

    def handle(self, *args, every, **options):
        self.stdout.write(f"{send_filing_reminders(every=every)} reminder(s) sent.")
