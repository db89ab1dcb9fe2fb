import time

from django.core.management.base import BaseCommand, CommandError

from dateline.news.archive import ArchiveError, ArchiveGenerator


def _languages(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise ValueError("name at least one edition")
    return codes


class Command(BaseCommand):
    help = (
        "Generate an archive of N articles (bulk inserts): sections, contributors, topics, "
        "images, translated articles over 20 years, and comments of every status. Article N is "
        "the same for one seed, so running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="Article pages in all.")
        parser.add_argument(
            "--editions",
            type=_languages,
            default=["en", "ko"],
            help="Comma-separated language editions, the first holding most originals (en,ko).",
        )
        parser.add_argument("--comments-per-article", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--skip-index",
            action="store_true",
            help="Leave the search index alone (run `dateline update_index` afterwards).",
        )

    def handle(self, *args, articles, editions, comments_per_article, seed, skip_index, **options):
        started = time.monotonic()
        try:
            generator = ArchiveGenerator(articles, editions, comments_per_article, seed)
            report = generator.run(index=not skip_index)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        made = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive ready in {time.monotonic() - started:.1f} s. "
                f"Created: {made or 'nothing new'}."
            )
        )
