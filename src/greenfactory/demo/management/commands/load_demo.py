import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data (once) and print one login per role."

    def handle(self, *args, **options):
        from greenfactory.demo.data import load_demo

        password, logins = load_demo(os.environ.get("DEMO_PASSWORD") or None)
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(f"Demo logins at http://127.0.0.1:{port}/accounts/login/")
        for username, role in logins:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write(f"Password for every demo login: {password}")
        self.stdout.write("")
