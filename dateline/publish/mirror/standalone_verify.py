#!/usr/bin/env python3
"""Check a Dateline mirror: its manifest's Ed25519 signature, then every file against the manifest.

This one file is the whole check. `dateline mirror verify` runs it, and a mirror operator who
never installs Dateline can run it alone, needing only Python 3.11 and `cryptography`:

    python3 dateline_verify.py COPY [--key KEY]

COPY is a folder, a .zip or an http(s) address of a bundle; KEY is the newsroom's public key (a
PEM file or text, its base64 form, or its `SHA256:` fingerprint), as published at
/.well-known/dateline-mirror-key.txt. Without --key the key named inside the copy is used, which
proves only that the copy is whole, not who made it. Exit status 0 means the signature and every
file match; 1 means something differs, and every added, missing or changed file is named.
"""

import argparse
import base64
import binascii
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
FORMAT = "dateline-mirror/1"


@dataclass
class Report:
    """What a check found; `ok` only when the signature and every file match."""

    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, detail)
    added: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    newsroom: str = ""
    address: str = ""
    built_at: str = ""
    fingerprint: str = ""
    pinned: bool = False
    files: int = 0
    can_list: bool = True

    @property
    def ok(self) -> bool:
        return not (self.problems or self.added or self.missing or self.changed)


class _Folder:
    def __init__(self, root: Path):
        self.root = root

    def read(self, name: str) -> bytes | None:
        try:
            return (self.root / name).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def names(self) -> set[str]:
        return {
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() or (path.is_symlink() and not path.is_dir())
        }


class _Zip:
    def __init__(self, path: Path):
        self.archive = zipfile.ZipFile(path)
        members = {info.filename for info in self.archive.infolist() if not info.is_dir()}
        # A bundle zipped with its folder holds everything under one top-level folder.
        self.prefix = ""
        if MANIFEST not in members:
            tops = {name.split("/", 1)[0] for name in members}
            if len(tops) == 1 and f"{next(iter(tops))}/{MANIFEST}" in members:
                self.prefix = next(iter(tops)) + "/"
        self.members = {
            name[len(self.prefix) :] for name in members if name.startswith(self.prefix)
        }

    def read(self, name: str) -> bytes | None:
        if name not in self.members:
            return None
        return self.archive.read(self.prefix + name)

    def names(self) -> set[str]:
        return set(self.members)


class _Web:
    """A bundle on a web server: files are fetched by path; a server cannot list extra files."""

    def __init__(self, url: str):
        self.base = url if url.endswith("/") else url + "/"

    def read(self, name: str) -> bytes | None:
        address = urllib.parse.urljoin(self.base, urllib.parse.quote(name))
        try:
            with urllib.request.urlopen(address, timeout=30) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code in (403, 404, 410):
                return None
            raise

    def names(self) -> None:
        return None


def open_copy(location: str):
    """Return a reader for a folder, a zip file or an http(s) address."""
    if location.startswith(("http://", "https://")):
        return _Web(location)
    path = Path(location)
    if path.is_dir():
        return _Folder(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return _Zip(path)
    raise ValueError(f"{location} is not a folder, a zip file or an http(s) address")


def read_public_key(text: str) -> tuple[Ed25519PublicKey | None, str]:
    """Return (key, fingerprint) from PEM text, base64 of the raw key, or a `SHA256:` fingerprint.

    A fingerprint alone gives no key; the copy's own key is then accepted only if it has that
    fingerprint.
    """
    text = text.strip()
    if text.lower().startswith("sha256:"):
        return None, "SHA256:" + text[7:].strip().lower().replace(":", "")
    if "BEGIN PUBLIC KEY" in text:
        key = serialization.load_pem_public_key(text.encode("ascii"))
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the key is not an Ed25519 public key")
    else:
        try:
            raw = base64.b64decode(text, validate=True)
        except binascii.Error:
            raise ValueError("the key is neither PEM, base64 nor a SHA256: fingerprint") from None
        if len(raw) != 32:
            raise ValueError("an Ed25519 public key is 32 bytes")
        key = Ed25519PublicKey.from_public_bytes(raw)
    return key, key_fingerprint(key)


def key_fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def _safe_path(name) -> bool:
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name:
        return False
    return (
        all(part not in ("", ".", "..") for part in PurePosixPath(name).parts) and "//" not in name
    )


def _load_manifest(copy, report: Report) -> dict | None:
    """Return the parsed manifest, or None with the reason added to the report."""
    manifest_bytes = copy.read(MANIFEST)
    if manifest_bytes is None:
        report.problems.append(("manifest-missing", MANIFEST))
        return None
    try:
        manifest = json.loads(manifest_bytes)
        entries = manifest["files"]
        if manifest.get("format") != FORMAT or not all(
            _safe_path(entry["path"]) and isinstance(entry["sha256"], str) for entry in entries
        ):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        report.problems.append(("manifest-invalid", MANIFEST))
        return None
    newsroom = manifest.get("newsroom", {})
    report.newsroom, report.address = newsroom.get("name", ""), newsroom.get("address", "")
    report.built_at = manifest.get("built_at", "")
    return manifest


def _check_signature(copy, manifest: dict, manifest_bytes: bytes, pinned: str | None, report):
    """Check the detached signature with the pinned key, or with the key the copy names."""
    named = manifest.get("key", {})
    try:
        own_key, own_fingerprint = read_public_key(named.get("public_key", ""))
    except ValueError:
        own_key, own_fingerprint = None, ""
    key, report.fingerprint = own_key, own_fingerprint
    if pinned:
        report.pinned = True
        pinned_key, pinned_fingerprint = read_public_key(pinned)
        if pinned_fingerprint != own_fingerprint:
            report.problems.append(("other-key", own_fingerprint or "?"))
        key = pinned_key or (own_key if pinned_fingerprint == own_fingerprint else None)
        report.fingerprint = pinned_fingerprint
    signature_file = copy.read(SIGNATURE)
    if signature_file is None:
        report.problems.append(("signature-missing", SIGNATURE))
        return
    try:
        signature = base64.b64decode(signature_file.strip(), validate=True)
        if key is None:
            raise InvalidSignature
        key.verify(signature, manifest_bytes)
    except (binascii.Error, InvalidSignature, ValueError):
        report.problems.append(("signature-bad", SIGNATURE))


def check(location: str, pinned_key: str | None = None) -> Report:
    """Check a copy: the manifest's signature, then each file's size and SHA-256."""
    report = Report()
    copy = open_copy(location)
    manifest = _load_manifest(copy, report)
    if manifest is None:
        return report
    _check_signature(copy, manifest, copy.read(MANIFEST), pinned_key, report)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    report.files = len(listed)
    for name, entry in sorted(listed.items()):
        data = copy.read(name)
        if data is None:
            report.missing.append(name)
        elif len(data) != entry.get("size") or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            report.changed.append(name)
    present = copy.names()
    if present is None:
        report.can_list = False
    else:
        report.added = sorted(present - set(listed) - {MANIFEST, SIGNATURE})
    return report


MESSAGES = {
    "manifest-missing": "No manifest.json: this is not a signed copy.",
    "manifest-invalid": "manifest.json is damaged or not a Dateline manifest.",
    "signature-missing": "No manifest.json.sig: the copy is not signed.",
    "signature-bad": "The signature does not match: manifest.json was changed or signed by someone else.",
    "other-key": "The copy names a different key ({detail}) from the one you gave.",
}


def describe(report: Report) -> list[str]:
    """Return the report as English lines, one problem or file per line."""
    lines = [MESSAGES[code].format(detail=detail) for code, detail in report.problems]
    lines += [f"changed: {name}" for name in report.changed]
    lines += [f"missing: {name}" for name in report.missing]
    lines += [f"added: {name}" for name in report.added]
    if report.ok:
        lines.append(
            f"This copy matches what {report.newsroom} signed on {report.built_at} "
            f"({report.files} files, key {report.fingerprint})."
        )
        if not report.pinned:
            lines.append("No --key given: the copy checked against the key it names itself.")
    if not report.can_list:
        lines.append(
            "Files added on a web server cannot be listed; only listed files were checked."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copy", help="folder, .zip or http(s) address of the copy")
    parser.add_argument("--key", help="public key: a PEM file, or PEM/base64/SHA256: text")
    arguments = parser.parse_args(argv)
    pinned = arguments.key
    if pinned and Path(pinned).is_file():
        pinned = Path(pinned).read_text()
    try:
        report = check(arguments.copy, pinned)
    except (ValueError, OSError, zipfile.BadZipFile) as error:
        print(f"Cannot check: {error}", file=sys.stderr)
        return 2
    print("\n".join(describe(report)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
