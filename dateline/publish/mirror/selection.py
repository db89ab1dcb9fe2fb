"""Which baked files a bundle takes: the whole site, one edition, or the articles since a date.

Decided from the baked files themselves plus the page tree's record of which URLs are articles,
so a bundle never holds a page the bake did not make public.
"""

import re
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from dateline.news.models import ArticlePage

from ..paths import INDEX_FILE, relative_file_for_url

# Precompressed siblings are left out: static hosts compress for themselves, and a bundle that
# carried them would double its size and its manifest.
SKIPPED_SUFFIXES = {".gz", ".br"}
# robots.txt and the sitemaps speak for the origin to its crawlers; a copy elsewhere is not that
# site. The checker is fetched from the origin, never from the copy a forger could have changed.
# RSS and JSON feeds can only name absolute addresses, so in a copy they would lead readers to
# the origin: copies carry the Atom feeds, with relative links (see feeds.py).
_ORIGIN_ONLY = re.compile(
    r"^(robots\.txt|sitemap[^/]*\.xml|\.well-known/dateline_verify\.py"
    r"|(?:[\w-]+/)?feeds/.+\.(?:rss|json))$"
)
ASSET_FOLDERS = ("static/", "media/")
_HREF = re.compile(r"""\s(?:href|src)\s*=\s*["']([^"'#?]*)""", re.IGNORECASE)


def baked_files(site: Path) -> list[str]:
    """Return every baked file's path relative to the site, precompressed siblings left out."""
    found = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in SKIPPED_SUFFIXES:
            relative = path.relative_to(site).as_posix()
            parts = relative.split("/")
            hidden = any(part.startswith(".") and part != ".well-known" for part in parts)
            if not hidden and not _ORIGIN_ONLY.match(relative):
                found.append(relative)
    return sorted(found)


def edition_prefixes() -> dict[str, str]:
    """Return each language edition's folder in a build: "" for the default, "ko/" for Korean."""
    return {
        code: "" if code == settings.LANGUAGE_CODE else f"{code}/"
        for code, _name in settings.LANGUAGES
    }


def edition_of(path: str) -> str:
    """Return the language edition a baked file belongs to."""
    for code, prefix in edition_prefixes().items():
        if prefix and path.startswith(prefix):
            return code
    return settings.LANGUAGE_CODE


def is_asset(path: str) -> bool:
    return path.startswith(ASSET_FOLDERS)


def parse_since(value: str) -> datetime:
    """Return the start of a YYYY-MM-DD day in the newsroom's time zone; say how to write it."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--since {value!r} is not a date: write it as YYYY-MM-DD.") from None
    return timezone.make_aware(datetime.combine(day, time.min))


def _article_files(since: datetime | None) -> tuple[set[str], set[str]]:
    """Return (every public article's file, the files of those published since `since`)."""
    every, recent = set(), set()
    for article in ArticlePage.objects.live().public().only("id", "url_path", "first_published_at"):
        parts = Page.get_url_parts(article)
        file = parts and relative_file_for_url(parts[2])
        if not file:
            continue
        every.add(str(file))
        if since is None or (article.first_published_at and article.first_published_at >= since):
            recent.add(str(file))
    return every, recent


def _links_into(site: Path, page: str, targets: set[str]) -> bool:
    """Say whether a baked page links to any of the target files (so it leads readers to them)."""
    text = (site / page).read_text(encoding="utf-8", errors="replace")
    for url in _HREF.findall(text):
        file = relative_file_for_url(url) if url.startswith("/") else None
        if file and (str(file) in targets or f"{file}/{INDEX_FILE}" in targets):
            return True
    return False


def choose(site: Path, edition: str | None, since: datetime | None) -> list[str]:
    """Return the baked files a bundle takes, assets included (unreferenced ones go later)."""
    files = baked_files(site)
    if edition:
        files = [path for path in files if is_asset(path) or edition_of(path) == edition]
    if since is None:
        return files
    every_article, recent = _article_files(since)
    chosen = []
    for path in files:
        if is_asset(path) or path in recent:
            chosen.append(path)
        elif path in every_article:
            continue  # an article from before the date
        elif not path.endswith(".html") or _links_into(site, path, recent) or _is_fixed_page(path):
            chosen.append(path)
    return chosen


def _is_fixed_page(path: str) -> bool:
    """Keep the pages every copy needs whatever the date: not-found, checking, other ways in."""
    name = path.split("/", 1)[-1] if edition_of(path) != settings.LANGUAGE_CODE else path
    return name in {"404.html", "copies/index.html", "reach-us/index.html"}
