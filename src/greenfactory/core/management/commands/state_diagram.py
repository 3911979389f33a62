from django.core.management.base import BaseCommand

from greenfactory.core.domain.diagram import states_document


class Command(BaseCommand):
    help = "Print every workflow table's state diagram (Markdown, Mermaid) for docs/states.md."

    def handle(self, *args, **options):
        self.stdout.write(states_document(), ending="")
