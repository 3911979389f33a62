"""Create the three administrators of a new installation (三员分立), each with a one-time link."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from greenfactory.accounts.domain.administrators import create_administrators
from greenfactory.accounts.domain.enterprises import StepRefused
from greenfactory.accounts.enums import Role


class Command(BaseCommand):
    help = (
        "Create the system, security and audit administrators (refused while any exists) and "
        "print each one's one-time activation link, to hand over to its holder."
    )

    def add_arguments(self, parser):
        for role in ("system", "security", "audit"):
            parser.add_argument(f"--{role}", required=True, metavar="LOGIN")
            parser.add_argument(f"--{role}-email", default="", metavar="ADDRESS")

    def handle(self, *args, **options):
        roles = {
            Role.SYSTEM_ADMIN: "system",
            Role.SECURITY_ADMIN: "security",
            Role.AUDIT_ADMIN: "audit",
        }
        specs = {
            role: {"username": options[name], "email": options[f"{name}_email"]}
            for role, name in roles.items()
        }
        try:
            links = create_administrators(specs, operator=getpass.getuser())
        except StepRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        for username, link in links.items():
            self.stdout.write(f"{username}\t{link}")
        self.stdout.write(
            "Hand each link to its holder only: it works once, sets the holder's own password; "
            "the second factor is enrolled at the first login."
        )
