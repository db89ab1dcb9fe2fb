"""One web worker's memory after it has served every kind of page of a large generated site.

    .venv/bin/python bench/memory.py --articles 100000     # builds the site (SQLite) first
    .venv/bin/python bench/memory.py --home DIR            # or measures a generated home

`dateline serve` runs with one worker process, its default threads and baking off, so every
page is rendered by that worker. The bench asks it for each kind of page a reader or a robot
reaches (articles, sections and their deep pages, contributors, topics, both home pages, every
feed, the sitemaps, search in both editions, a comment's reply page), `--rounds` times over
different objects, then reads the worker's resident memory (VmRSS and its peak VmHWM from
/proc). The reference is the same
worker's memory right after its first answer (one article), measured in the same run, so the
growth that serving a big archive causes is shown beside what Django and Wagtail cost anyway.

Target (issue 12): at most 150 MB RSS after serving every kind of page of the 100,000-article site.
"""

import argparse
import json
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from common import (
    DATELINE,
    PYTHON,
    fetch,
    generate_site,
    last_line,
    run,
    running,
    site_environment,
)

PICK_PATHS = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from taggit.models import Tag
from dateline.comments.models import Comment
from dateline.core.pagination import listing_page_url
from dateline.news.models import ArticlePage, Contributor, SectionPage

rounds = int(sys.argv[1])
paths = []
articles = ArticlePage.objects.live().public().order_by("?")[: rounds * 4]
sections = list(SectionPage.objects.live().order_by("path"))
contributors = list(Contributor.objects.filter(credits__isnull=False).distinct()[:rounds])
tags = list(Tag.objects.order_by("pk")[:rounds])
comments = list(Comment.objects.filter(status="approved").values_list("pk", flat=True)[:rounds])
for number in range(rounds):
    section = sections[number % len(sections)]
    count = ArticlePage.objects.live().child_of(section).count()
    last = max(1, -(-count // settings.DATELINE_ARTICLES_PER_PAGE))
    contributor = contributors[number % len(contributors)]
    tag = tags[number % len(tags)]
    paths += [article.url for article in articles[number * 4 : number * 4 + 4]]
    paths += [
        section.url, listing_page_url(section.url, min(500, last)),
        listing_page_url(section.url, last),
        f"/contributors/{contributor.slug}/", f"/topics/{tag.slug}/", "/", "/ko/",
        "/feeds/all.rss", "/feeds/latest.atom", "/ko/feeds/latest.atom",
        f"/feeds/sections/{section.slug}.json", f"/feeds/contributors/{contributor.slug}.rss",
        f"/feeds/topics/{tag.slug}.rss", "/sitemap.xml", "/robots.txt",
        "/search/?q=rice+market", "/search/?q=traders", "/ko/search/?q=%EC%8C%80%EA%B0%92",
    ]
    if comments:
        paths.append(f"/comments/reply/{comments[number % len(comments)]}/")
print(json.dumps({"first": articles[0].url, "paths": paths}))
"""


def main() -> None:
    options = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="dateline-memory-bench-") as scratch:
        home = options.home or Path(scratch) / "home"
        environment = site_environment(home, DATELINE_BAKE="0")
        environment.pop("DATABASE_URL", None)
        if options.home is None:
            generate_site(home, options.articles, environment, comments_per_article=3)
        picked = json.loads(
            last_line(run([PYTHON, "-c", PICK_PATHS, str(options.rounds)], environment))
        )
        origin = f"http://127.0.0.1:{options.port}"
        command = [
            *DATELINE,
            "serve",
            f"--port={options.port}",
            "--workers=1",
            "--no-background-worker",
        ]
        with running(command, environment, origin + picked["first"], start_seconds=120) as server:
            worker = worker_process(server.pid)
            first = memory_of(worker)
            sitemaps = {path for path in picked["paths"] if path == "/sitemap.xml"}
            failures = serve_all(origin, picked["paths"] + sorted(sitemap_parts(origin, sitemaps)))
            after = memory_of(worker)
        report(options, home, picked, first, after, failures, environment)


def sitemap_parts(origin: str, indexes: set[str]) -> set[str]:
    """Return the sitemap files the index lists, as paths on this server."""
    parts = set()
    for index in indexes:
        text = fetch(origin + index).decode()
        for piece in text.split("<loc>")[1:]:
            url = piece.split("</loc>")[0]
            path = "/" + url.split("://", 1)[-1].split("/", 1)[-1]
            parts.add(path)
    return parts


def serve_all(origin: str, paths: list[str]) -> list[str]:
    failures = []
    for path in paths:
        try:
            fetch(origin + path)
        except (urllib.error.URLError, OSError) as error:
            failures.append(f"{path}: {error}")
    return failures


def worker_process(server_pid: int) -> int:
    """Return the pid of the worker serving requests: the server's largest child process.

    The others are small helpers (multiprocessing's resource tracker); the worker has loaded
    Django and answered a page by the time this is asked.
    """
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return max((int(pid) for pid in children), key=lambda pid: memory_of(pid)["VmRSS"])


def memory_of(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    values = dict(line.split(":", 1) for line in status if ":" in line)
    names = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    return {name: int(values[name].split()[0]) / 1024 for name in names}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="Size of the site to build.")
    parser.add_argument("--home", type=Path, help="A generated DATELINE_HOME (SQLite) to measure.")
    parser.add_argument("--rounds", type=int, default=5, help="Times every kind of page is asked.")
    parser.add_argument("--port", type=int, default=8530)
    return parser.parse_args()


def report(options, home, picked, first, after, failures, environment) -> None:
    articles = run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from dateline.news.models import ArticlePage; "
            "print(ArticlePage.objects.count())",
        ],
        environment,
    )
    print(
        f"\n{int(last_line(articles)):,} articles (SQLite); one worker; {len(picked['paths'])} pages asked"
    )
    print(f"{'worker memory, MB':<40}{'RSS':>8}{'peak':>8}{'private':>9}{'file':>8}")
    for name, figures in (
        ("after its first article (reference)", first),
        ("after every kind of page", after),
    ):
        print(
            f"{name:<40}{figures['VmRSS']:>8.1f}{figures['VmHWM']:>8.1f}"
            f"{figures['RssAnon']:>9.1f}{figures['RssFile']:>8.1f}"
        )
    print(
        f"\nRSS after / reference: {after['VmRSS'] / first['VmRSS']:.2f}; peak RSS "
        f"{after['VmHWM']:.1f} MB (target ≤ 150 MB). 'file' is mapped files: the code, and the "
        "SQLite database pages mapped by PRAGMA mmap_size, which the kernel shares between workers "
        "and may drop; 'private' is the worker's own (Python objects, SQLite's page cache)."
    )
    if failures:
        print(f"{len(failures)} pages failed: " + "; ".join(failures[:5]))


if __name__ == "__main__":
    main()
