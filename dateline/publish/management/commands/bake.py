"""`dateline bake`: write every public URL as a file, or list the baked files that are stale."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from dateline.core.startup import freeze_what_startup_made
from dateline.publish.bake import full_bake, stale_files
from dateline.publish.files import BakeError
from dateline.publish.store import site_is_baked


class Command(BaseCommand):
    help = (
        "Bake the public site: render every public URL through the live views into files under "
        "DATELINE_BAKED_ROOT (or objects in DATELINE_BAKED_BUCKET), with the static files and "
        "renditions they use, and switch readers to the new build in one step. --check lists "
        "baked files that differ from a fresh render."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs", type=int, default=1, help="Render in this many processes (default 1)."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list baked files that differ from a fresh render, and exit 1 "
            "if there are any.",
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="Bake only when nothing is baked yet."
        )

    def handle(self, *args, jobs, check, if_missing, **options):
        if not settings.DATELINE_BAKE:
            raise CommandError(_("Baking is off (DATELINE_BAKE=0); set DATELINE_BAKE=1 to bake."))
        if jobs < 1:
            raise CommandError(_("--jobs takes a whole number of processes, at least 1."))
        if if_missing and site_is_baked():
            return
        try:
            if check:
                return self._check()
            self._bake(jobs)
        except BakeError as error:
            raise CommandError(str(error)) from None

    def _progress(self, description):
        shown = sys.stderr.isatty() and not os.environ.get("CI")
        return tqdm(desc=description, unit=_("page"), disable=not shown, leave=False)

    def _bake(self, jobs):
        """Steps: list the public URLs, render them, add assets, record, switch, summarise."""
        freeze_what_startup_made()  # the rendering processes forked from this one share it
        with self._progress(_("Baking")) as bar:
            summary = full_bake(jobs, progress=bar.update, on_total=bar.reset)
        self.stdout.write(
            _("Baked %(pages)d pages, %(bytes)s bytes in %(seconds).1f seconds.")
            % {"pages": summary.pages, "bytes": f"{summary.bytes:,}", "seconds": summary.seconds}
        )
        if summary.failures:
            for failure in summary.failures:
                self.stderr.write(
                    _("%(url)s could not be rendered (%(problem)s); its previous file was kept.")
                    % {"url": failure.target.url, "problem": failure.problem}
                )
            raise CommandError(
                ngettext(
                    "%(count)d page failed to render.",
                    "%(count)d pages failed to render.",
                    len(summary.failures),
                )
                % {"count": len(summary.failures)}
            )

    def _check(self):
        with self._progress(_("Checking")) as bar:
            stale = stale_files(advance=bar.update)
        for name in stale:
            self.stdout.write(name)
        if stale:
            raise CommandError(
                ngettext(
                    "%(count)d baked file differs from a fresh render.",
                    "%(count)d baked files differ from a fresh render.",
                    len(stale),
                )
                % {"count": len(stale)}
            )
