import logging
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from dateline.wordpress.importer import ImportRefused, WordPressImporter
from dateline.wordpress.wxr import WXRError


class ProgressBar:
    """Items done, rate and time left on a terminal; nothing at all when output is not one."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None

    def start(self, total: int) -> None:
        self.bar = tqdm(
            total=total,
            unit=" " + _("items"),
            file=self.stream,
            disable=not (hasattr(self.stream, "isatty") and self.stream.isatty()),
            dynamic_ncols=True,
        )

    def advance(self) -> None:
        self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def quiet_wagtail():
    """Keep Wagtail's line per page created and published out of the output during the import."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = gettext_lazy(
        "Import a WordPress export (WXR 1.0, 1.1 or 1.2, from Tools → Export): categories, tags, "
        "authors, posts, pages, images, comments and redirects from the old addresses. Importing "
        "the same file again updates what changed and duplicates nothing. A broken file changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help=gettext_lazy("The WXR file WordPress exported."))
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help=gettext_lazy(
                "The site's wp-content/uploads folder; images are read from it, never downloaded."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Report what would be imported and change nothing."),
        )
        parser.add_argument(
            "--locale",
            metavar="LANG",
            help=gettext_lazy(
                "The language edition to import into (e.g. en, ko); by default the export's "
                "language if there is such an edition, else the default one."
            ),
        )
        parser.add_argument(
            "--site-url",
            metavar="URL",
            default="",
            help=gettext_lazy(
                "The exported site's address, for an export that does not name it; imported "
                "items are keyed by it."
            ),
        )

    def handle(self, *args, export, uploads=None, dry_run=False, locale=None, site_url="", **opts):
        export_path = Path(export)
        if not export_path.is_file():
            raise CommandError(_("%s is not a file.") % export)
        uploads_path = Path(uploads) if uploads else None
        if uploads_path is not None and not uploads_path.is_dir():
            raise CommandError(_("%s is not a folder.") % uploads)
        importer = WordPressImporter(
            export_path,
            uploads=uploads_path,
            language_code=locale,
            dry_run=dry_run,
            site_url=site_url,
            progress=ProgressBar(self.stderr._out),
        )
        try:
            with quiet_wagtail():
                report = importer.run()
        except (WXRError, ImportRefused) as error:
            raise CommandError(_("Nothing was imported. %s") % error) from None
        names = {"title": report.site_title or report.site_key, "site": report.site_key}
        names["edition"] = report.edition
        if dry_run:
            heading = _(
                "Dry run of “%(title)s” (%(site)s) into the %(edition)s edition: this is what an "
                "import would do. Nothing was changed."
            )
        else:
            heading = _("Imported “%(title)s” (%(site)s) into the %(edition)s edition.")
        self.stdout.write(self.style.SUCCESS(heading % names))
        for line in report.lines():
            self.stdout.write(line)
