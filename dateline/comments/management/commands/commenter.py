"""`dateline commenter export|erase EMAIL`: answer a commenter's request for their data."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy, ngettext

from dateline.comments.data_requests import erase_commenter, export_commenter


class Command(BaseCommand):
    help = gettext_lazy(
        "Print everything stored with a commenter's email address as JSON, or erase it."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        exporting = commands.add_parser(
            "export", help=gettext_lazy("Print the commenter's comments (every status) as JSON.")
        )
        exporting.add_argument("email")
        erasing = commands.add_parser(
            "erase",
            help=gettext_lazy(
                "Remove the commenter's name, email, website and address data from their comments."
            ),
        )
        erasing.add_argument("email")
        erasing.add_argument(
            "--remove-text",
            action="store_true",
            help=gettext_lazy("Delete the comments themselves too (replies by others stay)."),
        )

    def handle(self, *args, subcommand, email, **options):
        if subcommand == "export":
            rows = export_commenter(email)
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        count = erase_commenter(email, remove_text=options["remove_text"])
        if options["remove_text"]:
            message = ngettext(
                "Deleted %(count)d comment left with that address.",
                "Deleted %(count)d comments left with that address.",
                count,
            )
        else:
            message = ngettext(
                "Removed the personal data from %(count)d comment left with that address.",
                "Removed the personal data from %(count)d comments left with that address.",
                count,
            )
        self.stdout.write(message % {"count": count})
