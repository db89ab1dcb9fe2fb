"""Print the nginx configuration for this install: baked files by nginx, the rest by Dateline."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dateline.publish.nginx import BROTLI_MODULE, nginx_config


class Command(BaseCommand):
    help = (
        "Print an nginx configuration (for /etc/nginx/sites-enabled/) that answers baked files "
        "itself, with the same headers as `dateline serve`, and passes everything else to it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--server-name",
            default=urlsplit(settings.DATELINE_BASE_URL).hostname or "localhost",
            help="The site's host name (default: the host of DATELINE_BASE_URL).",
        )
        parser.add_argument(
            "--listen", default="80", help="nginx's listen parameters (default: 80)."
        )
        parser.add_argument(
            "--upstream",
            default=f"{settings.DATELINE_SERVE_HOST}:{settings.DATELINE_SERVE_PORT}",
            help="Where `dateline serve` listens (default: HOST:PORT, 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--brotli",
            action="store_true",
            default=None,
            help="Serve the .br siblings (needs Debian's libnginx-mod-http-brotli-static; "
            "default: when that module is installed).",
        )
        parser.add_argument(
            "--no-brotli", dest="brotli", action="store_false", help="Serve .gz siblings only."
        )
        parser.add_argument(
            "--refuse-symlinks",
            action="store_true",
            help="Follow a symbolic link in the baked site only to a file of the link's owner "
            "(nginx's disable_symlinks if_not_owner; costs about half of nginx's rate).",
        )
        parser.add_argument(
            "--access-log",
            default="/var/log/nginx/dateline-access.log",
            help="Access log file, or `off`. It records time, method, path and status only: no "
            "address or query string that could identify a reader.",
        )

    def handle(
        self, *args, server_name, listen, upstream, brotli, access_log, refuse_symlinks, **options
    ):
        if brotli is None:
            brotli = BROTLI_MODULE.exists()
        try:
            config = nginx_config(
                server_name=server_name,
                listen=listen,
                upstream=upstream,
                brotli=brotli,
                access_log=access_log,
                refuse_symlinks=refuse_symlinks,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(config, ending="")
