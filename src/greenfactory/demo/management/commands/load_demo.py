import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from greenfactory.accounts.models import User
from greenfactory.accounts.second_factor import needs_second_factor
from greenfactory.demo.data import load_demo
from greenfactory.titles.domain.certificate_signing import signing_pair


class Command(BaseCommand):
    help = "Load the demo data (once) and print one login per role."

    def handle(self, *args, **options):
        if settings.DJANGO_ENV not in {"demo", "test"}:
            raise CommandError(
                "load_demo creates logins with one known password: it runs only with "
                "DJANGO_ENV=demo or DJANGO_ENV=test, never with production settings."
            )
        password, logins = load_demo(os.environ.get("DEMO_PASSWORD") or None)
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        pair = signing_pair()
        if settings.CERTIFICATE_SIGNING_SELF_SIGNED and pair is not None:
            self.stdout.write(
                "Certificates are signed with a self-signed demonstration certificate made for "
                f"this demo ({pair.cert_file}): its signature proves nothing outside the demo."
            )
        self.stdout.write(f"Demo logins at http://127.0.0.1:{port}/accounts/login/")

        with_code = {
            user.username
            for user in User.objects.filter(username__in=[name for name, _role in logins])
            if needs_second_factor(user)
        }
        for username, role in logins:
            mark = "  + code" if username in with_code else ""
            self.stdout.write(f"  {username:<12} {role}{mark}")
        self.stdout.write(f"Password for every demo login: {password}")
        if with_code:
            self.stdout.write(
                "Logins marked '+ code' also need a 6-digit code after the password: "
                "make code LOGIN=<login>\n(or DJANGO_ENV=demo .venv/bin/python manage.py "
                "totp_code <login>)."
            )
        self.stdout.write("")
