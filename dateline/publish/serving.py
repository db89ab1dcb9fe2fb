"""How a baked file is answered: its content type and how long browsers and caches may keep it.

`dateline serve`'s front (`front.py`) and the generated nginx configuration (`nginx.py`) both
read these rules, so a file goes out with the same headers whichever of the two answers it.
"""

import re
from pathlib import PurePosixPath

from django.conf import settings

from dateline.publish import paths

# Files without precompressed siblings that a baked site holds: renditions, icons, fonts, documents.
BINARY_TYPES = {
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
}
FALLBACK_TYPE = "application/octet-stream"

# A static file named with the content hash Django's manifest storage adds (`site.3f2a9c0b1d4e.css`)
# changes its name whenever its content changes, and so does a rendition under `media/images/`
# (its name carries the filter and the focal point): both may be kept for a year.
HASHED_STATIC_PATTERN = r"^static/.*\.[0-9a-f]{12}\.[^/]+$"
RENDITIONS_FOLDER = "media/images/"
_HASHED_STATIC = re.compile(HASHED_STATIC_PATTERN)
IMMUTABLE = "public, max-age=31536000, immutable"


def content_type_for_file(relative: PurePosixPath) -> str:
    """Return the content type a baked file is answered with, text or not."""
    suffix = relative.suffix.lower()
    return paths.content_type_for(relative) or BINARY_TYPES.get(suffix, FALLBACK_TYPE)


def is_compressible(relative: PurePosixPath) -> bool:
    """Say whether the bake writes `.gz` and `.br` siblings for this file."""
    return paths.content_type_for(relative) is not None


def page_cache_control() -> str:
    """Return the Cache-Control of pages, feeds and every other file whose name does not change.

    Short, because a re-bake changes the page within a second; stale-while-revalidate lets a cache
    keep answering while it fetches the new one, so a spike of readers reaches the server once.
    """
    max_age = settings.DATELINE_PAGE_MAX_AGE
    return f"public, max-age={max_age}, stale-while-revalidate={max_age * 10}"


def cache_control_for(relative: PurePosixPath) -> str:
    """Return the Cache-Control a baked file is answered with."""
    name = str(relative)
    if name.startswith(RENDITIONS_FOLDER) or _HASHED_STATIC.match(name):
        return IMMUTABLE
    return page_cache_control()
