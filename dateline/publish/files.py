"""Write baked files: each text file with gzip and brotli siblings, and the assets pages use.

Inside a build that is not live yet, files are written in place. Into the live build, each file
is written to a temporary name beside it and renamed over the old one, so a reader gets the old
file or the new one, never half of one, whatever happens to the bake.
"""

import errno
import gzip
import os
import re
import shutil
from pathlib import Path

import brotli
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

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


def write_file(build: Path, relative: str, data: bytes, *, atomic: bool) -> int:
    """Write a baked file and its compressed siblings; return the bytes of the file itself."""
    for name, content in compressed_versions(relative, data).items():
        destination = build / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if atomic:
            temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
            temporary.write_bytes(content)
            os.replace(temporary, destination)
        else:
            destination.write_bytes(content)
    return len(data)


def remove_file(build: Path, relative: str) -> None:
    """Remove a baked file that is no longer public, with its siblings."""
    for name in compressed_versions(relative, b""):
        (build / name).unlink(missing_ok=True)


def asset_source(url_path: str) -> Path | None:
    """Return the file behind a /static/ or /media/ address, or None if there is none."""
    static, media = settings.STATIC_URL, settings.MEDIA_URL
    if url_path.startswith(static):
        name = url_path[len(static) :]
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file():
            return collected
        found = finders.find(name)
        return Path(found) if found else None
    if url_path.startswith(media):
        uploaded = Path(settings.MEDIA_ROOT) / url_path[len(media) :]
        return uploaded if uploaded.is_file() else None
    return None


def copy_asset(build: Path, url_path: str, *, atomic: bool) -> bool:
    """Put a static file or rendition into the build at its address; False if it is missing.

    Already there means done: static names carry a hash of their content and renditions are
    never rewritten under the same name. A hard link costs no space when the disk allows it.
    """
    relative = paths.relative_file_for_url(url_path)
    source = asset_source(url_path)
    if relative is None or source is None:
        return False
    destination = build / relative
    if destination.exists():
        return True
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    if Path(relative).suffix.lower() in paths.CONTENT_TYPES:
        data = source.read_bytes()
        for name, content in compressed_versions(str(relative), data).items():
            if name != str(relative):
                (build / name).write_bytes(content)
    os.replace(temporary, destination)
    return True


def asset_references_in(build: Path, url_path: str) -> set[str]:
    """Return what a stylesheet refers to (fonts, images), so those are baked too."""
    if not url_path.endswith(".css"):
        return set()
    relative = paths.relative_file_for_url(url_path)
    text = (build / relative).read_text("utf-8", errors="ignore")
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
