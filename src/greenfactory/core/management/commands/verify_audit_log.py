from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from greenfactory.core.domain.audit import verify_chain
from greenfactory.core.domain.audit_anchor import verify_anchors


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every entry's hash and seal, the chain's links, and the chain "
        "against every anchor in AUDIT_ANCHOR_PATH; exit 1 naming every problem."
    )

    def handle(self, *args, **options):
        count, problems = verify_chain()
        anchors, anchor_problems = verify_anchors()
        problems += anchor_problems
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Audit trail verification FAILED: {len(problems)} problem(s).")
        seals = "seals checked" if settings.AUDIT_SEAL_KEY else "seals NOT checked (no key)"
        where = f"{anchors} anchor(s) agree" if settings.AUDIT_ANCHOR_PATH else "not anchored"
        self.stdout.write(f"Audit trail verified: {count} entries, chain intact, {seals}, {where}.")
