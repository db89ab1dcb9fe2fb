"""What feeds, sitemaps and search cost, as ratios to the article page measured in the same run.

    .venv/bin/python bench/discovery.py                 # 300 extra articles, 7 rounds
    .venv/bin/python bench/discovery.py --articles 1000 --rounds 9

Builds the demo newsroom plus `--articles` more stories (half English, half Korean, each with a
distinctive word) in a temporary DATELINE_HOME on SQLite, or in the database DATABASE_URL names
(emptied first: use a scratch database), rebuilds the search index with `dateline update_index`,
then serves every path in-process through Django's test client, so the figures are Dateline's
own cost per request without an HTTP server. Rounds alternate over all paths and the median
round is reported, so load from other processes hits every path alike. The article page is the
reference: a feed answered with 304 should cost a fraction of it, a full feed of 50 stories a
few times it.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    options = parse_arguments()
    home = Path(tempfile.mkdtemp(prefix="dateline-bench-discovery-"))
    os.environ["DATELINE_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")
    os.environ["DATELINE_ALLOWED_HOSTS"] = "testserver,localhost"
    try:
        import django

        django.setup()
        paths = build_newsroom(options.articles)
        results = measure(paths, options.rounds, options.requests)
        report(results, options)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="stories added to the demo")
    parser.add_argument("--rounds", type=int, default=7, help="rounds over every path")
    parser.add_argument("--requests", type=int, default=20, help="requests per path per round")
    return parser.parse_args()


def build_newsroom(count: int) -> dict[str, tuple[str, dict]]:
    """Migrate, load the demo, add `count` stories, index them; return the paths to measure."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from dateline.news.factories import ArticlePageFactory, edition_home, paragraphs, publish
    from dateline.news.models import ArticlePage, SectionPage

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo_newsroom", verbosity=0)
    sections = {
        code: SectionPage.objects.child_of(edition_home(code)).live().first()
        for code in ("en", "ko")
    }
    english = "Traders in the border market said the price of {word} rose again this week. "
    korean = "국경 장마당의 상인들은 이번 주 {word}값이 또 올랐다고 전했다. "
    for number in range(count):
        code = "en" if number % 2 == 0 else "ko"
        text = (english if code == "en" else korean).format(word=f"item{number}")
        publish(
            ArticlePageFactory(
                parent=sections[code],
                title=f"Market report {number}",
                slug=f"market-report-{number}",
                body=paragraphs(*[text * 4] * 6),
                live=False,
            )
        )
    call_command("update_index", verbosity=0)
    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    client = Client()
    etag = client.get("/feeds/latest.rss")["ETag"]
    return {
        "article page (reference)": (article.url, {}),
        "search, English word": ("/search/", {"q": "market"}),
        "search, Korean word in a longer word": ("/ko/search/", {"q": "장마당"}),
        "RSS feed, 50 stories": ("/feeds/latest.rss", {}),
        "RSS feed, 304 Not Modified": ("/feeds/latest.rss", {"HTTP_IF_NONE_MATCH": etag}),
        "JSON feed, whole site": ("/feeds/all.json", {}),
        "sitemap index": ("/sitemap.xml", {}),
        "Google News sitemap": ("/sitemap-news.xml", {}),
    }


def measure(paths, rounds: int, requests: int) -> dict[str, float]:
    """Return each path's median (over rounds) of the mean time per request, in milliseconds."""
    from django.test import Client

    client = Client()
    timings = {name: [] for name in paths}
    for path, extra in paths.values():  # warm caches and renditions once
        _request(client, path, extra)
    for _round in range(rounds):
        for name, (path, extra) in paths.items():
            started = time.perf_counter()
            for _ in range(requests):
                _request(client, path, extra)
            timings[name].append((time.perf_counter() - started) * 1000 / requests)
    return {name: statistics.median(values) for name, values in timings.items()}


def _request(client, path, extra):
    query = {key: value for key, value in extra.items() if not key.startswith("HTTP_")}
    headers = {key: value for key, value in extra.items() if key.startswith("HTTP_")}
    response = client.get(path, query, **headers)
    if response.status_code not in (200, 304):
        raise SystemExit(f"{path} answered {response.status_code}")


def report(results: dict[str, float], options) -> None:
    from django.db import connection

    reference = results["article page (reference)"]
    print(
        f"discovery bench: {connection.vendor}, demo + {options.articles} articles, "
        f"{options.rounds} rounds x {options.requests} requests, in-process (no HTTP server)"
    )
    for name, milliseconds in results.items():
        print(f"  {name:<40} {milliseconds:8.2f} ms/request   {milliseconds / reference:6.2f}x")


if __name__ == "__main__":
    main()
