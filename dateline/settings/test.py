"""Settings for the test suite: fast hashers, tasks run at once, files in a throwaway folder."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "dateline-tests-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Uploads, renditions and static files go to a throwaway folder, removed when the run ends.
_THROWAWAY = Path(tempfile.mkdtemp(prefix="dateline-test-"))
atexit.register(shutil.rmtree, _THROWAWAY, ignore_errors=True)
MEDIA_ROOT = _THROWAWAY / "media"
STATIC_ROOT = _THROWAWAY / "static"
DATELINE_ADDRESS_KEYS_DIR = _THROWAWAY / "address_keys"
STATIC_ROOT.mkdir()  # whitenoise warns on every request about a missing one
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# One fixed public address, whatever host the test client or live server is reached at.
DATELINE_BASE_URL = WAGTAILADMIN_BASE_URL = "http://localhost:8000"
DATELINE_BASE_URL_FROM_REQUEST = False
# Baking is switched on by the tests that bake; every other test renders live, as before.
DATELINE_BAKE = False
DATELINE_BAKED_ROOT = _THROWAWAY / "baked"
DATELINE_MIRROR_KEY_FILE = _THROWAWAY / "mirror_signing_key.pem"
