"""Where the bake writes: a build folder on this machine, or a bucket a CDN serves from.

Both stores take the same calls (write a page, remove one, read one back, put a static file or
rendition once), so the full bake, the re-bake and `bake --check` do not know which they write to.

- `LocalStore` (the default): a build under DATELINE_BAKED_ROOT (layout in `paths.py`). Into
  the live build each file is written to a temporary name and renamed over the old one, so a
  reader gets the old file or the new one, never half of one; a new build is written directly.
- `BucketStore` (DATELINE_BAKED_BUCKET, several nodes): an object per file, under the prefix,
  at the same relative names (`a/b/index.html`). Each object carries the Content-Type and
  Cache-Control `dateline serve` would send (`serving.py`); text files also get `.gz` and `.br`
  objects holding the same bytes compressed, marked with their Content-Encoding and the
  original's type, for a CDN that picks by Accept-Encoding (one that compresses by itself uses
  the plain object). An object replaces the old one in one PUT, so readers never see half of
  one; which of two renders lands is decided by `claims.write_if_newest`, not by the store.
"""

import os
import shutil
from pathlib import Path, PurePosixPath

from django.conf import settings

from dateline.core.storage import s3_client

from . import files, paths, serving
from .files import Asset
from .models import BakedPage

ENCODINGS = {".gz": "gzip", ".br": "br"}


def in_bucket() -> bool:
    """Say whether the baked site lives in a bucket (DATELINE_BAKED_BUCKET) rather than on disk."""
    return bool(settings.DATELINE_BAKED_BUCKET)


class LocalStore:
    """A build folder on this machine: the live one (`live=True`) or a new one."""

    def __init__(self, build: Path, *, live: bool):
        self.build = build
        self.live = live

    def write(self, relative: str, data: bytes) -> int:
        """Write a baked file and its compressed siblings; return the bytes of the file itself."""
        for name, content in files.compressed_versions(relative, data).items():
            self._put(name, content)
        return len(data)

    def _put(self, name: str, content: bytes) -> None:
        destination = self.build / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not self.live:
            destination.write_bytes(content)
            return
        temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, destination)

    def remove(self, relative: str) -> None:
        """Remove a baked file that is no longer public, with its siblings."""
        for name in files.compressed_versions(relative, b""):
            (self.build / name).unlink(missing_ok=True)

    def read(self, relative: str) -> bytes | None:
        written = self.build / relative
        return written.read_bytes() if written.is_file() else None

    def put_asset(self, asset: Asset) -> bytes | None:
        """Put a static file or rendition in at its address, once; return its bytes if it is a
        stylesheet just put in (so what it refers to is baked too), else None.

        Already there means done: static names carry a hash of their content and renditions are
        never rewritten under the same name. A hard link costs no space when the disk allows it.
        """
        destination = self.build / asset.relative
        if destination.exists():
            return None
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
        data = None
        if asset.path is not None:
            try:
                os.link(asset.path, temporary)
            except OSError:
                shutil.copyfile(asset.path, temporary)
        else:
            data = asset.read()
            temporary.write_bytes(data)
        if paths.content_type_for(PurePosixPath(asset.relative)) is not None:
            data = asset.read() if data is None else data
            for name, content in files.compressed_versions(asset.relative, data).items():
                if name != asset.relative:
                    self._put(name, content)
        os.replace(temporary, destination)
        return data if asset.relative.endswith(".css") else None


class BucketStore:
    """The baked site as objects in an S3-compatible bucket, under a prefix."""

    # Assets known to be in the bucket already, by address: they never change under their names,
    # so one process asks the store about each at most once.
    _assets_there: set[str] = set()

    def __init__(self, bucket: str, prefix: str, client=None):
        self.bucket = bucket
        self.prefix = prefix
        self.client = client or s3_client()

    @classmethod
    def from_settings(cls) -> "BucketStore":
        return cls(settings.DATELINE_BAKED_BUCKET, settings.DATELINE_BAKED_PREFIX)

    def key(self, relative: str) -> str:
        return self.prefix + relative

    def write(self, relative: str, data: bytes) -> int:
        """Put the file's object, its compressed siblings first, so all three are there once the
        plain one changes."""
        versions = files.compressed_versions(relative, data)
        for name in sorted(versions, key=lambda name: name == relative):
            self._put(relative, name, versions[name])
        return len(data)

    def _put(self, relative: str, name: str, content: bytes) -> None:
        original = PurePosixPath(relative)
        extra = {
            "ContentType": serving.content_type_for_file(original),
            "CacheControl": serving.cache_control_for(original),
        }
        encoding = ENCODINGS.get(name[len(relative) :])
        if encoding:
            extra["ContentEncoding"] = encoding
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.key(name), Body=content, **extra)
        except (_botocore().BotoCoreError, _botocore().ClientError) as error:
            raise files.store_error(error, self._address(name)) from None

    def remove(self, relative: str) -> None:
        names = list(files.compressed_versions(relative, b""))
        try:
            self.client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": self.key(name)} for name in names], "Quiet": True},
            )
        except (_botocore().BotoCoreError, _botocore().ClientError) as error:
            raise files.store_error(error, self._address(relative)) from None

    def read(self, relative: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(relative))
        except _botocore().ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise files.store_error(error, self._address(relative)) from None
        return answer["Body"].read()

    def put_asset(self, asset: Asset) -> bytes | None:
        """Put a static file or rendition in at its address unless it is there; return its bytes
        if it is a stylesheet just put in, else None."""
        address = self._address(asset.relative)
        if address in self._assets_there:
            return None
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(asset.relative))
            there = True
        except _botocore().ClientError:
            there = False
        data = None
        if not there:
            data = asset.read()
            self.write(asset.relative, data)
        self._assets_there.add(address)
        return data if asset.relative.endswith(".css") else None

    def _address(self, relative: str) -> str:
        return f"{self.client.meta.endpoint_url}/{self.bucket}/{self.key(relative)}"


def _botocore():
    """botocore's errors, imported once a bucket is used: a site without one never loads boto3."""
    from botocore import exceptions

    return exceptions


def live_store() -> LocalStore | BucketStore | None:
    """Return the store readers are served from, or None before the first local bake."""
    if in_bucket():
        return BucketStore.from_settings()
    build = live_build()
    return LocalStore(build, live=True) if build is not None else None


def live_build() -> Path | None:
    """Return the build the `site` link points at, or None before the first bake."""
    site = paths.site_dir()
    return site.resolve() if site.is_symlink() and site.resolve().is_dir() else None


def site_is_baked() -> bool:
    """Say whether a full bake has made the site readers are served (on disk, or in the bucket)."""
    if in_bucket():
        return BakedPage.objects.exists()
    return paths.site_dir().is_symlink()
