"""Build or update a mirror bundle from the baked site: copy, make links relative, index, sign.

A bundle is never rendered a second time: its pages are the baked files, rewritten only where a
link must change to work from another place. The few pages a bundle adds (the search page and
`verify.html`, per edition) are rendered by Django like any page and rewritten the same way.
A fresh build is written beside OUT and renamed into place; `--update` writes only files whose
bytes changed, removes files the origin no longer publishes, and signs the new manifest last.

A bundle is consistent by construction, even while editors publish: it is made from a private
snapshot of the live build taken under the bake lock (one state of the site between two bakes),
each snapshot file is read once, the manifest holds the hash of the very bytes written, every
link is resolved against the snapshot's files only, and the search index is built from exactly
the pages written.
"""

import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from .. import paths
from ..bake import bake_lock
from ..files import BakeError
from ..store import live_build
from ..views import KEY_URL
from . import feeds, manifest, selection, signing, texts
from .links import LinkRewriter, url_for_file
from .standalone_verify import MANIFEST, SIGNATURE

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"", re.IGNORECASE)
_COMMENT_FORM = re.compile(
    r"<form\b[^>]*\baction=\"(?:/[\w-]+)?/comments/post/[^\"]*\"[^>]*>.*?</form>",
    re.IGNORECASE | re.DOTALL,
)
BUNDLE_PAGES = ("verify.html", "search/index.html")


class BundleError(Exception):
    """The bundle cannot be built as asked; nothing was changed. The message says why."""


@dataclass
class Summary:
    files: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    unresolved: dict[str, set[str]] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0


def newsroom_name() -> str:
    """Return the name readers see on the front page of the default edition."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.title if site else settings.DATELINE_NEWSROOM_NAME


class _Writer:
    """Write files into a bundle folder, skipping those whose bytes the old manifest already has."""

    def __init__(self, root: Path, old: dict | None):
        self.root = root
        self.old = {entry["path"]: entry for entry in (old or {}).get("files", [])}
        self.entries: dict[str, dict] = {}
        self.written: list[str] = []

    def put(self, path: str, data: bytes) -> None:
        """Record these bytes in the manifest and make sure the file holds exactly them."""
        entry = manifest.file_entry(path, data)
        self.entries[path] = entry
        target = self.root / path
        if self.old.get(path) == entry and _holds(target, data):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
        self.written.append(path)

    def remove_stale(self) -> list[str]:
        """Delete the files the last build wrote that this one did not, and emptied folders."""
        stale = sorted(set(self.old) - set(self.entries))
        for path in stale:
            (self.root / path).unlink(missing_ok=True)
            folder = (self.root / path).parent
            while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return stale


def _holds(target: Path, data: bytes) -> bool:
    """Say whether a file already holds these bytes (a file changed by hand is rewritten)."""
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


class _Pages:
    """Render the pages a bundle adds, and the banner each page gets, once per language."""

    def __init__(self, origin: str, newsroom: str, key):
        self.origin = urlsplit(origin)
        self.newsroom, self.key = newsroom, key
        self._banners: dict[str, str] = {}
        self._comment_links: dict[str, str] = {}

    def _request(self, url: str):
        return RequestFactory().get(
            url, HTTP_HOST=self.origin.netloc, secure=self.origin.scheme == "https"
        )

    def render(self, language: str, prefix: str, name: str) -> bytes:
        """Render the search page or verify.html for one edition, with root-relative links."""
        if name == "verify.html":
            template, messages = "publish/mirror/verify.html", texts.verify_messages
        else:
            template, messages = "publish/mirror/search.html", texts.search_messages
        root = "../" * (prefix + name).count("/")
        public = self.key.public_key()
        with translation.override(language):
            return render_to_string(
                template,
                {
                    "request": self._request(f"/{prefix}{name}".replace("index.html", "")),
                    "bundle_root": root,
                    "newsroom": self.newsroom,
                    "public_key": signing.raw_base64(public),
                    "fingerprint": signing.fingerprint(public),
                    "key_address": f"{self.origin.scheme}://{self.origin.netloc}{KEY_URL}",
                    "messages": messages(),
                },
            ).encode("utf-8")

    def banner(self, language: str, original: str, verify: str) -> str:
        """Return the notice at the top of each bundled page: a copy, its original, its check."""
        if language not in self._banners:
            with translation.override(language):
                self._banners[language] = render_to_string(
                    "publish/mirror/_banner.html",
                    {
                        "newsroom": self.newsroom,
                        "original": "\x00ORIGINAL\x00",
                        "verify": "\x00VERIFY\x00",
                    },
                )
        return (
            self._banners[language]
            .replace("\x00ORIGINAL\x00", original)
            .replace("\x00VERIFY\x00", verify)
        )

    def comment_link(self, language: str, address: str) -> str:
        if language not in self._comment_links:
            with translation.override(language):
                self._comment_links[language] = render_to_string(
                    "publish/mirror/_comment_link.html", {"address": "\x00ADDRESS\x00"}
                )
        return self._comment_links[language].replace("\x00ADDRESS\x00", address)


def _verify_page_for(path: str) -> str:
    return selection.edition_prefixes()[selection.edition_of(path)] + "verify.html"


def _rewrite_page(path: str, text: str, rewriter: LinkRewriter, pages: _Pages) -> str:
    """Return one bundled page: links relative, the banner added, the comment form settled."""
    found = _LANG.search(text)
    language = found.group(1) if found else settings.LANGUAGE_CODE
    original = rewriter.origin_url(url_for_file(path), path)
    keep_form = settings.DATELINE_MIRROR_COMMENTS == "form"
    if not keep_form:
        text = _COMMENT_FORM.sub(
            lambda _m: pages.comment_link(language, original + "#respond"), text
        )
    text = rewriter.html(text, path, keep_form)
    verify = rewriter.relative("/" + _verify_page_for(path), path) or "verify.html"
    body = _BODY.search(text)
    if body:
        banner = pages.banner(language, original, verify)
        text = text[: body.end()] + banner + text[body.end() :]
    return text


def _pagefind(target: Path, writer: _Writer) -> None:
    """Index exactly the pages this build wrote with Pagefind, and add the index to the bundle.

    Pagefind reads a folder of links to the written pages, not the bundle itself: an updated
    bundle still holds the pages about to be removed (and perhaps files that are not ours), and
    a search result must never lead to either.
    """
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.index-", dir=target.parent) as work:
        site, output = Path(work) / "site", Path(work) / "index"
        for path in writer.entries:
            if path.endswith(".html"):
                _link_or_copy(target / path, site / path)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(site),
                "--output-path",
                str(output),
                "--keep-index-url",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BundleError(
                _("Pagefind could not index the bundle: %(error)s")
                % {"error": result.stderr.strip()[-500:]}
            )
        for file in sorted(output.rglob("*")):
            if file.is_file():
                writer.put("pagefind/" + file.relative_to(output).as_posix(), file.read_bytes())


def _link_or_copy(source: Path, target: Path) -> None:
    """Give `target` the bytes `source` has now: a hard link when the disk allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.EACCES):
            raise
        shutil.copyfile(source, target)


SNAPSHOT_PREFIX = ".mirror-snapshot-"


def _remove_abandoned_snapshots() -> None:
    """Remove the snapshots of builds that were killed: their process is gone, their folder not.

    Each snapshot is named after the process that made it; one whose process still runs is
    another build's, in use.
    """
    for folder in paths.baked_root().glob(f"{SNAPSHOT_PREFIX}*"):
        pid = folder.name.removeprefix(SNAPSHOT_PREFIX).partition("-")[0]
        if pid.isdigit() and not _process_runs(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it runs
    return True


@contextmanager
def _snapshot() -> Iterator[Path]:
    """Yield a private copy of the live build that nothing else writes to, removed afterwards.

    Taken while holding the bake lock, so it is one state of the site between two bakes (a
    burst of changes is applied whole under the same lock). The bake never changes a file in
    place (it renames new files in, and a full bake writes a new build), so a hard link keeps the
    bytes the file had when linked: the snapshot is cheap, and the lock is held only that long.
    """
    try:
        with bake_lock():
            source = live_build()
            if source is None:
                raise BundleError(
                    _("No baked site at %(path)s. Run `dateline bake` first.")
                    % {"path": paths.site_dir()}
                )
            _remove_abandoned_snapshots()
            folder = Path(
                tempfile.mkdtemp(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-", dir=paths.baked_root())
            )
            try:
                for path in selection.baked_files(source):
                    _link_or_copy(source / path, folder / path)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
    except BakeError as error:
        raise BundleError(str(error)) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(source: Path, chosen, added, rewriter: LinkRewriter, pages: _Pages, writer: _Writer):
    """Write the pages with their links rewritten, then the assets, images only if shown."""
    for path in sorted(set(chosen) | set(added)):
        if selection.is_asset(path):
            continue
        data = pages.render(*added[path]) if path in added else (source / path).read_bytes()
        if path.endswith(".html"):
            data = _rewrite_page(path, data.decode("utf-8"), rewriter, pages).encode("utf-8")
        elif path.endswith(feeds.ATOM_SUFFIX):
            data = feeds.atom(data, path, rewriter)
        writer.put(path, data)
    for path in chosen:
        if path.startswith("static/"):
            data = (source / path).read_bytes()
            if path.endswith(".css"):
                data = rewriter.css(data.decode("utf-8"), path).encode("utf-8")
            writer.put(path, data)
    for path in chosen:
        if path.startswith("media/") and path in rewriter.reached:
            writer.put(path, (source / path).read_bytes())


def _fill(target: Path, old: dict | None, edition: str | None, since) -> Summary:
    """Write every bundle file into `target` and sign; return what was done."""
    key = signing.load_private_key()
    with _snapshot() as source:
        return _fill_from(source, target, old, edition, since, key)


def _fill_from(source: Path, target: Path, old: dict | None, edition, since, key) -> Summary:
    """Write the bundle of one snapshot into `target` and sign it."""
    newsroom = newsroom_name()
    chosen = selection.choose(source, edition, since)
    editions = [
        code
        for code, prefix in selection.edition_prefixes().items()
        if f"{prefix}index.html" in chosen
    ]
    if not editions:
        raise BundleError(_("The baked site has no front page for that edition."))
    added = {
        prefix + name: (code, prefix, name)
        for code, prefix in selection.edition_prefixes().items()
        if code in editions
        for name in BUNDLE_PAGES
    }
    rewriter = LinkRewriter(set(chosen) | set(added), settings.DATELINE_BASE_URL)
    writer = _Writer(target, old)
    _copy(
        source, chosen, added, rewriter, _Pages(settings.DATELINE_BASE_URL, newsroom, key), writer
    )
    _pagefind(target, writer)
    summary = Summary(
        files=len(writer.entries), written=writer.written, unresolved=rewriter.unresolved
    )
    summary.removed = writer.remove_stale()
    summary.foreign = sorted(_present(target) - set(writer.entries) - {MANIFEST, SIGNATURE})
    summary.bytes = sum(entry["size"] for entry in writer.entries.values())
    manifest.write(
        target,
        manifest.make(
            list(writer.entries.values()), newsroom, settings.DATELINE_BASE_URL, editions, key
        ),
        key,
    )
    return summary


def _present(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }


def build(
    out: Path, *, update: bool = False, edition: str | None = None, since=None, as_zip: bool = False
) -> Summary:
    """Build a bundle at `out` (a folder, or a zip file with `as_zip`), or update one in place."""
    started = time.perf_counter()
    if edition and edition not in selection.edition_prefixes():
        raise BundleError(
            _("There is no %(code)s edition. Editions: %(codes)s.")
            % {"code": edition, "codes": ", ".join(selection.edition_prefixes())}
        )
    if update:
        old = manifest.read(out)
        if old is None:
            raise BundleError(
                _("%(path)s holds no bundle to update. Build one first.") % {"path": out}
            )
        summary = _fill(out, old, edition, since)
    else:
        if out.exists() and (out.is_file() or any(out.iterdir())):
            raise BundleError(
                _("%(path)s already exists. Choose a new place, or use --update.") % {"path": out}
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        try:
            summary = _fill(staging, None, edition, since)
            if as_zip:
                _zip(staging, out)
            else:
                if out.exists():
                    out.rmdir()
                os.replace(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _zip(folder: Path, out: Path) -> None:
    """Write the bundle as a zip with its files at the top level, through a temporary name."""
    temporary = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(_present(folder) | {MANIFEST, SIGNATURE}):
            archive.write(folder / path, path)
    temporary.replace(out)
