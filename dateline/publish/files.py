"""What a baked file is made of: the bytes with gzip and brotli siblings, the static files and
uploads pages refer to, and the bake's errors. Where the bytes go is `store.py`'s business.
"""

import errno
import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path

import brotli
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from dateline.core.storage import has_local_files

from . import paths

GZIP_LEVEL = 9
# 5 writes a page's .br several times faster than 9 for under 1% more bytes (measured on the demo's
# article and feed); 11 is about 13% smaller and thirty times slower than 5.
BROTLI_QUALITY = 5


# Addresses of static files and renditions a page, feed or stylesheet refers to.
ASSET_REFERENCE = re.compile(r"""(?:/static/|/media/)[^"'\s()<>,?#\\]+""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


class BakeError(Exception):
    """A problem that stops the bake, with a message that says what to do."""


def explain(error: OSError, where: Path) -> BakeError:
    """Turn a write failure into a message naming the place and the fix."""
    if error.errno == errno.ENOSPC:
        message = _(
            "No space left on the device holding %(where)s. Free some space or point "
            "DATELINE_BAKED_ROOT at a larger disk; the served site is unchanged."
        )
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = _(
            "Cannot write to %(where)s (%(reason)s). Make it writable or set "
            "DATELINE_BAKED_ROOT to a writable folder; the served site is unchanged."
        )
    else:
        message = _("Cannot write %(where)s (%(reason)s); the served site is unchanged.")
    return BakeError(message % {"where": where, "reason": error.strerror})


def compressed_versions(relative: str, data: bytes) -> dict[str, bytes]:
    """Return the file and, for text files, its `.gz` and `.br` siblings, by relative name."""
    versions = {relative: data}
    if Path(relative).suffix.lower() in paths.CONTENT_TYPES:
        versions[relative + ".gz"] = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        versions[relative + ".br"] = brotli.compress(data, quality=BROTLI_QUALITY)
    return versions


def store_error(error: Exception, where: str) -> BakeError:
    """Turn an object store's refusal into a message naming the object and the settings to check."""
    return BakeError(
        _(
            "The object store refused %(where)s (%(reason)s). Check DATELINE_BAKED_BUCKET and the "
            "DATELINE_S3_* settings; files already there are unchanged."
        )
        % {"where": where, "reason": error}
    )


@dataclass(frozen=True)
class Asset:
    """A static file or upload a page refers to: a file on this machine, or a name in the
    media storage (a bucket, when the newsroom runs on several nodes)."""

    url_path: str
    relative: str
    path: Path | None = None
    stored_name: str | None = None

    def read(self) -> bytes:
        if self.path is not None:
            return self.path.read_bytes()
        with default_storage.open(self.stored_name, "rb") as stored:
            return stored.read()


def find_asset(url_path: str) -> Asset | None:
    """Return the file behind a /static/ or /media/ address, or None if there is none."""
    relative = paths.relative_file_for_url(url_path)
    if relative is None:
        return None
    static, media = settings.STATIC_URL, settings.MEDIA_URL
    if url_path.startswith(static):
        name = url_path[len(static) :]
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file():
            return Asset(url_path, str(relative), path=collected)
        found = finders.find(name)
        return Asset(url_path, str(relative), path=Path(found)) if found else None
    if url_path.startswith(media):
        name = url_path[len(media) :]
        if not has_local_files():
            exists = default_storage.exists(name)
            return Asset(url_path, str(relative), stored_name=name) if exists else None
        uploaded = Path(settings.MEDIA_ROOT) / name
        return Asset(url_path, str(relative), path=uploaded) if uploaded.is_file() else None
    return None


def references_in(url_path: str, data: bytes) -> set[str]:
    """Return what a stylesheet refers to (fonts, images), so those are baked too."""
    if not url_path.endswith(".css"):
        return set()
    text = data.decode("utf-8", errors="ignore")
    folder = url_path.rsplit("/", 1)[0]
    found = set(ASSET_REFERENCE.findall(text))
    for reference in _relative_urls(text):
        found.add(os.path.normpath(f"{folder}/{reference}"))
    return found


def _relative_urls(css: str) -> set[str]:
    urls = CSS_URL.findall(css)
    return {
        url.split("?")[0].split("#")[0]
        for url in urls
        if not url.startswith(("/", "data:", "http"))
    }
