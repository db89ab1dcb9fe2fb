"""The bake's two speeds, each beside a reference measured in the same run.

    .venv/bin/python bench/bake.py                      # 10,000 articles (generate_archive)
    .venv/bin/python bench/bake.py --articles 500 --own-data   # small, with the factories
    .venv/bin/python bench/bake.py --keep DIR --publish-only   # publish-to-live on a kept site

One run builds a newsroom in a fresh SQLite database (`dateline generate_archive --articles N`,
or with `--own-data` this script's own articles made with the test factories; `--keep DIR` keeps
it, and uses again one generated there before), then measures:

- publish-to-live: with `dateline worker` running, an editor's publish returns; the clock runs
  until the new article, its section page, the home page and the edition's feed all show it in
  the baked files. The reference is rendering those same four URLs once, directly, in this
  process: the least work a re-bake can do. The target is at most one second.
- full bake (the first, so it makes the picture renditions as a new site's does): the same
  articles (title, standfirst, body, date, section, image) written as Markdown for a minimal
  Hugo site, `hugo` timed against `dateline bake --jobs <cores>`, with
  the bake's peak memory (the largest process's RSS). The target is at most Hugo's time and
  1 GB. Beside it, the cost of an article before its templates (the bake's renderer, every template
  rendering nothing, in this process, after the rest): a lower bound on what the articles alone
  cost, with templates, and all they read, free.

Figures go to stdout and bench/results/bake.json.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

OWN_DATA = """
import datetime, random
from django.utils import timezone
from dateline.news.factories import (ArticleCreditFactory, ArticlePageFactory, ContributorFactory,
    NewsImageFactory, SectionPageFactory, edition_home, paragraphs, publish)
random.seed(8)
home = edition_home("en")
sections = [publish(SectionPageFactory(parent=home, title=f"Desk {{n}}")) for n in range(5)]
people = [ContributorFactory(name=f"Reporter {{n}}") for n in range(10)]
images = [NewsImageFactory() for _ in range(10)]
for n in range({articles}):
    article = ArticlePageFactory(parent=random.choice(sections), title=f"Story {{n}} of the archive",
        slug=f"story-{{n}}", live=False, hero_image=random.choice(images), hero_alt="A landscape",
        body=paragraphs(*(f"Paragraph {{p}} of story {{n}}, with the market prices." for p in range(6))))
    ArticleCreditFactory(article=article, contributor=random.choice(people))
    publish(article, at=timezone.now() - datetime.timedelta(hours=n))
"""


def environment(home: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
        "DATABASE_URL": "",
        "DATELINE_BAKE": "1",
        "DATELINE_BAKED_ROOT": str(home / "baked"),
        "DATELINE_LOG_LEVEL": "WARNING",
    }


def dateline(home: Path, *args: str) -> float:
    """Run a dateline command; return its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dateline.cli", *args], env=environment(home), check=True)
    return time.perf_counter() - started


def build_newsroom(home: Path, articles: int, own_data: bool) -> None:
    dateline(home, "migrate", "--noinput", "-v", "0")
    dateline(home, "collectstatic", "--noinput", "-v", "0")
    if own_data:
        dateline(home, "shell", "-c", OWN_DATA.format(articles=articles))
        return
    try:
        dateline(home, "generate_archive", "--articles", str(articles), "--seed", "8")
    except subprocess.CalledProcessError:
        sys.exit(
            "bench/bake.py builds its newsroom with `dateline generate_archive`, which this "
            "checkout does not have (it comes with the archive generator). Run with --own-data "
            "for a smaller newsroom made with the test factories."
        )


def setup_django(home: Path) -> None:
    """Load Django in this process, on the bench's newsroom."""
    os.environ.update(environment(home))
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def publish_to_live(home: Path) -> dict:
    """Time two editors' publishes, each until the article shows in four baked files.

    The first comes a few seconds after `dateline worker` started (it has warmed up by then,
    DATELINE_WORKER_WARM_UP), the second once the first is live: a newsroom's worker has
    usually run for hours.
    """
    from dateline.publish.render import Renderer

    worker = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "worker"], env=environment(home)
    )
    try:
        time.sleep(5)  # let the worker start and warm up
        first, urls = _time_one_publish(home, "first")
        second, _urls = _time_one_publish(home, "second")
    finally:
        worker.terminate()
        worker.wait()
    renderer = Renderer()
    started = time.perf_counter()
    for url in urls:
        renderer.render(url)
    reference = time.perf_counter() - started
    return {
        "publish_to_live_s": first,
        "next_publish_to_live_s": second,
        "render_four_urls_s": reference,
    }


def _time_one_publish(home: Path, label: str) -> tuple[float, list[str]]:
    """Publish a new story; return the seconds until four baked files show it, and their URLs."""
    from django.db import transaction

    from dateline.news.factories import ArticleCreditFactory, ArticlePageFactory
    from dateline.news.models import Contributor, SectionPage

    section = SectionPage.objects.live().first()
    stamp = f"{int(time.time())}-{label}"  # a new story each run: a kept newsroom is used again
    headline = f"Bench flood warning {stamp}"
    article = ArticlePageFactory(
        parent=section, title=headline, slug=f"bench-story-{stamp}", live=False
    )
    ArticleCreditFactory(article=article, contributor=Contributor.objects.first())
    with transaction.atomic():
        article.save_revision().publish()
    returned = time.perf_counter()
    urls = [article.url, section.url, "/", "/feeds/latest.rss"]
    site = home / "baked" / "site"
    files = [site / url.strip("/") / "index.html" for url in urls[:3]]
    files.append(site / "feeds" / "latest.rss")
    while not all(f.is_file() and headline in f.read_text() for f in files):
        if time.perf_counter() - returned > 600:
            raise SystemExit("The article did not reach the baked files within 10 minutes.")
        time.sleep(0.005)
    return time.perf_counter() - returned, urls


def write_hugo_site(home: Path, folder: Path) -> int:
    """Write every live article as Markdown for a minimal Hugo site; return how many."""
    from bs4 import BeautifulSoup

    from dateline.news.models import ArticlePage

    shutil.rmtree(folder, ignore_errors=True)  # a kept newsroom's site from an earlier run
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "static" / "images").mkdir(parents=True)
    (folder / "hugo.toml").write_text('baseURL = "http://localhost/"\ntitle = "Dateline"\n')
    page = (
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
        '<p>{{ .Params.standfirst }}</p>{{ with .Params.image }}<img src="{{ . }}">{{ end }}'
        "{{ .Content }}</body></html>"
    )
    listing = (
        "<!doctype html><html><body><h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}"
        '<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}</body></html>'
    )
    (folder / "layouts" / "_default" / "single.html").write_text(page)
    (folder / "layouts" / "_default" / "list.html").write_text(listing)
    (folder / "layouts" / "index.html").write_text(listing)
    count = 0
    for article in ArticlePage.objects.live().select_related("hero_image").iterator():
        image = ""
        if article.hero_image:
            source = Path(article.hero_image.file.path)
            shutil.copyfile(source, folder / "static" / "images" / source.name)
            image = f"/images/{source.name}"
        text = BeautifulSoup(str(article.body), "html.parser").get_text("\n\n")
        # At the article's own path: editions may use the same section and article slugs.
        target = folder / "content" / f"{article.url.strip('/')}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"---\ntitle: {json.dumps(article.title)}\ndate: {article.first_published_at.isoformat()}\n"
            f"standfirst: {json.dumps(article.standfirst)}\nimage: {json.dumps(image)}\n---\n\n"
            f"{text}\n"
        )
        count += 1
    return count


# Run in a process of its own, whose only child is the bake: this process's children include
# hugo and generate_archive, and the peak resident memory of children is the largest of them all.
PEAK_OF_ONE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def bake_with_peak(home: Path, jobs: int) -> tuple[float, int]:
    """Run `dateline bake`; return its wall time and the peak RSS (KB) of its largest process."""
    command = [sys.executable, "-m", "dateline.cli", "bake", "--jobs", str(jobs)]
    done = subprocess.run(
        [sys.executable, "-c", PEAK_OF_ONE, *command],
        env=environment(home),
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, peak_kb = done.stdout.split()[-2:]
    return float(seconds), int(peak_kb)


def full_bake_against_hugo(home: Path, jobs: int) -> dict:
    hugo_site = home / "hugo"
    articles = write_hugo_site(home, hugo_site)
    shutil.rmtree(home / "hugo-out", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        ["hugo", "--quiet", "-s", str(hugo_site), "-d", str(home / "hugo-out")], check=True
    )
    hugo = time.perf_counter() - started
    bake, peak_kb = bake_with_peak(home, jobs)
    return {
        "articles": articles,
        "hugo_s": hugo,
        "bake_s": bake,
        "bake_peak_rss_mb": peak_kb / 1024,
    }


# Articles the bake's own renderer renders again with every template rendering nothing.
BEFORE_TEMPLATES_SAMPLE = 300


def articles_before_templates() -> float:
    """Return the CPU milliseconds the bake's renderer spends on an article before its templates:
    the middleware, Wagtail's routing, the view and its queries (what the templates would read is
    skipped too, so this is a lower bound). In this process, once the other figures are taken
    (it warms what they measure cold); nothing is written."""
    from django.template.response import SimpleTemplateResponse

    from dateline.news.models import ArticlePage
    from dateline.publish.render import Renderer

    articles = ArticlePage.objects.live().public().order_by("-pk")
    urls = [article.url for article in articles[: BEFORE_TEMPLATES_SAMPLE + 20]]
    renderer = Renderer()
    rendered_content = SimpleTemplateResponse.rendered_content
    SimpleTemplateResponse.rendered_content = property(lambda response: "")
    try:
        for url in urls[:20]:  # warm: per-process caches
            renderer.render(url)
        started = time.process_time()
        for url in urls[20:]:
            assert renderer.render(url).status == 200, url
        return (time.process_time() - started) / len(urls[20:]) * 1000
    finally:
        SimpleTemplateResponse.rendered_content = rendered_content


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--own-data", action="store_true")
    parser.add_argument(
        "--publish-only",
        action="store_true",
        help="Time only publish-to-live, on a newsroom kept (--keep) and baked by an earlier run.",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="Keep the newsroom in this folder; one already generated there is used again.",
    )
    options = parser.parse_args()
    home = options.keep or Path(tempfile.mkdtemp(prefix="dateline-bench-bake-"))
    home.mkdir(parents=True, exist_ok=True)
    try:
        if not (home / "dateline.sqlite3").exists():
            build_newsroom(home, options.articles, options.own_data)
        setup_django(home)
        # The timed bake is the first: it makes the renditions too, as a new site's bake does.
        bake = {} if options.publish_only else full_bake_against_hugo(home, options.jobs)
        live = publish_to_live(home)
        if bake:
            bake["article_before_templates_ms"] = articles_before_templates()
    finally:
        if not options.keep:
            shutil.rmtree(home, ignore_errors=True)
    results = {**live, **bake, "jobs": options.jobs}
    reference = live["render_four_urls_s"]
    for name, label in (("publish_to_live_s", "first"), ("next_publish_to_live_s", "next")):
        print(
            f"publish-to-live, {label} story after the worker started: {live[name]:.3f} s "
            f"({live[name] / reference:.1f}x rendering the four URLs once, {reference:.3f} s; "
            "target at most 1 s)"
        )
    if bake:
        print(
            f"full bake of {bake['articles']} articles: {bake['bake_s']:.1f} s with --jobs "
            f"{options.jobs}, {bake['bake_s'] / bake['hugo_s']:.1f}x Hugo's {bake['hugo_s']:.2f} s "
            f"(target at most 1x); peak memory {bake['bake_peak_rss_mb']:.0f} MB "
            f"({bake['bake_peak_rss_mb'] / 1024:.2f}x the 1 GB budget)"
        )
        floor = bake["article_before_templates_ms"] * bake["articles"] / 1000 / options.jobs
        print(
            f"an article before its templates (every template rendering nothing): "
            f"{bake['article_before_templates_ms']:.2f} ms CPU; {bake['articles']} of them in "
            f"{options.jobs} processes, scaling perfectly, take at least {floor:.1f} s, "
            f"{floor / bake['hugo_s']:.1f}x Hugo's whole build, before any template, listing, "
            "feed or file"
        )
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "bake.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
