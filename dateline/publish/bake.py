"""The full bake: every public URL rendered into a new build, switched live in one rename.

Steps, in order: file again the listing rows a write around Wagtail left behind (as after
`fixtree --full`: `refile_drifted_listing_rows`); list the targets; render them (in several
processes with `jobs`) into a new build beside the live one; keep the previous file of any page
whose render failed; bake the static files and renditions the pages refer to; record URL → shown
objects; point the `site` link at the new build in one rename; remove the old builds. A bake
killed at any moment leaves the live link on a whole build, and the next bake removes the
half-written one.

With the baked site in a bucket (DATELINE_BAKED_BUCKET, several nodes) there is no link to swap:
each object is replaced in place, in one PUT, guarded like a re-bake's writes
(`claims.write_if_newest`), so a full bake never puts an older page over a re-bake's newer one;
a page whose render failed keeps its object, and the URLs no longer public are removed last.
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

from dateline.news.models.article import refile_drifted_listing_rows

from . import files, paths
from .claims import next_generation, note_written, write_if_newest
from .files import BakeError
from .models import BakedPage, PendingChange, ShownObject
from .render import Renderer, comparable
from .site import Target, all_targets
from .store import BucketStore, LocalStore, in_bucket, live_build, live_store, site_is_baked

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
    stale: bool = False  # a newer render of the URL was written first: this one was not


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


def bake_target(renderer: Renderer, store, item: Target, *, generation: int | None) -> Outcome:
    """Render one target and write it to the store; a failure leaves the store's file alone.

    Without a generation the store is a new build, not served yet: the file is written directly
    and assets are copied once at the end. With one, readers are served from the store (a re-bake,
    or a bake into a bucket): the renditions and static files the page refers to go in first, so
    no reader gets a page whose picture is not there yet, and the page is written only if no newer
    render of it was (`claims.write_if_newest`).
    """
    rendered = renderer.render(item.url)
    if rendered.problem:
        return Outcome(item, problem=rendered.problem)
    if rendered.status != item.status:
        if rendered.status not in (301, 302, 404, 410):
            return Outcome(item, problem=f"answered {rendered.status}")
        if generation is None:
            store.remove(item.file)
            return Outcome(item, gone=True)
        removed = write_if_newest(item.url, "", generation, lambda: store.remove(item.file))
        return Outcome(item, gone=True, stale=not removed)
    assets = rendered.asset_references()
    if generation is None:
        return Outcome(item, store.write(item.file, rendered.body), rendered.keys, assets)
    bake_assets(store, assets)
    written = write_if_newest(
        item.url,
        item.file,
        generation,
        lambda: store.write(item.file, rendered.body),
        rendered.keys,
    )
    size = len(rendered.body) if written else 0
    return Outcome(item, size, rendered.keys, assets, stale=not written)


_worker: dict = {}


def _start_worker(build: str | None, generation: int | None) -> None:
    _worker["renderer"] = Renderer()
    if build is None:
        _worker["store"] = BucketStore.from_settings()
    else:
        _worker["store"] = LocalStore(Path(build), live=False)
    _worker["generation"] = generation


def _bake_chunk(chunk: list[Target]) -> list[Outcome]:
    renderer, store, generation = _worker["renderer"], _worker["store"], _worker["generation"]
    return [bake_target(renderer, store, item, generation=generation) for item in chunk]


def render_all(
    targets: list[Target],
    build: Path | None,
    jobs: int,
    advance: Callable[[int], None],
    generation: int | None = None,
):
    """Render every target into the build (None: the bucket), in `jobs` processes; yield each
    outcome."""
    chunks = [targets[i : i + CHUNK] for i in range(0, len(targets), CHUNK)]
    start = (str(build) if build is not None else None, generation)
    # Other processes cannot see an uncommitted transaction: a bake inside one renders alone.
    if jobs <= 1 or connection.in_atomic_block:
        _start_worker(*start)
        for chunk in chunks:
            outcomes = _bake_chunk(chunk)
            advance(len(chunk))
            yield from outcomes
        return
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=start) as pool:
        for outcomes in pool.imap_unordered(_bake_chunk, chunks):
            advance(len(outcomes))
            yield from outcomes


def bake_assets(store, references: set[str]) -> None:
    """Put in the static files and renditions referred to (and what their CSS refers to)."""
    done, queue = set(), sorted(references)
    while queue:
        url_path = queue.pop()
        if url_path in done:
            continue
        done.add(url_path)
        asset = files.find_asset(url_path)
        if asset is None:
            continue
        stylesheet = store.put_asset(asset)
        if stylesheet is not None:
            queue += sorted(files.references_in(url_path, stylesheet) - done)


def record(outcomes: list[Outcome], generation: int) -> None:
    """Store URL → shown keys of a new build's pages, replacing every row but those that failed."""
    written = [outcome for outcome in outcomes if not outcome.problem and not outcome.gone]
    failed = {outcome.target.url for outcome in outcomes if outcome.problem}
    with transaction.atomic():
        BakedPage.objects.exclude(url__in=failed).delete()
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
        note_written([o.target.url for o in outcomes if not o.problem], generation)


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
    """Bake every public URL into a new build and make it live (or into the bucket, in place);
    see the module's steps."""
    started, clock = timezone.now(), time.monotonic()
    advance = progress or (lambda n: None)
    with bake_lock():
        generation = next_generation()  # taken before anything renders
        refile_drifted_listing_rows()
        targets = all_targets()
        if on_total:
            on_total(len(targets))
        if in_bucket():
            outcomes = _bake_into_bucket(targets, jobs, advance, generation)
        else:
            outcomes = _bake_new_build(targets, jobs, advance, generation)
        PendingChange.objects.filter(created_at__lt=started, claimed_at__isnull=True).delete()
    written = [o for o in outcomes if not o.problem and not o.gone and not o.stale]
    failures = [o for o in outcomes if o.problem]
    return Summary(len(written), sum(o.size for o in written), time.monotonic() - clock, failures)


def _bake_new_build(targets, jobs, advance, generation) -> list[Outcome]:
    """Render into a new build beside the live one, record it, and switch to it."""
    previous = live_build()
    build = _new_build()
    try:
        outcomes = list(render_all(targets, build, jobs, advance))
        failures = [outcome for outcome in outcomes if outcome.problem]
        _keep_previous(build, previous, failures)
        bake_assets(LocalStore(build, live=False), set().union(*(o.assets for o in outcomes)))
    except OSError as error:
        shutil.rmtree(build, ignore_errors=True)
        raise files.explain(error, build) from None
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    if outcomes and len(failures) == len(outcomes):
        shutil.rmtree(build, ignore_errors=True)
        _refuse_total_failure(failures)
    record(outcomes, generation)
    switch_to(build)
    return outcomes


def _bake_into_bucket(targets, jobs, advance, generation) -> list[Outcome]:
    """Write every target's object in place, then remove those of URLs no longer public."""
    outcomes = list(render_all(targets, None, jobs, advance, generation))
    failures = [outcome for outcome in outcomes if outcome.problem]
    if outcomes and len(failures) == len(outcomes):
        _refuse_total_failure(failures)
    store, public = BucketStore.from_settings(), {item.url for item in targets}
    for url, file in BakedPage.objects.values_list("url", "file"):
        if url not in public:
            write_if_newest(url, "", generation, lambda file=file: store.remove(file))
    return outcomes


def _refuse_total_failure(failures: list[Outcome]) -> None:
    first = failures[0]
    raise BakeError(
        _("No page could be rendered; the first, %(url)s: %(problem)s.")
        % {"url": first.target.url, "problem": first.problem}
    )


def stale_files(advance: Callable[[int], None] | None = None) -> list[str]:
    """Return the baked files that differ from a fresh render, and public URLs not baked."""
    store = live_store() if site_is_baked() else None
    if store is None:
        raise BakeError(_("Nothing is baked yet: run `dateline bake` first."))
    renderer = Renderer()
    baked = set(BakedPage.objects.values_list("url", flat=True))
    stale = [item.file for item in all_targets() if item.url not in baked]
    for page in BakedPage.objects.order_by("file"):
        rendered = renderer.render(page.url)
        current = store.read(page.file)
        if current is None or comparable(current) != comparable(rendered.body):
            stale.append(page.file)
        if advance:
            advance(1)
    return stale
