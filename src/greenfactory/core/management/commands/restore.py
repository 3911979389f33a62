from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from greenfactory.core.domain.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this (migrated, empty) database and "
        "file storage. Every checksum is verified before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help="the backup's folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the rows and same-named files of a database already in use",
        )

    def handle(self, *args, **options):
        folder = options["input"]
        try:
            report = restore_backup(folder, force=options["force"])
        except BackupError as error:
            raise CommandError(f"Restore refused: {error}") from error
        self.stdout.write(
            f"Restored {report.objects} rows and {report.files} files from {folder}; "
            f"audit trail verified: {report.audit_entries} entries, chain intact."
        )
