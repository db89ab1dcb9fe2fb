"""`dateline mirror push`: upload a bundle to any S3-compatible store, the manifest last.

Only files whose SHA-256 differs from what the store holds are sent (the hash rides along as
object metadata, since multipart ETags are not hashes), files the bundle no longer has are
deleted after the new manifest is up, and the manifest and its signature go last, so a reader
never meets a manifest that names files not yet there.
"""

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from django.utils.translation import gettext as _

from dateline.core.storage import s3_client

from . import manifest as bundle_manifest
from .standalone_verify import MANIFEST, SIGNATURE

HASH_KEY = "sha256"


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


def _stored_hashes(s3, bucket: str, prefix: str) -> dict[str, str | None]:
    """Return each stored object under the prefix with the SHA-256 it was uploaded with."""
    stored = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            head = s3.head_object(Bucket=bucket, Key=item["Key"])
            stored[item["Key"][len(prefix) :]] = head.get("Metadata", {}).get(HASH_KEY)
    return stored


def _upload(s3, bucket: str, key: str, path: Path, digest: str) -> None:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in {"application/json", "text/javascript"}:
        content_type += "; charset=utf-8"
    s3.upload_file(
        str(path),
        bucket,
        key,
        ExtraArgs={"ContentType": content_type, "Metadata": {HASH_KEY: digest}},
    )


def push(out: Path, address: str) -> PushSummary:
    """Upload the bundle at `out` to `s3://bucket/prefix`, changed files only, manifest last."""
    manifest = bundle_manifest.read(out)
    if manifest is None:
        raise PushError(_("%(path)s holds no bundle (no manifest.json).") % {"path": out})
    bucket, prefix = _target(address)
    s3, summary = client(), PushSummary()
    try:
        stored = _stored_hashes(s3, bucket, prefix)
        for entry in manifest["files"]:
            if stored.get(entry["path"]) == entry["sha256"]:
                summary.unchanged += 1
                continue
            _upload(s3, bucket, prefix + entry["path"], out / entry["path"], entry["sha256"])
            summary.uploaded.append(entry["path"])
        for name in (MANIFEST, SIGNATURE):
            data = (out / name).read_bytes()
            _upload(
                s3,
                bucket,
                prefix + name,
                out / name,
                bundle_manifest.file_entry(name, data)["sha256"],
            )
        listed = {entry["path"] for entry in manifest["files"]} | {MANIFEST, SIGNATURE}
        for name in sorted(set(stored) - listed):
            s3.delete_object(Bucket=bucket, Key=prefix + name)
            summary.deleted.append(name)
    except (BotoCoreError, ClientError) as error:
        raise PushError(_("The store refused the upload: %(error)s") % {"error": error}) from None
    return summary
