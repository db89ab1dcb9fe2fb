"""Where baked files live, and which file answers which URL: the one owner of the baked layout.

The bake writes files here, `dateline serve` and nginx answer from them, and mirror bundles are
made from them, so all three read the layout from this module rather than re-deriving it.

Layout: `DATELINE_BAKED_ROOT/site` is a symbolic link to the live build (`builds/<id>/`). A full
bake writes a new build beside it and swaps the link in one rename, so readers see the whole old
site or the whole new one. Inside a build, `/a/b/` is `a/b/index.html`, a URL naming a file
(`/feeds/all.rss`, `/sitemap.xml`) is that file, static files are under `static/` and image
renditions under `media/`, each edition's not-found page is `404.html` (`ko/404.html`), and
every text file has `.gz` and `.br` siblings holding the same bytes compressed.
"""

from pathlib import Path, PurePosixPath

from django.conf import settings

# Text files that get precompressed siblings, with the content type each is served as.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    # As the live feeds are sent (dateline/feeds/generators.py), so a browser shows their page.
    ".rss": "application/xml; charset=utf-8",
    ".atom": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xsl": "application/xslt+xml; charset=utf-8",
}
COMPRESSED_SUFFIXES = {".gz": "gzip", ".br": "br"}
INDEX_FILE = "index.html"
NOT_FOUND_FILE = "404.html"


def baked_root() -> Path:
    """Return the folder that holds the live link and the builds."""
    return Path(settings.DATELINE_BAKED_ROOT)


def site_dir() -> Path:
    """Return the live baked site: the link that a full bake swaps in one rename."""
    return baked_root() / "site"


def builds_dir() -> Path:
    """Return the folder where full bakes write each new build before it goes live."""
    return baked_root() / "builds"


def relative_file_for_url(url_path: str) -> PurePosixPath | None:
    """Return the file, relative to a build, that answers a URL path; None if none can.

    A path ending in `/` is a folder's `index.html`; any other path names its file. Paths that
    climb (`..`), hold empty or hidden segments other than `.well-known`, or are not absolute
    are refused, so no URL can reach outside the build or a temporary file inside it.
    """
    if not url_path.startswith("/") or "\x00" in url_path or "\\" in url_path:
        return None
    parts = url_path[1:].split("/")
    folder, name = parts[:-1], parts[-1]
    for part in folder:
        if not part or part in {".", ".."} or (part.startswith(".") and part != ".well-known"):
            return None
    if name in {".", ".."} or name.startswith("."):
        return None
    return PurePosixPath(*folder, name or INDEX_FILE)


def content_type_for(path: PurePosixPath | Path) -> str | None:
    """Return the content type a baked text file is served with, or None for other files."""
    return CONTENT_TYPES.get(path.suffix.lower())
