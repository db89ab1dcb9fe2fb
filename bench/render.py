"""Render cost per path in-process, on a small and a large generated archive, beside stock Wagtail.

    .venv/bin/python bench/render.py                      # 100 and 100,000 articles
    .venv/bin/python bench/render.py --articles 20000     # a smaller large site
    .venv/bin/python bench/render.py --in DIR             # build the sites in DIR, or use them again

Each site is built in a temporary DATELINE_HOME by `dateline generate_archive` (SQLite). Every path
is rendered through Django's test client in a fresh process per site, once to warm what outlives a
request (compiled templates, image renditions), then `--renders` times; the figure is the median
CPU time of one render (process time, so load from other programs on the machine counts less),
with its SQL query count. The article figure renders articles no render has seen before (cold for
every cache but the renditions of the dozen shared pictures), as previews, re-bakes and cache
misses do. The reference is the home page of a stock `wagtail start` project, migrated on SQLite
in a temporary folder and rendered the same way in the same run.

Targets (issue 12): each path's large/small ratio at most 1.2; the article at most 0.67 of the
stock page; the article at most 12 queries. The article is measured once more with every template
rendered as nothing (a process of its own), which also skips all the templates read (menus,
metadata, related stories, comments): a lower bound on the article served through this view.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from common import PYTHON, generate_site, run, site_environment

WAGTAIL = str(Path(sys.executable).with_name("wagtail"))
# The cold article measured once more with every template rendering as nothing.
BEFORE_TEMPLATES = "article before its templates"

MEASURE = r"""
import json, os, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

renders = int(sys.argv[1])
paths = json.loads(sys.argv[2])
client = Client(HTTP_HOST="localhost")
if "--before-templates" in sys.argv:
    # Every page's template renders as nothing, and so does all the templates would read: what is
    # left is the request's way to the page (the middleware, Wagtail's routing, the view and its
    # queries). A lower bound on any page served this way, however fast its templates.
    from django.template.response import SimpleTemplateResponse
    SimpleTemplateResponse.rendered_content = property(lambda response: "")

def cost(url):
    # The log holds 9,000 queries at most; once full, a capture would count none.
    connection.queries_log.clear()
    start = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    spent = time.process_time() - start
    assert response.status_code == 200, (url, response.status_code)
    return spent, len(queries), entries(url, response)

# How many entries a feed holds, or stories a listing shows as cards (None for other pages):
# its cost grows with them.
def entries(url, response):
    if url.startswith("/feeds/") and url.endswith(".json"):
        return len(json.loads(response.content)["items"])
    if url.startswith("/feeds/"):
        return response.content.count(b"<item>") + response.content.count(b"<entry>")
    if url.startswith("/search/"):
        return None
    return response.content.count(b'<article class="card') or None

results = {}
for name, urls in paths.items():
    urls = urls if isinstance(urls, list) else [urls]
    if "--every-url" in sys.argv:
        for url in urls:
            cost(url)
        continue
    cost(urls[0])  # warm: templates, renditions, per-process caches
    times, counts = [], []
    for number in range(renders):
        spent, count, items = cost(urls[(number + 1) % len(urls)] if len(urls) > 1 else urls[0])
        times.append(spent)
        counts.append(count)
    results[name] = {"ms": statistics.median(times) * 1000, "queries": max(counts), "entries": items}
print(json.dumps(results))
"""

PICK_PATHS = r"""
import json
import django
django.setup()
from django.conf import settings
from django.db.models import Count
from taggit.models import Tag
from dateline.core.pagination import listing_page_url
from dateline.news.models import ArticlePage, Contributor, SectionPage

en = ArticlePage.objects.live().filter(locale__language_code="en")
cold = list(en.order_by("-pk")[:60])
# Stories with no topic (about one in six in a generated archive; a site generated before they
# were made has none, and that path is left out).
untagged = list(en.filter(tagged_items__isnull=True).order_by("-pk")[:60])
section = SectionPage.objects.filter(locale__language_code="en").order_by("path").first()
count = en.child_of(section).count()
last = max(1, -(-count // settings.DATELINE_ARTICLES_PER_PAGE))
contributor = Contributor.objects.filter(credits__isnull=False).order_by("pk").last()
tag = Tag.objects.filter(name__regex=r"^[a-z]").order_by("pk").first()
# A news desk credited on a large share of the stories, and the topic on the most of them.
desk = Contributor.objects.annotate(credited=Count("credits")).order_by("-credited", "pk").first()
largest = (
    Tag.objects.filter(name__regex=r"^[a-z]")
    .annotate(tagged=Count("news_articletag_items"))
    .order_by("-tagged", "pk")
    .first()
)
print(json.dumps({
    "article (cold)": [a.url for a in cold],
    **({"article, no topic (cold)": [a.url for a in untagged]} if untagged else {}),
    "section": section.url,
    "section, page 500 or last": listing_page_url(section.url, min(500, last)),
    "contributor": f"/contributors/{contributor.slug}/",
    "contributor, the most credited": f"/contributors/{desk.slug}/",
    "topic": f"/topics/{tag.slug}/",
    "topic, the largest": f"/topics/{largest.slug}/",
    "home": "/",
    "feed: all (RSS)": "/feeds/all.rss",
    "feed: edition (Atom)": "/feeds/latest.atom",
    "feed: section (JSON)": f"/feeds/sections/{section.slug}.json",
    "feed: contributor (RSS)": f"/feeds/contributors/{contributor.slug}.rss",
    "feed: topic (RSS)": f"/feeds/topics/{tag.slug}.rss",
    "feed: the most credited (RSS)": f"/feeds/contributors/{desk.slug}.rss",
    "feed: the largest topic (RSS)": f"/feeds/topics/{largest.slug}.rss",
    "sitemap index": "/sitemap.xml",
    "search": "/search/?q=price+market",
}))
"""


def main() -> None:
    options = parse_arguments()
    workdir = options.folder or Path(tempfile.mkdtemp(prefix="dateline-render-bench-"))
    try:
        shutil.rmtree(workdir / "stock", ignore_errors=True)
        stock = stock_home_page_cost(workdir / "stock", options.renders)
        sites = {}
        for size in (options.small, options.articles):
            home = workdir / f"site-{size}"
            if (home / "dateline.sqlite3").exists():  # built by an earlier run: brought up to date
                run([PYTHON, "-m", "dateline.cli", "migrate", "-v0"], site_environment(home))
            else:
                generate_site(home, size, site_environment(home), comments_per_article=3)
            sites[size] = measure_site(home, options.renders)
        report(options, sites, stock)
    finally:
        if options.keep or options.folder:
            print(f"Sites kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="Size of the large site.")
    parser.add_argument("--small", type=int, default=100, help="Size of the small site.")
    parser.add_argument("--renders", type=int, default=30, help="Timed renders per path.")
    parser.add_argument("--keep", action="store_true", help="Keep the generated sites.")
    parser.add_argument(
        "--in",
        dest="folder",
        type=Path,
        help="Build the sites in this folder and keep them; sites an earlier run built there "
        "(site-<articles>) are migrated and measured again.",
    )
    return parser.parse_args()


def measure_site(home: Path, renders: int) -> dict:
    """Measure every path in a fresh process, after another process has rendered each once.

    The first render of a picture in a size makes that rendition (AVIF encoding takes up to half
    a second); a site has them long before a reader comes. Rendering every URL in a process of
    its own makes them without warming anything the measuring process keeps in memory.
    """
    environment = site_environment(home)
    paths = json.loads(run([PYTHON, "-c", PICK_PATHS], environment))
    run([PYTHON, "-c", MEASURE, "0", json.dumps(paths), "--every-url"], environment)
    results = json.loads(run([PYTHON, "-c", MEASURE, str(renders), json.dumps(paths)], environment))
    articles = json.dumps({BEFORE_TEMPLATES: paths["article (cold)"]})
    before = [PYTHON, "-c", MEASURE, str(renders), articles, "--before-templates"]
    return {**results, **json.loads(run(before, environment))}


def stock_home_page_cost(folder: Path, renders: int) -> dict:
    """Return the render cost of a stock `wagtail start` project's home page, measured alike."""
    folder.mkdir(parents=True)
    run([WAGTAIL, "start", "stock", str(folder)], os.environ)
    environment = {
        **os.environ,
        "PYTHONPATH": str(folder),
        "DJANGO_SETTINGS_MODULE": "stock.settings.dev",
    }
    run([PYTHON, "manage.py", "migrate", "-v0"], environment, cwd=folder)
    paths = json.dumps({"stock home": "/"})
    return json.loads(run([PYTHON, "-c", MEASURE, str(renders), paths], environment, cwd=folder))[
        "stock home"
    ]


def report(options, sites, stock) -> None:
    small, large = sites[options.small], sites[options.articles]
    print()
    for name in sorted(small.keys() ^ large.keys()):
        print(f"{name}: left out, not on both sites (one was generated before it had any)")
    shared = [name for name in small if name in large and name != BEFORE_TEMPLATES]
    print(
        f"{'path':<28}{options.small:>9} art.{options.articles:>9} art.  ratio  queries"
        "  entries or cards (ratio per item)"
    )
    for name in shared:
        a, b = small[name], large[name]
        ratio = b["ms"] / a["ms"] if a["ms"] else float("nan")
        feed = ""
        if a.get("entries") and b.get("entries"):
            per_entry = (b["ms"] / b["entries"]) / (a["ms"] / a["entries"])
            feed = f"  {a['entries']:>3} / {b['entries']:<3} ({per_entry:.2f})"
        print(
            f"{name:<28}{a['ms']:>9.1f} ms{b['ms']:>9.1f} ms {ratio:>6.2f}"
            f"  {a['queries']:>3} / {b['queries']:<3}{feed}"
        )
    article = large["article (cold)"]
    print()
    print(f"stock `wagtail start` home page: {stock['ms']:.1f} ms, {stock['queries']} queries")
    print(
        f"article at {options.articles} articles / stock home page: "
        f"{article['ms'] / stock['ms']:.2f} (target ≤ 0.67); "
        f"article queries: {article['queries']} (target ≤ 12)"
    )
    before = large[BEFORE_TEMPLATES]
    print(
        f"{BEFORE_TEMPLATES}: {before['ms']:.1f} ms, {before['ms'] / stock['ms']:.2f} of the stock "
        "page (its templates and all they read skipped: a lower bound)"
    )
    worst = max(large[name]["ms"] / small[name]["ms"] for name in shared)
    print(f"largest large/small ratio: {worst:.2f} (target ≤ 1.2)")
    print(
        "A feed holds up to 50 entries, each a story's full text, and a listing shows up to 20 "
        "stories as cards: a topic or contributor with fewer stories on the small site shows "
        "fewer, so its ratio also counts the items it shows (shown per item, which spreads the "
        "page's fixed cost over them: compare both)."
    )


if __name__ == "__main__":
    main()
