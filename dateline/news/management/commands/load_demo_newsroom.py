from django.core.management.base import BaseCommand

from dateline.news.demo.loader import DemoNewsroomLoader, demo_accounts_on_file
from dateline.news.models import ArticlePage


class Command(BaseCommand):
    help = (
        "Build the demo newsroom (sections, contributors, articles in English and Korean, one "
        "log-in per role). Creates only what is missing, so running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has articles (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and ArticlePage.objects.exists():
            self.stdout.write("The site already has articles; the demo newsroom was not loaded.")
        else:
            report = DemoNewsroomLoader().load()
            made = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
            self.stdout.write(
                self.style.SUCCESS(f"Demo newsroom ready. Created: {made or 'nothing new'}.")
            )
        self._print_accounts()

    def _print_accounts(self):
        accounts = demo_accounts_on_file()
        if not accounts:
            return
        self.stdout.write("Log in at /admin/ with one of the demo accounts:")
        for username, password in accounts:
            self.stdout.write(f"  {username:<10} password: {password}")
