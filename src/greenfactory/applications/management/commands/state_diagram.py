from django.core.management.base import BaseCommand

from greenfactory.applications.domain.diagram import state_diagram_document


class Command(BaseCommand):
    help = "Print the application state diagram (Markdown with Mermaid) for docs/states.md."

    def handle(self, *args, **options):
        self.stdout.write(state_diagram_document(), ending="")
