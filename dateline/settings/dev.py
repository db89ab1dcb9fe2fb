"""Settings for a developer's or a one-machine newsroom's instance: no set-up needed."""

import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATELINE_HOME, SECRET_KEY


def _secret_key_kept_in(home: Path) -> str:
    """Return the key kept in DATELINE_HOME, generating it on first use, so sessions survive restarts.

    The key is written whole to a private temporary file and linked into place, so a process that
    starts at the same moment (a server worker, the background worker) either sees the finished file
    or makes its own link fail and reads the winner's: never an empty or half-written key.
    """
    key_file = home / "secret_key"
    if not key_file.exists():
        home.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=home, prefix=".secret_key-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as draft_file:
                draft_file.write(secrets.token_urlsafe(50))
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    key = key_file.read_text().strip()
    if len(key) < 32:
        raise ImproperlyConfigured(
            f"{key_file} holds no usable secret key: delete the file to have a new one generated "
            "(everyone is logged out), or set DATELINE_SECRET_KEY."
        )
    return key


if not SECRET_KEY:
    SECRET_KEY = _secret_key_kept_in(DATELINE_HOME)

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
