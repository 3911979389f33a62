from datetime import timedelta

from django.core.management.base import BaseCommand

from greenfactory.core.domain.orphans import GRACE, remove_orphan_files


class Command(BaseCommand):
    help = (
        "Delete stored files that no row refers to (left by a process killed between storing "
        "a file and committing its row), once they are older than the grace period. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=GRACE / timedelta(hours=1),
            help="grace period in hours (default %(default)s)",
        )
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")

    def handle(self, *args, older_than_hours, dry_run, **options):
        found = remove_orphan_files(older_than=timedelta(hours=older_than_hours), dry_run=dry_run)
        for name in found:
            self.stdout.write(name)
        verb = "found" if dry_run else "removed"
        self.stdout.write(f"{len(found)} orphan file(s) {verb}.")
