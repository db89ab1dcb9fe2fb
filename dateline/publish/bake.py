"""The full bake: every public URL rendered into a new build, switched live in one rename.

Steps, in order: list the targets; render them (in several processes with `jobs`) into a new
build beside the live one; keep the previous file of any page whose render failed; bake the
static files and renditions the pages refer to; record URL → shown objects; point the `site`
link at the new build in one rename; remove the old builds. A bake killed at any moment leaves
the live link on a whole build, and the next bake removes the half-written one.
"""

import fcntl
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import files, paths
from .files import BakeError
from .models import BakedPage, PendingChange, ShownObject
from .render import Renderer, comparable
from .site import Target, all_targets

CHUNK = 20  # targets handed to a worker process at a time


@dataclass
class Outcome:
    """What rendering one target gave: written bytes, or the problem that kept its old file."""

    target: Target
    size: int = 0
    keys: set[str] = field(default_factory=set)
    assets: set[str] = field(default_factory=set)
    problem: str = ""
    gone: bool = False  # the URL is not public any more: its file is removed


@dataclass
class Summary:
    pages: int
    bytes: int
    seconds: float
    failures: list[Outcome]


@contextmanager
def bake_lock() -> Iterator[None]:
    """Hold the bake lock: one bake writes at a time; a killed bake's lock goes with it."""
    root = paths.baked_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / ".lock", "a")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise files.explain(error, root) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def live_build() -> Path | None:
    """Return the build the `site` link points at, or None before the first bake."""
    site = paths.site_dir()
    return site.resolve() if site.is_symlink() and site.resolve().is_dir() else None


def bake_target(renderer: Renderer, build: Path, item: Target, *, live: bool) -> Outcome:
    """Render one target and write it into the build; a failure leaves the build's file alone.

    Into the live build (a re-bake), each file is renamed into place, after the renditions and
    static files it refers to: a reader never gets half a file, nor a page whose picture is not
    there yet. A new build is not served yet, so its files are written directly and its assets
    copied once at the end.
    """
    rendered = renderer.render(item.url)
    if rendered.problem:
        return Outcome(item, problem=rendered.problem)
    if rendered.status != item.status:
        if rendered.status in (301, 302, 404, 410):
            files.remove_file(build, item.file)
            return Outcome(item, gone=True)
        return Outcome(item, problem=f"answered {rendered.status}")
    if live:
        bake_assets(build, rendered.asset_references(), atomic=True)
    size = files.write_file(build, item.file, rendered.body, atomic=live)
    return Outcome(item, size, rendered.keys, rendered.asset_references())


_worker: dict = {}


def _start_worker(build: str) -> None:
    _worker["renderer"] = Renderer()
    _worker["build"] = Path(build)


def _bake_chunk(chunk: list[Target]) -> list[Outcome]:
    renderer, build = _worker["renderer"], _worker["build"]
    return [bake_target(renderer, build, item, live=False) for item in chunk]


def render_all(targets: list[Target], build: Path, jobs: int, advance: Callable[[int], None]):
    """Render every target into the build, in `jobs` processes; yield each outcome."""
    chunks = [targets[i : i + CHUNK] for i in range(0, len(targets), CHUNK)]
    # Other processes cannot see an uncommitted transaction: a bake inside one renders alone.
    if jobs <= 1 or connection.in_atomic_block:
        _start_worker(str(build))
        for chunk in chunks:
            outcomes = _bake_chunk(chunk)
            advance(len(chunk))
            yield from outcomes
        return
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(str(build),)) as pool:
        for outcomes in pool.imap_unordered(_bake_chunk, chunks):
            advance(len(outcomes))
            yield from outcomes


def bake_assets(build: Path, references: set[str], *, atomic: bool) -> set[str]:
    """Copy the static files and renditions referred to (and what their CSS refers to)."""
    done, missing, queue = set(), set(), sorted(references)
    while queue:
        url_path = queue.pop()
        if url_path in done or url_path in missing:
            continue
        if files.copy_asset(build, url_path, atomic=atomic):
            done.add(url_path)
            queue += sorted(files.asset_references_in(build, url_path) - done)
        else:
            missing.add(url_path)
    return done


def record(outcomes: list[Outcome], *, replace_all: bool) -> None:
    """Store URL → shown keys for the outcomes written (all rows, for a full bake)."""
    written = [outcome for outcome in outcomes if not outcome.problem and not outcome.gone]
    gone = [outcome.target.url for outcome in outcomes if outcome.gone]
    with transaction.atomic():
        if replace_all:
            failed = {outcome.target.url for outcome in outcomes if outcome.problem}
            BakedPage.objects.exclude(url__in=failed).delete()
        else:
            BakedPage.objects.filter(url__in=gone + [o.target.url for o in written]).delete()
        pages = BakedPage.objects.bulk_create(
            [BakedPage(url=o.target.url, file=o.target.file) for o in written], batch_size=500
        )
        ShownObject.objects.bulk_create(
            [
                ShownObject(page=page, key=key)
                for page, outcome in zip(pages, written, strict=True)
                for key in sorted(outcome.keys)
            ],
            batch_size=2000,
        )


def _new_build() -> Path:
    builds = paths.builds_dir()
    build = builds / timezone.now().strftime(f"%Y%m%dT%H%M%S-{os.getpid()}")
    try:
        builds.mkdir(parents=True, exist_ok=True)
        build.mkdir()
    except OSError as error:
        raise files.explain(error, builds) from None
    return build


def _keep_previous(build: Path, previous: Path | None, failures: list[Outcome]) -> None:
    """Give each page that failed to render its file from the live build, if it had one."""
    for outcome in failures:
        if previous is None:
            continue
        for name in files.compressed_versions(outcome.target.file, b""):
            if (previous / name).is_file():
                (build / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(previous / name, build / name)


def switch_to(build: Path) -> None:
    """Point the `site` link at the build in one rename, then remove every other build."""
    site = paths.site_dir()
    temporary = site.with_name(f".site.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(Path("builds") / build.name, temporary)
    os.replace(temporary, site)
    for old in paths.builds_dir().iterdir():
        if old.is_dir() and old.name != build.name:
            shutil.rmtree(old, ignore_errors=True)


def full_bake(
    jobs: int = 1, progress: Callable[[int], None] | None = None, on_total=None
) -> Summary:
    """Bake every public URL into a new build and make it live; see the module's steps."""
    started, clock = timezone.now(), time.monotonic()
    advance = progress or (lambda n: None)
    with bake_lock():
        previous = live_build()
        build = _new_build()
        try:
            targets = all_targets()
            if on_total:
                on_total(len(targets))
            outcomes = list(render_all(targets, build, jobs, advance))
            failures = [outcome for outcome in outcomes if outcome.problem]
            _keep_previous(build, previous, failures)
            bake_assets(build, set().union(*(o.assets for o in outcomes)), atomic=False)
        except OSError as error:
            shutil.rmtree(build, ignore_errors=True)
            raise files.explain(error, build) from None
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        if outcomes and len(failures) == len(outcomes):
            shutil.rmtree(build, ignore_errors=True)
            first = failures[0]
            raise BakeError(
                _("No page could be rendered; the first, %(url)s: %(problem)s.")
                % {"url": first.target.url, "problem": first.problem}
            )
        record(outcomes, replace_all=True)
        PendingChange.objects.filter(created_at__lt=started, claimed=False).delete()
        switch_to(build)
    written = [o for o in outcomes if not o.problem and not o.gone]
    return Summary(len(written), sum(o.size for o in written), time.monotonic() - clock, failures)


def stale_files(advance: Callable[[int], None] | None = None) -> list[str]:
    """Return the baked files that differ from a fresh render, and public URLs not baked."""
    build = live_build()
    if build is None:
        raise BakeError(_("Nothing is baked yet: run `dateline bake` first."))
    renderer = Renderer()
    baked = set(BakedPage.objects.values_list("url", flat=True))
    stale = [item.file for item in all_targets() if item.url not in baked]
    for page in BakedPage.objects.order_by("file"):
        rendered = renderer.render(page.url)
        written = build / page.file
        current = written.read_bytes() if written.is_file() else None
        if current is None or comparable(current) != comparable(rendered.body):
            stale.append(page.file)
        if advance:
            advance(1)
    return stale
