"""The newsroom's mirror signing key: made once, kept in a 0600 file, never in the database.

The private key signs each bundle's manifest and the live `/mirrors.json`; the public half is
published at `/.well-known/dateline-mirror-key.txt` so readers and mirror operators can pin it.
Keys are PEM files so `openssl pkey` can read them too.

`cryptography` (about 8 MB of memory) is imported by the functions that use a key, not by this
module: every web worker imports this module with the URLconf, but only the mirror pages and the
bake ever sign or read a key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )


class SigningKeyError(Exception):
    """The key is missing, unreadable or would be overwritten; the message says what to do."""


def private_key_path() -> Path:
    """Return where the private key lives (DATELINE_MIRROR_KEY_FILE)."""
    return Path(settings.DATELINE_MIRROR_KEY_FILE)


def public_key_path() -> Path:
    """Return where the public half is kept: beside the private key, readable by the web server."""
    path = private_key_path()
    return path.with_name(path.name + ".pub")


def generate(force: bool = False) -> Ed25519PublicKey:
    """Create a new key pair; refuse to replace an existing key unless forced.

    The private key is written to a temporary file created with mode 0600 and renamed into
    place, so it is never readable by others, not even for a moment, and never half-written.
    """
    path = private_key_path()
    if path.exists() and not force:
        raise SigningKeyError(
            _("A signing key already exists at %(path)s. Use --force to replace it.")
            % {"path": path}
        )
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    os.replace(temporary, path)
    public_key_path().write_bytes(public_pem(key.public_key()))
    return key.public_key()


def load_private_key() -> Ed25519PrivateKey:
    """Return the signing key, or say how to make one."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = private_key_path()
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise SigningKeyError(
            _("No signing key at %(path)s. Run `dateline mirror keygen` first.") % {"path": path}
        ) from None
    except ValueError:
        raise SigningKeyError(_("%(path)s is not a PEM private key.") % {"path": path}) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(_("%(path)s is not an Ed25519 key.") % {"path": path})
    return key


def load_public_key() -> Ed25519PublicKey | None:
    """Return the published public key, or None while the newsroom has made none."""
    try:
        pem = public_key_path().read_bytes()
    except FileNotFoundError:
        return None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def public_pem(key: Ed25519PublicKey) -> bytes:
    """Return the public key as PEM (SubjectPublicKeyInfo), the form published on the site."""
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def raw_base64(key: Ed25519PublicKey) -> str:
    """Return the 32 raw key bytes in base64: short enough to paste, and what WebCrypto imports."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def fingerprint(key: Ed25519PublicKey) -> str:
    """Return `SHA256:` and the hex SHA-256 of the raw key, the name by which people compare keys."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def sign(data: bytes, key: Ed25519PrivateKey | None = None) -> bytes:
    """Return the detached signature file for `data`: base64 text and a newline."""
    key = key or load_private_key()
    return base64.b64encode(key.sign(data)) + b"\n"
