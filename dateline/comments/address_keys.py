"""Where the secrets that hash client addresses are kept: anywhere but the database.

A stored hash is HMAC-SHA256 of the address under a secret, beside the address's /24 or /48
network. With the secret in the same database, a copy of it (a backup, a stolen disk) gives the
address back in at most 256 tries; without it, the hash is noise. So the secrets live apart:
- in files under DATELINE_HOME (`address_keys/`, a 0700 folder of 0600 files, one per period);
- or, when DATELINE_REDIS_URL is set, in Redis, so every machine serving the site shares them.
Each period's secret is made once, by whichever process asks first; the others read the same one.
Secrets two periods old are destroyed: files are deleted by `destroy_before`, Redis drops its
keys by itself when they expire.
"""

import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

SECRET_BYTES = 32
REDIS_KEY = "comments:address-key:{period}"


class FileKeyring:
    """Secrets as files `<period>.key` in a private folder, created atomically.

    A new secret is written whole to a private temporary file, then linked to its final name:
    the link fails if another process linked first, and then the winner's secret is read. No
    process can ever read a half-written secret or hash with a secret the others do not have.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, period: int) -> Path:
        return self.folder / f"{period}.key"

    def secret(self, period: int, *, create: bool) -> bytes | None:
        """Return the period's secret; make it first when `create` and it does not exist yet."""
        try:
            return bytes.fromhex(self._path(period).read_text())
        except FileNotFoundError:
            if not create:
                return None
        self.adopt(period, secrets.token_bytes(SECRET_BYTES))
        self.destroy_before(period - 1)  # a new period begins: the one before last ends for good
        return bytes.fromhex(self._path(period).read_text())

    def adopt(self, period: int, secret: bytes) -> None:
        """Keep `secret` as the period's, unless the period already has one."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        descriptor, draft = tempfile.mkstemp(dir=self.folder, prefix=".draft-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as draft_file:
                draft_file.write(secret.hex())
                draft_file.flush()
                os.fsync(draft_file.fileno())
            os.link(draft, self._path(period))
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)

    def periods(self) -> list[int]:
        """Return the periods whose secrets are kept, oldest first."""
        if not self.folder.is_dir():
            return []
        names = (path.name.removesuffix(".key") for path in self.folder.glob("*.key"))
        return sorted(int(name) for name in names if name.isdigit())

    def destroy_before(self, period: int) -> int:
        """Delete the secrets of periods before `period`; return how many went."""
        expired = [kept for kept in self.periods() if kept < period]
        for kept in expired:
            self._path(kept).unlink(missing_ok=True)
        return len(expired)


class CacheKeyring:
    """Secrets in the shared cache (Redis), each expiring by itself when it is two periods old."""

    def __init__(self, period_seconds: int):
        self.period_seconds = period_seconds

    def secret(self, period: int, *, create: bool) -> bytes | None:
        key = REDIS_KEY.format(period=period)
        if create:
            self.adopt(period, secrets.token_bytes(SECRET_BYTES))
        value = cache.get(key)
        return bytes.fromhex(value) if value else None

    def adopt(self, period: int, secret: bytes) -> None:
        """Keep `secret` as the period's unless one is kept already (Redis SET NX: atomic)."""
        # Alive through this period and the next (flood control may look back across one
        # rotation), gone after: the same lifetime the files get from destroy_before.
        remaining = (period + 2) * self.period_seconds - int(timezone.now().timestamp())
        cache.add(REDIS_KEY.format(period=period), secret.hex(), timeout=max(remaining, 1))

    def periods(self) -> list[int]:
        return []  # the cache cannot be listed; nothing outlives its expiry there

    def destroy_before(self, period: int) -> int:
        return 0  # expired by Redis itself


def period_seconds() -> int:
    """Return how long one secret is used, from DATELINE_COMMENTS_ADDRESS_KEY_DAYS (at least a day)."""
    return max(1, settings.DATELINE_COMMENTS_ADDRESS_KEY_DAYS) * 86400


def keyring() -> FileKeyring | CacheKeyring:
    """Return where secrets are kept: Redis when the site has it, else files in DATELINE_HOME."""
    if settings.REDIS_URL:
        return CacheKeyring(period_seconds())
    return FileKeyring(settings.DATELINE_ADDRESS_KEYS_DIR)
