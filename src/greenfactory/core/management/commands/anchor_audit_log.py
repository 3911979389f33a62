from django.core.management.base import BaseCommand, CommandError

from greenfactory.core.domain.audit_anchor import AnchorUnavailable, write_anchor


class Command(BaseCommand):
    help = (
        "Append the audit chain's head (sequence, hash, seal) to AUDIT_ANCHOR_PATH, a file the "
        "database's owner cannot rewrite. Run daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        try:
            anchor = write_anchor()
        except AnchorUnavailable as error:
            raise CommandError(f"Audit trail not anchored: {error}") from error
        self.stdout.write(f"Audit trail anchored at entry #{anchor.seq} ({anchor.hash[:12]}).")
