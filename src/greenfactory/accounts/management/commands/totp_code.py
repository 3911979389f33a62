from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from greenfactory.accounts.models import User
from greenfactory.accounts.second_factor import confirmed_device, usable_code


class Command(BaseCommand):
    help = "Print the current second-factor code of a login (demo and tests only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if settings.DJANGO_ENV not in {"demo", "test"}:
            raise CommandError(
                "totp_code only runs with DJANGO_ENV=demo or test: in production the code is "
                "on the user's phone."
            )
        user = User.objects.filter(username=username).first()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            raise CommandError(f"{username} has no confirmed second factor.")
        code = usable_code(device)
        if code is None:
            raise CommandError("The last codes were just used: try again in 30 seconds.")
        self.stdout.write(code)
