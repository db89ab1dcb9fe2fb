"""`dateline mirror push`: upload a bundle to any S3-compatible store, the manifest last.

Only files the store does not hold byte for byte are sent: one listing gives every object's ETag,
which for a file sent in one part is its MD5 (a store whose ETags are not MD5s, such as AWS with
KMS encryption, simply gets every file again). Each object also carries its SHA-256 as metadata
for people to compare with the manifest. Files the bundle no longer has are deleted after the new
manifest is up, and the manifest and its signature go last, so a reader never meets a manifest
that names files not yet there. Pushing an unchanged bundle again sends nothing.
"""

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from boto3.s3.transfer import TransferConfig
from botocore.exceptions import BotoCoreError, ClientError
from django.utils.translation import gettext as _

from dateline.core.storage import s3_client

from . import manifest as bundle_manifest
from .standalone_verify import MANIFEST, SIGNATURE

HASH_KEY = "sha256"
# Files up to this size go up in one part, so the store's ETag is their MD5 and tells the next
# push which files it already holds; a larger one (an ETag ending in -N) is sent every time.
ONE_PART = TransferConfig(multipart_threshold=256 * 1024 * 1024)


class PushError(Exception):
    """The upload could not start or finish; the message says why."""


@dataclass
class PushSummary:
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def client():
    """Return an S3 client for the store the settings name (one maker for every S3 client)."""
    return s3_client()


def _target(address: str) -> tuple[str, str]:
    parts = urlsplit(address)
    if parts.scheme != "s3" or not parts.netloc:
        raise PushError(_("%(target)s is not an s3://BUCKET/PREFIX address.") % {"target": address})
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


def _stored_etags(s3, bucket: str, prefix: str) -> dict[str, str]:
    """Return each stored object under the prefix with its ETag, from one listing (no request
    per file)."""
    stored = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            stored[item["Key"][len(prefix) :]] = item["ETag"].strip('"')
    return stored


def _local_hashes(out: Path, manifest: dict) -> dict[str, tuple[str, str]]:
    """Return each file to send, manifest last, with its (MD5, SHA-256), each file read once.

    A bundle whose files no longer match its manifest is refused before anything is sent: a
    push only ever publishes what the newsroom signed.
    """
    hashes, wrong = {}, []
    for name in [entry["path"] for entry in manifest["files"]] + [MANIFEST, SIGNATURE]:
        try:
            data = (out / name).read_bytes()
        except OSError:
            wrong.append(name)
            continue
        hashes[name] = (
            hashlib.md5(data, usedforsecurity=False).hexdigest(),
            hashlib.sha256(data).hexdigest(),
        )
    signed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    wrong += [
        name for name, digest in signed.items() if name in hashes and hashes[name][1] != digest
    ]
    if wrong:
        raise PushError(
            _("%(path)s no longer matches its manifest (%(files)s). Build it again, then push.")
            % {"path": out, "files": ", ".join(sorted(wrong)[:5])}
        )
    return hashes


def _upload(s3, bucket: str, key: str, path: Path, digest: str) -> None:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in {"application/json", "text/javascript"}:
        content_type += "; charset=utf-8"
    s3.upload_file(
        str(path),
        bucket,
        key,
        ExtraArgs={"ContentType": content_type, "Metadata": {HASH_KEY: digest}},
        Config=ONE_PART,
    )


def push(out: Path, address: str) -> PushSummary:
    """Upload the bundle at `out` to `s3://bucket/prefix`, changed files only, manifest last."""
    manifest = bundle_manifest.read(out)
    if manifest is None:
        raise PushError(_("%(path)s holds no bundle (no manifest.json).") % {"path": out})
    bucket, prefix = _target(address)
    hashes = _local_hashes(out, manifest)
    s3, summary = client(), PushSummary()
    try:
        stored = _stored_etags(s3, bucket, prefix)
        for name, (md5, sha256) in hashes.items():  # the manifest and its signature last
            if stored.get(name) == md5:
                summary.unchanged += 1
                continue
            _upload(s3, bucket, prefix + name, out / name, sha256)
            summary.uploaded.append(name)
        for name in sorted(set(stored) - set(hashes)):
            s3.delete_object(Bucket=bucket, Key=prefix + name)
            summary.deleted.append(name)
    except (BotoCoreError, ClientError) as error:
        raise PushError(_("The store refused the upload: %(error)s") % {"error": error}) from None
    return summary
