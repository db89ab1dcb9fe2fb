"""`dateline serve`'s front: answer baked files without Django, and hand everything else to it.

A Granian RSGI application. A GET or HEAD without a query string whose URL has a baked file is
answered on the event loop from memory (small files) or from disk (large ones), with the
precompressed sibling the reader accepts, an ETag and Last-Modified, a 304 when the reader's copy
is current, the cache and security headers of `serving.py` and `core.headers`, and a page's
`Onion-Location` (`onion.py`). Anything else (the admin, previews, POSTs, search, query strings,
URLs not baked, the whole site before its first bake, with DATELINE_BAKE off, or with the baked
site in a bucket) goes to Django, unchanged, through `WSGIBridge`.

The session cookie plays no part: a public page is the same for staff as for readers (no
template shows who is logged in), and letting a cookie pick Django would let anyone skip the bake.
Range requests are answered with the whole file (200), which the HTTP standard allows.
"""

import functools
import os
import stat
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path, PurePosixPath

from django.conf import settings

from dateline.core.headers import public_headers
from dateline.publish import onion, paths, serving
from dateline.publish.store import in_bucket
from dateline.publish.wsgi_bridge import WSGIBridge

# Files larger than this are sent from disk by Granian rather than kept in memory.
LARGEST_CACHED_FILE = 1024 * 1024
# How stale a kept file may be after a bake changed it: well inside the second a change may take.
RECHECK_SECONDS = 0.1
ENCODINGS = ("br", "gzip")  # The server's preference when the reader likes both as much.
SIBLINGS = {"br": ".br", "gzip": ".gz"}


@dataclass(frozen=True, slots=True)
class Variant:
    """One stored representation of a baked file: as written, or a compressed sibling."""

    identity: tuple[int, int, int, int]  # device, inode, mtime in ns, size: changes with the file
    path: str  # the resolved file, inside the build it was read from
    body: bytes | None  # None when too large to keep in memory
    etag: str
    headers: list[tuple[str, str]]  # of a 200; a 304 sends the same but Content-Type


@dataclass(frozen=True, slots=True)
class Entry:
    """A baked URL's file and its siblings, as they were when read."""

    url_path: str
    variants: dict[str, Variant]  # "identity", and "gzip" / "br" when the siblings exist
    # Each path under the live link that answers this URL, with what was read there (None: absent).
    expected: tuple[tuple[str, Variant | None], ...]
    last_modified: int  # seconds, as Last-Modified and If-Modified-Since count them
    size: int


class BakedFiles:
    """Find the baked file of a URL, keeping small ones in memory until they change on disk.

    What is kept is checked against the live build, with one `stat` per representation, at most
    every `recheck` seconds: a full bake swaps the `site` link and an incremental one renames new
    files in, and either gives the path a new inode, so neither leaves a stale page in memory for
    longer than that. (The stats would cost a quarter of the front's rate if made on every answer.)
    """

    def __init__(self, site: Path, capacity: int, recheck: float = RECHECK_SECONDS):
        self.site = site
        self.capacity = capacity
        self.recheck = recheck
        self.held = 0
        self._entries: dict[str, Entry] = {}
        self._checked: dict[str, float] = {}

    def lookup(self, url_path: str) -> Entry | None:
        entry = self._entries.get(url_path)
        if entry is not None:
            now = time.monotonic()
            if now - self._checked[url_path] < self.recheck:
                return entry
            if self._current(entry):
                self._checked[url_path] = now
                return entry
            self._forget(url_path)
        entry = self._read(url_path)
        if entry is not None:
            self._keep(entry)
        return entry

    def _current(self, entry: Entry) -> bool:
        """Say whether each representation on disk is the one kept, and none has come or gone."""
        for stored, variant in entry.expected:
            try:
                found = os.stat(stored)
            except OSError:
                if variant is None:
                    continue
                return False
            if variant is None:
                return False  # A sibling written since: read the file again to offer it.
            if (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size) != variant.identity:
                return False
        return True

    def _read(self, url_path: str) -> Entry | None:
        relative = paths.relative_file_for_url(url_path)
        if relative is None:
            return None
        try:
            build = os.path.realpath(self.site, strict=True)
        except OSError:
            return None  # Never baked: every URL is Django's.
        extra = _page_headers(url_path, relative)
        identity = _read_variant(build, relative, relative, "identity", None, extra)
        if identity is None:
            return None
        variants = {"identity": identity}
        # Every representation says the page's own modification time, as If-Modified-Since
        # is compared with that whichever representation the reader was given.
        modified = identity.identity[2] / 1e9
        if serving.is_compressible(relative):
            for encoding in ENCODINGS:
                sibling = relative.with_name(relative.name + SIBLINGS[encoding])
                variant = _read_variant(build, relative, sibling, encoding, modified, extra)
                if variant is not None:
                    variants[encoding] = variant
        expected = [(str(self.site / relative), identity)]
        if serving.is_compressible(relative):
            expected += [
                (f"{self.site / relative}{SIBLINGS[encoding]}", variants.get(encoding))
                for encoding in ENCODINGS
            ]
        size = sum(len(v.body) for v in variants.values() if v.body is not None)
        return Entry(url_path, variants, tuple(expected), int(identity.identity[2] // 10**9), size)

    def _keep(self, entry: Entry) -> None:
        if entry.size > self.capacity:
            return
        while self._entries and self.held + entry.size > self.capacity:
            self._forget(next(iter(self._entries)))  # The oldest kept goes first.
        self._entries[entry.url_path] = entry
        self._checked[entry.url_path] = time.monotonic()
        self.held += entry.size

    def _forget(self, url_path: str) -> None:
        self.held -= self._entries.pop(url_path).size
        del self._checked[url_path]


def _page_headers(url_path: str, relative: PurePosixPath) -> list[tuple[str, str]]:
    """Return the headers that depend on the URL: `Onion-Location` on pages, when set."""
    if onion.announces(serving.content_type_for_file(relative)):
        return [(onion.HEADER.lower(), onion.onion_location(url_path))]
    return []


def _read_variant(
    build: str,
    relative: PurePosixPath,
    stored: PurePosixPath,
    encoding: str,
    modified: float | None,
    extra: list[tuple[str, str]],
) -> Variant | None:
    """Read one representation, refusing anything that is not a regular file inside the build."""
    real = os.path.realpath(os.path.join(build, stored))
    if not real.startswith(build + os.sep):
        return None  # A symbolic link out of the build.
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            return None  # A folder: /a/b without its slash is Django's to redirect.
        body = (
            _read_all(descriptor, found.st_size) if found.st_size <= LARGEST_CACHED_FILE else None
        )
    finally:
        os.close(descriptor)
    identity = (found.st_dev, found.st_ino, found.st_mtime_ns, found.st_size)
    etag = f'"{found.st_mtime_ns:x}-{found.st_size:x}"'
    modified = found.st_mtime if modified is None else modified
    headers = _headers(relative, encoding, etag, modified) + extra
    return Variant(identity, real, body, etag, headers)


def _read_all(descriptor: int, size: int) -> bytes:
    chunks = []
    while chunk := os.read(descriptor, max(size, 65536)):
        chunks.append(chunk)
    return b"".join(chunks)


def _headers(relative: PurePosixPath, encoding: str, etag: str, modified: float):
    headers = [
        ("content-type", serving.content_type_for_file(relative)),
        ("cache-control", serving.cache_control_for(relative)),
        ("etag", etag),
        ("last-modified", formatdate(modified, usegmt=True)),
    ]
    if serving.is_compressible(relative):
        headers.append(("vary", "Accept-Encoding"))
    if encoding != "identity":
        headers.append(("content-encoding", encoding))
    return headers + [(name.lower(), value) for name, value in public_headers()]


class Front:
    """The RSGI application `dateline serve` runs: baked files first, Django for the rest."""

    def __init__(self, django, files: BakedFiles | None):
        self.django = django
        self.files = files

    async def __call__(self, scope, protocol) -> None:
        if self.files is not None and scope.method in {"GET", "HEAD"} and not scope.query_string:
            entry = self.files.lookup(scope.path)
            if entry is not None:
                answer(entry, scope.headers, protocol)
                return
        await self.django(scope, protocol)


def build_front(django_application) -> Front:
    """Return the front for these settings, with Django's WSGI application behind it."""
    files = None
    # With the baked site in a bucket, the CDN in front answers baked URLs from there; what
    # reaches a node is rendered by Django, which every node shares through the database and the
    # Redis cache, so any node's answer is as fresh as the bucket's.
    if settings.DATELINE_BAKE and not in_bucket():
        files = BakedFiles(paths.site_dir(), settings.DATELINE_SERVE_CACHE_MB * 1024 * 1024)
    return Front(WSGIBridge(django_application, settings.DATELINE_SERVE_THREADS), files)


def answer(entry: Entry, request_headers, protocol) -> None:
    """Answer a GET or HEAD from a baked file (Granian leaves the body out of a HEAD's answer)."""
    accepted = accepted_encodings(request_headers.get("accept-encoding"))
    variant = next(entry.variants[e] for e in (*accepted, "identity") if e in entry.variants)
    if not_modified(request_headers, variant.etag, entry.last_modified):
        protocol.response_empty(304, variant.headers[1:])  # All but Content-Type.
    elif variant.body is None:
        protocol.response_file(200, variant.headers, variant.path)
    else:
        protocol.response_bytes(200, variant.headers, variant.body)


@functools.lru_cache(maxsize=512)
def accepted_encodings(header: str | None) -> tuple[str, ...]:
    """Return the codings among br, gzip and identity the reader accepts, most wanted first.

    Reads q-values (`br;q=0.5, gzip`, `*;q=0`); among equal weights the server's order (br, gzip,
    identity) decides. Identity, unless named, comes last; it is refused only by name or by
    `*;q=0`.
    """
    weights: dict[str, float] = {}
    for item in (header or "").split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        if coding:
            weights[coding.lower()] = _quality(parameters)
    if "gzip" not in weights and "x-gzip" in weights:
        weights["gzip"] = weights["x-gzip"]
    anything = weights.get("*")

    def weight(coding: str) -> float:
        if coding in weights:
            return weights[coding]
        if anything is not None:
            return anything
        # Unnamed, identity is acceptable but last: any coding the reader names is preferred.
        return 0.001 if coding == "identity" else 0.0

    wanted = [coding for coding in (*ENCODINGS, "identity") if weight(coding) > 0]
    return tuple(sorted(wanted, key=weight, reverse=True))


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0


def not_modified(request_headers, etag: str, last_modified: int) -> bool:
    """Say whether the reader's copy is current: If-None-Match first, else If-Modified-Since."""
    tags = request_headers.get("if-none-match")
    if tags is not None:
        return tags.strip() == "*" or any(
            tag.strip().removeprefix("W/") == etag for tag in tags.split(",")
        )
    since = request_headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return last_modified <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
