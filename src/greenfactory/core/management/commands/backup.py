from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from greenfactory.core.domain.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (every row, JSON lines, gzipped) and every stored file into a new "
        "folder, with a MANIFEST.json holding the SHA-256 of each part."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="a new, empty folder")

    def handle(self, *args, output, **options):
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        objects = sum(manifest["database"]["objects"].values())
        self.stdout.write(
            f"Backup written to {output}: {objects} rows, {len(manifest['files'])} files, "
            f"audit trail up to entry #{manifest['audit']['head_seq']}."
        )
