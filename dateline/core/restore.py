"""`dateline restore`: put a `dateline backup` archive back, all of it or nothing of it.

The whole archive is read and every file checked against the manifest's size and SHA-256 before
anything is written, so a damaged or truncated archive changes nothing. A home that already holds
a site (a database with tables, or media) is only replaced when the operator says `--force`.
Stop the site (`dateline serve`, `dateline worker`) before restoring over it.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from .backup import DATABASE, FORMAT, HOME, MANIFEST, MEDIA
from .database_copies import BackupError, database_in_use, engine, restore_database

CHUNK = 1024 * 1024


def restore_backup(archive: Path, *, force: bool = False) -> dict:
    """Check the archive, then restore it; return its manifest."""
    manifest = verify_archive(archive)
    if manifest["database"] != engine():
        raise BackupError(
            _(
                "This backup holds a %(theirs)s database, and the settings name a %(ours)s one: "
                "restore it with the same kind of database (DATABASE_URL set for PostgreSQL, "
                "unset for SQLite)."
            )
            % {"theirs": manifest["database"], "ours": engine()}
        )
    in_use = what_home_holds()
    if in_use and not force:
        raise BackupError(
            _(
                "DATELINE_HOME=%(home)s already holds a site (%(what)s). Restoring would replace "
                "it: add --force to do so, or set DATELINE_HOME (and DATABASE_URL) to an empty "
                "place."
            )
            % {"home": settings.DATELINE_HOME, "what": ", ".join(in_use)}
        )
    home = Path(settings.DATELINE_HOME)
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home, prefix=".dateline-restore-") as staging:
        _unpack(archive, manifest, Path(staging))
        database_copy = next((Path(staging) / DATABASE).iterdir())
        restore_database(database_copy, replace=bool(in_use))
        _move_into_place(Path(staging) / MEDIA, Path(settings.MEDIA_ROOT), private=False)
        _move_into_place(Path(staging) / HOME, home, private=True)
    return manifest


def verify_archive(archive: Path) -> dict:
    """Read the whole archive and return its manifest; refuse it if anything does not match."""
    found = {}
    manifest = None
    try:
        with tarfile.open(archive, "r:gz") as reader:
            for member in reader:
                if member.name == MANIFEST and member.isfile():
                    manifest = json.load(reader.extractfile(member))
                elif member.isfile():
                    found[member.name] = _digest(reader.extractfile(member))
                else:
                    _refuse(
                        archive, _("it holds %(name)s, which is not a file") % {"name": member.name}
                    )
    except FileNotFoundError:
        raise BackupError(_("There is no file %(path)s.") % {"path": archive}) from None
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as error:
        _refuse(archive, str(error) or type(error).__name__)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        _refuse(archive, _("it has no manifest Dateline can read"))
    expected = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    for name in expected:
        if not _is_safe(name):
            _refuse(archive, _("it names a file outside its folders: %(name)s") % {"name": name})
    if found != expected:
        wrong = sorted(set(found.items()) ^ set(expected.items()))
        _refuse(archive, _("%(name)s does not match its checksum") % {"name": wrong[0][0]})
    if sum(name.startswith(f"{DATABASE}/") for name in expected) != 1:
        _refuse(archive, _("it holds no database"))
    return manifest


def what_home_holds() -> list[str]:
    """Describe what restoring would replace: the database's tables, the media files."""
    held = []
    database = database_in_use()
    if database:
        held.append(database)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(path.is_file() for path in media.rglob("*")):
        held.append(_("media files in %(path)s") % {"path": media})
    return held


def _refuse(archive: Path, reason: str):
    raise BackupError(
        _("%(path)s is damaged or incomplete (%(reason)s): nothing was restored.")
        % {"path": archive, "reason": reason}
    )


def _digest(source) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _is_safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and len(path.parts) >= 2
        and path.parts[0] in {DATABASE, MEDIA, HOME}
        and not any(part in {"", ".", ".."} for part in path.parts)
        and "\\" not in name
    )


def _unpack(archive: Path, manifest: dict, staging: Path) -> None:
    """Write each file of the archive under staging, checking its checksum once more."""
    expected = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    with tarfile.open(archive, "r:gz") as reader:
        for member in reader:
            if member.name not in expected:
                continue
            target = staging / member.name
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = reader.extractfile(member)
            with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected[member.name]:
                _refuse(archive, _("%(name)s changed while it was read") % {"name": member.name})


def _move_into_place(source: Path, target: Path, *, private: bool) -> None:
    """Move every file from source to the same place under target, replacing what is there."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(mode=0o700 if private else 0o755, parents=True, exist_ok=True)
        if not private:
            os.chmod(path, 0o644)  # uploads are read by the web server, as when first uploaded
        shutil.move(path, destination)
