"""The bundle's manifest: every file's path, size and SHA-256, who signed it, when, with which key.

The signature covers the manifest's exact bytes, so checking never depends on how JSON is
re-serialised; `standalone_verify.py` reads the same fields.
"""

import hashlib
import json
from pathlib import Path

from django.utils import timezone

from . import signing
from .standalone_verify import FORMAT, MANIFEST, SIGNATURE


def file_entry(path: str, data: bytes) -> dict:
    return {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def read(out: Path) -> dict | None:
    """Return an existing bundle's manifest, or None if the folder holds none."""
    try:
        return json.loads((out / MANIFEST).read_bytes())
    except (FileNotFoundError, ValueError):
        return None


def make(entries: list[dict], newsroom: str, address: str, editions: list[str], key) -> bytes:
    """Return the manifest's bytes for the given file entries."""
    public = key.public_key()
    manifest = {
        "format": FORMAT,
        "newsroom": {"name": newsroom, "address": address},
        "built_at": timezone.now().replace(microsecond=0).isoformat(),
        "editions": editions,
        "key": {
            "algorithm": "Ed25519",
            "public_key": signing.raw_base64(public),
            "fingerprint": signing.fingerprint(public),
        },
        "files": sorted(entries, key=lambda entry: entry["path"]),
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def write(out: Path, manifest_bytes: bytes, key) -> None:
    """Write the manifest and its signature, each through a temporary name, the signature last."""
    signature = signing.sign(manifest_bytes, key)
    for name, data in ((MANIFEST, manifest_bytes), (SIGNATURE, signature)):
        temporary = out / f".{name}.tmp"
        temporary.write_bytes(data)
        temporary.replace(out / name)
