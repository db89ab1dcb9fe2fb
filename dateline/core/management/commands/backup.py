"""`dateline backup OUT`: see dateline/core/backup.py for what goes in and why."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.core.backup import make_backup
from dateline.core.database_copies import BackupError


class Command(BaseCommand):
    help = gettext_lazy(
        "Copy the database, the media and DATELINE_HOME's private files into one archive "
        "(mode 0600), while the site runs. The baked site and static files are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "out",
            help=gettext_lazy(
                "The archive to write (.tar.gz), or a folder to write a dated one into; "
                "outside DATELINE_HOME."
            ),
        )

    def handle(self, *args, out, **options):
        try:
            summary = make_backup(Path(out))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Backed up the database and %(files)d files into %(path)s (%(size)s).")
            % {
                "files": summary.files - 1,
                "path": summary.path,
                "size": filesizeformat(summary.size),
            }
        )
        self.stdout.write(_("SHA-256: %(digest)s") % {"digest": summary.sha256})
