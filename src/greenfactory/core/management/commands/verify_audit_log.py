from django.core.management.base import BaseCommand, CommandError

from greenfactory.core.domain.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit 1 naming every entry that fails."

    def handle(self, *args, **options):
        count, problems = verify_chain()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Audit trail verification FAILED: {len(problems)} problem(s).")
        self.stdout.write(f"Audit trail verified: {count} entries, chain intact.")
