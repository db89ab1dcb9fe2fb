"""`dateline restore ARCHIVE [--force]`: see dateline/core/restore.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.core.database_copies import BackupError
from dateline.core.restore import restore_backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Put a `dateline backup` archive back into DATELINE_HOME and the configured database, "
        "after checking every file in it. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=gettext_lazy("The archive `dateline backup` wrote."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Replace the site already in DATELINE_HOME and the database."),
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored the backup made at %(when)s: the database and %(files)d files.")
            % {"when": manifest["created_at"], "files": len(manifest["files"]) - 1}
        )
