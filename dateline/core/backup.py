"""`dateline backup`: the database, the media and DATELINE_HOME's private files in one archive.

The archive is a gzipped tar, mode 0600 (it holds the secret key and every commenter's email):
`database/` holds a consistent copy of the database (database_copies.py), `media/` the uploads,
`home/` every other file of DATELINE_HOME that cannot be made again (the secret key, signing
keys). Left out: the baked site, collected static files, caches and temporary files, which
`dateline bake` and `collectstatic` make again; and the address-hashing keys, which must never
travel with the database, or a copy of both gives commenters' addresses back (a restored site
starts a new key, as a rotation does). Last comes
`manifest.json`, with the size and SHA-256 of every file, which `dateline restore` checks in full
before it changes anything.

The database is copied first and the files after it, so every file the copied rows name is there
(uploads are written before their row is saved); a file uploaded meanwhile is simply extra.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .database_copies import BackupError, copy_database, engine, sqlite_companions, sqlite_path
from .sqlite.base import writers_lock_path

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE, MEDIA, HOME = "database", "media", "home"
# Folders anywhere under DATELINE_HOME that only ever hold what can be made again.
THROWAWAY_FOLDERS = {"cache", "tmp", "__pycache__"}
THROWAWAY_SUFFIXES = (".tmp", ".restoring")


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    files: int
    size: int
    sha256: str


def make_backup(out: Path) -> BackupSummary:
    """Write the archive to `out` (or a dated file in it, when it is a folder); return a summary."""
    out = _archive_path(out)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".dateline-backup-") as staging:
        database_copy = copy_database(Path(staging))
        draft = Path(staging) / "archive.tar.gz"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw:
            written = _HashingWriter(raw)
            with tarfile.open(fileobj=written, mode="w:gz", compresslevel=6) as archive:
                entries = [_add_file(archive, database_copy, f"{DATABASE}/{database_copy.name}")]
                for source, name in files_to_keep():
                    entry = _add_file(archive, source, name)
                    if entry is not None:
                        entries.append(entry)
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "database": engine(),
                    "files": entries,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(draft, out)
    return BackupSummary(out, len(entries), written.size, written.digest.hexdigest())


def files_to_keep():
    """Yield (path, name in the archive) of each media file and private file of DATELINE_HOME."""
    home = Path(settings.DATELINE_HOME).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    database = sqlite_path().resolve() if engine() == "sqlite" else None
    skipped = {
        media,
        Path(settings.STATIC_ROOT).resolve(),
        Path(settings.DATELINE_BAKED_ROOT).resolve(),
        Path(settings.DATELINE_ADDRESS_KEYS_DIR).resolve(),
    }
    if database is not None:
        # The writers' lock file is made again by the first transaction; it holds nothing.
        skipped.update({database, *sqlite_companions(database), Path(writers_lock_path(database))})
    yield from _walk(media, MEDIA, set())
    yield from _walk(home, HOME, skipped)


def _walk(root: Path, prefix: str, skipped: set[Path]):
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in THROWAWAY_FOLDERS and (here / name) not in skipped
        )
        for name in sorted(names):
            path = here / name
            if (
                path in skipped
                or name.endswith(THROWAWAY_SUFFIXES)
                or name.startswith(".dateline-")
            ):
                continue
            if path.is_file() and not path.is_symlink():
                yield path, f"{prefix}/{path.relative_to(root).as_posix()}"


def _archive_path(out: Path) -> Path:
    """Return where the archive goes, refusing a place that would lose data or leak it."""
    out = out.expanduser().resolve()
    if out.is_dir():
        out = out / f"dateline-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    if out.exists():
        raise BackupError(_("%(path)s already exists: choose a new name.") % {"path": out})
    if not out.parent.is_dir():
        raise BackupError(_("There is no folder %(path)s.") % {"path": out.parent})
    home = Path(settings.DATELINE_HOME).resolve()
    if out.is_relative_to(home):
        raise BackupError(
            _(
                "Write the backup outside DATELINE_HOME (%(home)s): a copy kept inside it would be "
                "copied again by every later backup, and lost with the disk it is meant to survive."
            )
            % {"home": home}
        )
    return out


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict | None:
    """Add the file under `name`; return its manifest entry, None if it vanished meanwhile."""
    try:
        source = path.open("rb")
    except FileNotFoundError:  # a temporary file or a rendition deleted since the walk
        return None
    with source:
        status = os.fstat(source.fileno())
        member = tarfile.TarInfo(name)
        member.size, member.mtime, member.mode = status.st_size, int(status.st_mtime), 0o600
        reader = _HashingReader(source)
        try:
            archive.addfile(member, reader)
        except OSError:
            raise BackupError(
                _("%(path)s changed while it was being copied: run the backup again.")
                % {"path": path}
            ) from None
    return {"name": name, "size": member.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size, member.mtime, member.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(member, io.BytesIO(data))


class _HashingReader:
    """A file that hashes what is read from it, so each file is read once."""

    def __init__(self, raw):
        self.raw, self.digest = raw, hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.digest.update(data)
        return data


class _HashingWriter:
    """A file that hashes and counts what is written to it: the archive's own SHA-256."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def write(self, data):
        self.digest.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self):
        self.raw.flush()
