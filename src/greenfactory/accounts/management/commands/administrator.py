"""Change an administrator's account on the server: the pages never let one administrator act
on another's account."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from greenfactory.accounts.domain.administrators import (
    reset_administrator,
    set_administrator_active,
)
from greenfactory.accounts.domain.enterprises import StepRefused


class Command(BaseCommand):
    help = (
        "reset LOGIN: a new one-time activation link (the old password, sessions and second "
        "factor end); deactivate LOGIN / activate LOGIN. Each step is audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("reset", "deactivate", "activate"))
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        operator = getpass.getuser()
        try:
            if action == "reset":
                self.stdout.write(f"{username}\t{reset_administrator(username, operator=operator)}")
            else:
                set_administrator_active(username, active=action == "activate", operator=operator)
                self.stdout.write(f"{username}: {action}d")
        except StepRefused as refusal:
            raise CommandError(str(refusal)) from refusal
