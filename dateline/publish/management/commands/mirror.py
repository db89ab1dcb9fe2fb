"""`dateline mirror keygen | build | verify | push`: signed, self-contained copies of the site."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dateline.publish.mirror import signing
from dateline.publish.mirror.bundle import BundleError, build
from dateline.publish.mirror.push import PushError, push
from dateline.publish.mirror.selection import parse_since
from dateline.publish.mirror.verify import report_lines, verify


class Command(BaseCommand):
    help = "Make, check and upload signed mirror bundles of the baked site."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        keygen = commands.add_parser("keygen", help="create the newsroom's Ed25519 signing key")
        keygen.add_argument("--force", action="store_true", help="replace an existing key")
        make = commands.add_parser("build", help="write a bundle from the baked site")
        make.add_argument("out", help="folder to create (or .zip file with --zip)")
        make.add_argument("--zip", action="store_true", help="write one zip file")
        make.add_argument("--update", action="store_true", help="refresh an existing bundle")
        make.add_argument("--edition", help="one language edition only, e.g. ko")
        make.add_argument("--since", help="articles since YYYY-MM-DD and the listings to them")
        check = commands.add_parser("verify", help="check a bundle's signature and files")
        check.add_argument("copy", help="folder, .zip or http(s) address")
        check.add_argument("--key", help="public key: PEM file, base64, or SHA256: fingerprint")
        push = commands.add_parser("push", help="upload a bundle to an S3-compatible store")
        push.add_argument("out", help="the bundle folder")
        push.add_argument("target", help="s3://BUCKET/PREFIX")

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _keygen(self, force, **options):
        try:
            public = signing.generate(force=force)
        except signing.SigningKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Signing key written to %(path)s (readable by you only).")
            % {"path": signing.private_key_path()}
        )
        self.stdout.write(
            _("Public key fingerprint: %(fingerprint)s")
            % {"fingerprint": signing.fingerprint(public)}
        )

    def _build(self, out, zip, update, edition, since, **options):
        if zip and update:
            raise CommandError(_("--update refreshes a folder; a zip is always built whole."))
        try:
            day = parse_since(since) if since else None
            summary = build(Path(out), update=update, edition=edition, since=day, as_zip=zip)
        except (BundleError, signing.SigningKeyError) as error:
            raise CommandError(str(error)) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "%(files)s files (%(bytes)s bytes) in %(seconds).1f s: %(written)s written, %(removed)s removed."
            )
            % {
                "files": summary.files,
                "bytes": summary.bytes,
                "seconds": summary.seconds,
                "written": len(summary.written),
                "removed": len(summary.removed),
            }
        )
        for path in summary.foreign:
            self.stderr.write(
                _("Not ours, left in place (verify will name it): %(path)s") % {"path": path}
            )

    def _verify(self, copy, key, **options):
        try:
            report = verify(copy, key)
        except (ValueError, OSError) as error:
            raise CommandError(
                _("Cannot check %(copy)s: %(error)s") % {"copy": copy, "error": error}
            ) from None
        for line in report_lines(report):
            (self.stdout if report.ok else self.stderr).write(line)
        if not report.ok:
            sys.exit(1)

    def _push(self, out, target, **options):
        try:
            summary = push(Path(out), target)
        except PushError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("%(uploaded)s files uploaded, %(unchanged)s unchanged, %(deleted)s deleted.")
            % {
                "uploaded": len(summary.uploaded),
                "unchanged": summary.unchanged,
                "deleted": len(summary.deleted),
            }
        )
