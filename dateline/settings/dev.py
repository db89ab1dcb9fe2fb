"""Settings for a developer's or a one-machine newsroom's instance: no set-up needed."""

import secrets

from .base import *  # noqa: F403
from .base import DATELINE_HOME, SECRET_KEY

if not SECRET_KEY:
    # Generate the key once and keep it beside the database, so sessions survive restarts.
    DATELINE_HOME.mkdir(parents=True, exist_ok=True)
    _key_file = DATELINE_HOME / "secret_key"
    if not _key_file.exists():
        _key_file.touch(mode=0o600)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
