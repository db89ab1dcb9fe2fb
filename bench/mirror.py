"""Mirror bundle build, update and verify speed, and bundle size, beside baking the same site.

    .venv/bin/python bench/mirror.py                  # 200 articles (figures scaled to 1,000)
    .venv/bin/python bench/mirror.py --articles 1000

One run makes a fresh SQLite newsroom of N articles (each with a hero photo) in a throwaway
DATELINE_HOME, bakes it, and measures, in the same process:

- the reference: baking the same site with `dateline bake`;
- `dateline mirror build` of the whole site, as a ratio to the bake, and per 1,000 articles;
- `--update` after one article is edited and the site re-baked, as a ratio to the bake;
- the bundle's size per article: its HTML, CSS and images, each file gzipped;
- `dateline mirror verify` per 1,000 files, beside a bare SHA-256 pass over the same files.
"""

import argparse
import gzip
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _setup(home: Path) -> None:
    os.environ["DATELINE_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _newsroom(articles: int) -> None:
    from dateline.news.factories import (
        ArticlePageFactory,
        NewsImageFactory,
        SectionPageFactory,
        edition_home,
        publish,
    )

    home = edition_home("en")
    sections = [
        publish(SectionPageFactory(parent=home, title=f"Section {n}", slug=f"section-{n}"))
        for n in range(5)
    ]
    photos = [NewsImageFactory(title=f"Photo {n}") for n in range(10)]
    for number in range(articles):
        publish(
            ArticlePageFactory(
                parent=sections[number % len(sections)],
                title=f"Bench story {number}",
                slug=f"bench-story-{number}",
                hero_image=photos[number % len(photos)],
            )
        )


def _bake() -> tuple[float, str]:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("bake", verbosity=0)
    return time.perf_counter() - started, "dateline bake"


def _gzipped_size(folder: Path) -> int:
    wanted = {".html", ".css", ".jpg", ".jpeg", ".png", ".webp", ".avif", ".js"}
    return sum(
        len(gzip.compress(path.read_bytes(), 6))
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in wanted and "pagefind" not in path.parts
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dateline-bench-mirror-") as folder:
        home = Path(folder)
        _setup(home)
        from dateline.news.models import ArticlePage
        from dateline.publish.mirror import signing
        from dateline.publish.mirror.bundle import build
        from dateline.publish.mirror.standalone_verify import check

        _newsroom(arguments.articles)
        signing.generate()
        bake_seconds, reference = _bake()
        out = home / "copy"
        build_seconds = build(out).seconds
        article = ArticlePage.objects.get(slug="bench-story-0")
        article.title = "Bench story 0, corrected"
        article.save_revision().publish()
        rebake_seconds, _ = _bake()
        update = build(out, update=True)
        files = [path for path in out.rglob("*") if path.is_file()]
        started = time.perf_counter()
        report = check(str(out))
        verify_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for path in files:
            hashlib.sha256(path.read_bytes()).hexdigest()
        hash_seconds = time.perf_counter() - started
        per_thousand = 1000 / arguments.articles
        print(f"articles: {arguments.articles}; reference: {reference}")
        print(
            f"bake: {bake_seconds:.2f} s ({bake_seconds * per_thousand:.1f} s per 1,000 articles)"
        )
        print(
            f"build: {build_seconds:.2f} s ({build_seconds * per_thousand:.1f} s per 1,000 articles), {build_seconds / bake_seconds:.2f}x the bake"
        )
        print(
            f"update after one edit: {update.seconds:.2f} s, {len(update.written)} files written, {update.seconds / rebake_seconds:.2f}x the re-bake"
        )
        print(
            f"bundle: {len(files)} files, {_gzipped_size(out) / arguments.articles / 1024:.1f} KB gzipped per article (HTML, CSS, JS, images; search index left out)"
        )
        print(
            f"verify: {verify_seconds / len(files) * 1000:.2f} s per 1,000 files ({'good' if report.ok else 'FAILED'}), {verify_seconds / hash_seconds:.2f}x a bare SHA-256 pass"
        )


if __name__ == "__main__":
    main()
