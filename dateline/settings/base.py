"""Settings shared by every environment, and the only module that reads the process environment.

Each variable is documented in the README's configuration table. Optional integrations (PostgreSQL,
Redis) switch on only when their variable is set, so a fresh checkout runs on SQLite with no set-up.
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """Return the variable's value with surrounding blanks removed, or the default when unset.

    A variable set to nothing counts as unset, so `DATELINE_HOME=` means the default folder rather
    than the working directory itself.
    """
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    """Return a yes/no variable; refuse a value that is neither, so a typo cannot flip a switch."""
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use 1 or 0.")


def env_int(name: str, default: int) -> int:
    """Return a whole-number variable, naming the variable when its value is not one."""
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list, ignoring empty items."""
    raw = env_str(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DATELINE_HOME = Path(env_str("DATELINE_HOME", "var")).resolve()
DEBUG = env_bool("DATELINE_DEBUG", False)
SECRET_KEY = env_str("DATELINE_SECRET_KEY")
ALLOWED_HOSTS = env_list("DATELINE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DATELINE_CSRF_TRUSTED_ORIGINS", [])
DATELINE_NEWSROOM_NAME = env_str("DATELINE_NEWSROOM_NAME", "Dateline")
# Every media file is checked by Dateline (dateline/core/media.py) before it is sent; 1 sends the
# bytes itself, 0 hands them to the reverse proxy with an X-Accel-Redirect to its internal location.
DATELINE_SERVE_MEDIA = env_bool("DATELINE_SERVE_MEDIA", True)
# Where `dateline serve` listens unless its --host and --port options say otherwise.
DATELINE_SERVE_HOST = env_str("HOST", "127.0.0.1")
DATELINE_SERVE_PORT = env_int("PORT", 8000)


def _serving_address(host: str, port: int) -> str:
    """Return the address `dateline serve` answers at, for a development site with no public one.

    A wildcard host (all interfaces) is not an address a browser can open: localhost stands in.
    """
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "localhost"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


# The newsroom's public address, which canonical, feed, hreflang and sitemap addresses start with
# (dateline/metadata/facts.py). Production settings require it. Unset in development, each live
# page takes it from its own request, so a site run on any host and port links to itself; the bake
# and other commands, which have no request, use the address `dateline serve` listens on (HOST,
# PORT), which is where `make run` serves what it baked.
DATELINE_BASE_URL_FROM_REQUEST = not env_str("DATELINE_BASE_URL")
DATELINE_BASE_URL = (
    env_str("DATELINE_BASE_URL") or _serving_address(DATELINE_SERVE_HOST, DATELINE_SERVE_PORT)
).rstrip("/")

# Dateline's apps come last: their post-migrate set-up (roles, editions) needs the permissions and
# pages that the apps above create in theirs.
INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dateline.core",
    # Before news: the newsroom roles made after news migrates grant comment permissions.
    "dateline.comments",
    "dateline.news",
    "dateline.wordpress",
    "dateline.search",
    "dateline.feeds",
    "dateline.metadata",
    "dateline.publish",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed to browsers that ask, even with no proxy in front (`make run`).
    # After whitenoise, whose static files are compressed ahead of time. Django pads compressed
    # responses with random bytes against BREACH, which the comment form's CSRF token needs.
    "django.middleware.gzip.GZipMiddleware",
    # The language editions are checked for changes once per request (see its docstring).
    "dateline.news.editions.EditionsPerRequest",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A moderator's dashboard is the comment queue (see its docstring).
    "dateline.comments.middleware.ModeratorLandingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dateline.core.headers.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Onion-Location on every page when DATELINE_ONION_URL is set.
    "dateline.publish.onion.OnionLocationMiddleware",
    # /?p=ID and /?page_id=ID from an imported WordPress site: see its docstring for why.
    "dateline.wordpress.middleware.WordPressLinkRedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the page that says so.
    "axes.middleware.AxesMiddleware",
]

# Admin log-in brute force (django-axes; see dateline/core/lockouts.py). Failed log-ins are counted
# per account and per address in the database; either reaching the limit locks it out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("DATELINE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DATELINE_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "dateline.comments.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "dateline.core.lockouts.locked_out"
AXES_RESET_ON_SUCCESS = True
# No lasting record of where staff log in from (reporters' addresses are theirs to keep), and no
# log line with their address for each typo: only the failed tries that a lock-out needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                # LANGUAGE_BIDI: the page's dir="rtl" in a right-to-left edition.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def _postgresql_from_url(url: str) -> dict:
    """Return the PostgreSQL database a URL names; refuse any other engine or a URL with no name.

    Errors name the part that is wrong but never repeat the URL, which holds a password.
    """
    how = "Write it as postgres://USER:PASSWORD@HOST:5432/NAME, or unset it to use SQLite."
    try:
        # Persistent connections, checked before reuse so a restarted server costs no failed request.
        database = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError:
        raise ImproperlyConfigured(f"DATABASE_URL is not a URL Dateline can read. {how}") from None
    if database["ENGINE"] != "django.db.backends.postgresql":
        scheme = url.split("://", 1)[0]
        raise ImproperlyConfigured(
            f"DATABASE_URL names a {scheme!r} database; Dateline runs on PostgreSQL. {how}"
        )
    if not database["NAME"]:
        raise ImproperlyConfigured(f"DATABASE_URL names no database. {how}")
    return database


def _private_sqlite_file(home: Path) -> Path:
    """Return the SQLite database's path, the file created readable by its owner alone (0600).

    SQLite gives its -wal and -shm files the database file's mode, so they are private too. A new
    DATELINE_HOME is 0711: other users (the proxy) may reach its public folders (static, media,
    baked) but not list it; the database, the secret key and the address keys are 0600/0700.
    """
    if not home.exists():
        home.mkdir(mode=0o711, parents=True, exist_ok=True)
    database = home / "dateline.sqlite3"
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    return database


def _sqlite_memory_pragmas() -> str:
    """Return the pragmas that bound the memory each SQLite connection holds.

    Each server thread keeps a connection, so a web worker holds them once per thread. The page
    cache is the connection's own memory. A memory map would be the database file mapped into the
    process: shared with other processes, but counted in the resident memory of every connection
    that has touched it, twice over in a worker of two threads (bench/memory.py, 3,000 articles:
    340 MB with 128 MB maps and 20 MB caches, 162 MB with no map and 8 MB caches, 156 MB with 2 MB
    caches). The operating system's file cache holds the database's hot pages once for every
    worker; reading through it instead cost no rendering time we could measure, so the map is off
    and the cache is SQLite's own default unless an operator with memory to spare says otherwise.
    """
    cache_mb = env_int("DATELINE_SQLITE_CACHE_MB", 2)
    mmap_mb = env_int("DATELINE_SQLITE_MMAP_MB", 0)
    for name, value in (
        ("DATELINE_SQLITE_CACHE_MB", cache_mb),
        ("DATELINE_SQLITE_MMAP_MB", mmap_mb),
    ):
        if value < 0:
            raise ImproperlyConfigured(f"{name}={value} is below 0: give a size in MB, or 0.")
    # A negative cache_size is in KiB; 0 KiB would mean SQLite's default, so 1 page is the least.
    cache_size = f"-{cache_mb * 1024}" if cache_mb else "1"
    return f"PRAGMA mmap_size={mmap_mb * 1024 * 1024};PRAGMA cache_size={cache_size}"


# Django's SQLite backend, with writers taking turns (see the module for why).
_SQLITE_ENGINE = "dateline.core.sqlite"


def _database_from_environment() -> dict:
    """Return PostgreSQL from DATABASE_URL, or the embedded SQLite database in DATELINE_HOME."""
    url = env_str("DATABASE_URL")
    if url:
        return _postgresql_from_url(url)
    return {
        "ENGINE": _SQLITE_ENGINE,
        "NAME": _private_sqlite_file(DATELINE_HOME),
        # Each server thread keeps its connection instead of opening one (and running the pragmas
        # below) for every request.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at the
            # start of a transaction, so two writers queue on the busy timeout instead of one of
            # them failing with "database is locked" when it tries to upgrade a read lock.
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                # Deleted rows (erased commenters, moved-out keys) are zeroed, not left in free pages.
                "PRAGMA secure_delete=ON;" + _sqlite_memory_pragmas()
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # Tests run on an in-memory database, Django's own default for SQLite. Said outright
        # because pytest-django recognises SQLite by Django's engine name alone and would give
        # each test process a database file named after this one's path.
        "TEST": {"NAME": ":memory:"},
    }


DATABASES = {"default": _database_from_environment()}
# PostgreSQL compiles a query to machine code when it guesses it costly, which pays off for long
# analytical queries; it guessed a page's counts costly too (the front page's count of 71,000
# stories: 54 ms of compiling for 10 ms of work). Off for each connection as it opens
# (`dateline.core.postgresql`); 1 leaves the server's own setting.
DATELINE_POSTGRESQL_JIT = env_bool("DATELINE_POSTGRESQL_JIT", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("DATELINE_REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "DATELINE_REDIS_URL must start with redis://, rediss:// or unix://, "
        "for example redis://127.0.0.1:6379/0."
    )
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Two sites (or test runs) sharing one Redis keep apart by their prefixes.
            "KEY_PREFIX": env_str("DATELINE_REDIS_PREFIX", "dateline"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# What the background worker does once a day by itself (dateline/core/maintenance.py): dotted
# paths of callables taking no arguments. The comments purge also destroys expired address keys.
DATELINE_DAILY_MAINTENANCE = [
    "dateline.comments.retention.purge",
    "dateline.core.maintenance.prune_task_results",
    "dateline.news.models.article.refile_drifted_listing_rows",
]
# Run by the worker with every check for scheduled publications (each second): what time alone
# changes on pages readers get, and a re-bake for changes a killed worker left (scheduling.py).
DATELINE_CLOCK_DUTIES = [
    "dateline.publish.clock.rebake_what_the_clock_changed",
    "dateline.publish.changes.resume_stalled_rebake",
]
# Run once by the worker as it starts, before it takes any task: each readies what the first
# task of its kind would otherwise pay for (the bake's first re-render after a restart).
DATELINE_WORKER_WARM_UP = ["dateline.publish.incremental.warm_up"]
DATELINE_TASK_RESULTS_KEEP_DAYS = env_int("DATELINE_TASK_RESULTS_KEEP_DAYS", 7)
# /health/ (dateline/core/health.py) answers 503 when the worker has not been seen for this long,
# or when the disk holding DATELINE_HOME or the media has less room than this.
DATELINE_HEALTH_WORKER_MINUTES = env_int("DATELINE_HEALTH_WORKER_MINUTES", 5)
DATELINE_HEALTH_MIN_FREE_MB = env_int("DATELINE_HEALTH_MIN_FREE_MB", 500)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
# More language editions: DATELINE_EXTRA_LANGUAGES=ja,zh-hans (Django's language codes).
for _code in env_list("DATELINE_EXTRA_LANGUAGES", []):
    if _code not in LANG_INFO:
        raise ImproperlyConfigured(
            f"DATELINE_EXTRA_LANGUAGES names {_code!r}, not a language Django knows."
        )
    LANGUAGES.append((_code, LANG_INFO[_code]["name"]))
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Pages in a right-to-left language get dir="rtl". Django's own list lacks Uyghur, written in
# Arabic script (its LANG_INFO knows; it also marks Azerbaijani, written in Latin today).
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "ug"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Korean dates and times as Korean readers write them ("2026년 12월 2일 오전 9:11").
FORMAT_MODULE_PATH = ["dateline.core.formats"]
TIME_ZONE = env_str("DATELINE_TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATELINE_HOME / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATELINE_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Renditions are cached per image for a week; whitenoise marks hashed static files immutable.
WHITENOISE_MAX_AGE = 3600

SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Readers' pages (live and baked, see dateline/core/headers.py): only this site's own files, no
# inline code at all; JSON-LD blocks are data, which a policy does not govern.
DATELINE_READER_CSP = {
    "default-src": ["'none'"],
    "base-uri": ["'none'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "img-src": ["'self'"],
    "manifest-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
}
# The admin (django-csp): the strictest policy Wagtail's editor works under, checked by the browser
# tests, which fail on any policy violation in the console. Wagtail 8's editor and choosers still
# run inline scripts and styles of their own (page-specific, so no fixed hash fits): they may be
# inline, but nothing is eval'd, and nothing may be framed, posted or loaded from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        # Its editor's scripts write <style> elements and style attributes of their own.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
}
# Powerful browser features no page of the site uses, switched off for every page and file.
DATELINE_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
)
if env_bool("DATELINE_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DATELINE_HSTS_SECONDS", 31536000)
    # Only the newsroom knows whether every subdomain is on HTTPS and whether to ask browsers to
    # preload the domain; both are hard to undo, so they stay off unless set (README, "Deploying").
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DATELINE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DATELINE_HSTS_PRELOAD", False)
    # A plain-HTTP request that gets past the proxy is sent to https:// too. /health/ is left
    # alone, so a monitor on the same machine can ask `dateline serve` directly.
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

WAGTAIL_SITE_NAME = DATELINE_NEWSROOM_NAME
WAGTAILADMIN_BASE_URL = DATELINE_BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "core.NewsImage"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp", "png": "png"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# WAGTAILIMAGES_MAX_IMAGE_PIXELS is Wagtail's default (128 million), read by the importer too.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
# The largest file `import_wordpress` copies from --uploads; larger ones are skipped and reported.
DATELINE_IMPORT_MAX_FILE_BYTES = env_int(
    "DATELINE_IMPORT_MAX_FILE_BYTES", WAGTAILIMAGES_MAX_UPLOAD_SIZE
)
# Documents only ever through Wagtail's view, which checks their collection's restrictions, sent
# by the same backend as pictures (itself, or X-Accel-Redirect through the proxy).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "dateline.core.media"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Staff avatars are uploaded, never fetched from gravatar.com with a hash of the email.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS = []  # Readers' pages load nothing from other hosts.
TAGGIT_CASE_INSENSITIVE = True

# Readers are answered from baked files (dateline.publish); 0 renders every request, for template work.
DATELINE_BAKE = env_bool("DATELINE_BAKE", True)
DATELINE_BAKED_ROOT = Path(env_str("DATELINE_BAKED_ROOT", str(DATELINE_HOME / "baked"))).resolve()
# How long browsers and caches keep a baked page or feed before asking again (seconds); hashed
# static files and renditions are kept a year whatever this says.
DATELINE_PAGE_MAX_AGE = env_int("DATELINE_PAGE_MAX_AGE", 60)
# Baked files each `dateline serve` process keeps in memory (MB); larger files are sent from disk.
DATELINE_SERVE_CACHE_MB = env_int("DATELINE_SERVE_CACHE_MB", 64)
# Threads per `dateline serve` process rendering what is not baked (the serve command's --threads).
# One on SQLite: measured there, a second thread cost each worker about 11 MB (bench/memory.py)
# and took its comment posts from 211-215 to 170-178 a second (bench/comments.py). Two on
# PostgreSQL, so a request waiting on the database server does not hold up the next one. With
# one, a request that waits (on SQLite's write lock, or on a slow reader taking a large body
# with no nginx in front) holds up that worker's other requests to Django; baked files are not.
DATELINE_SERVE_THREADS = env_int(
    "DATELINE_SERVE_THREADS", 1 if DATABASES["default"]["ENGINE"] == _SQLITE_ENGINE else 2
)

DATELINE_ARTICLES_PER_PAGE = env_int("DATELINE_ARTICLES_PER_PAGE", 20)
# What a slug the admin fills from a non-Latin title becomes (dateline/news/slugs.py): romanised
# ("hyesan-ssalgap"), numeric ("20261202-1") or as-written (percent-encoded in addresses).
DATELINE_SLUG_STYLE = env_str("DATELINE_SLUG_STYLE", "romanised")
if DATELINE_SLUG_STYLE not in {"romanised", "numeric", "as-written"}:
    raise ImproperlyConfigured(
        f"DATELINE_SLUG_STYLE={DATELINE_SLUG_STYLE!r}: use romanised, numeric or as-written."
    )

# Signed mirrors (dateline.publish.mirror). The Ed25519 signing key lives in a 0600 file, never in
# the database; its public half is written beside it with a `.pub` suffix.
DATELINE_MIRROR_KEY_FILE = Path(
    env_str("DATELINE_MIRROR_KEY_FILE", str(DATELINE_HOME / "mirror_signing_key.pem"))
).resolve()
# What a bundle's comment form becomes: "link" (a link to comment on the live site) or "form" (the
# form, posting to the origin; the mirror's host must then be in DATELINE_CSRF_TRUSTED_ORIGINS).
DATELINE_MIRROR_COMMENTS = env_str("DATELINE_MIRROR_COMMENTS", "link")
if DATELINE_MIRROR_COMMENTS not in {"link", "form"}:
    raise ImproperlyConfigured(
        f"DATELINE_MIRROR_COMMENTS={DATELINE_MIRROR_COMMENTS!r}: use link or form."
    )
# The onion service's address (http://….onion), announced on every page with Onion-Location.
DATELINE_ONION_URL = env_str("DATELINE_ONION_URL").rstrip("/")
if DATELINE_ONION_URL and not DATELINE_ONION_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "DATELINE_ONION_URL must be an address such as http://example3fk….onion"
    )
# Mirrors and onion addresses, published as /mirrors.json: a comma-separated list, or the path of a
# file with one address per line. Either may follow an address with its start date (YYYY-MM-DD).
DATELINE_MIRRORS = env_str("DATELINE_MIRRORS")
# Where `dateline mirror push` uploads: any S3-compatible store. Unset credentials fall back to
# boto3's own chain (environment, ~/.aws, instance role).
DATELINE_S3_ENDPOINT_URL = env_str("DATELINE_S3_ENDPOINT_URL")
DATELINE_S3_REGION = env_str("DATELINE_S3_REGION", "us-east-1")
DATELINE_S3_ACCESS_KEY_ID = env_str("DATELINE_S3_ACCESS_KEY_ID")
DATELINE_S3_SECRET_ACCESS_KEY = env_str("DATELINE_S3_SECRET_ACCESS_KEY")


def env_bucket(name: str) -> tuple[str, str]:
    """Return (bucket, prefix) from `BUCKET` or `BUCKET/PREFIX`; ("", "") when unset.

    The prefix comes back with one trailing slash, so keys are `prefix + name`.
    """
    raw = env_str(name).removeprefix("s3://").strip("/")
    bucket, _, prefix = raw.partition("/")
    if raw and not re.fullmatch(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]", bucket):
        raise ImproperlyConfigured(
            f"{name}={raw!r} does not start with an S3 bucket name (3-63 lower-case letters, "
            "digits, dots or hyphens): write BUCKET or BUCKET/PREFIX."
        )
    return bucket, f"{prefix}/" if prefix else ""


# Several nodes (README, "More than one machine"): uploaded images, documents and renditions in an
# S3-compatible bucket instead of MEDIA_ROOT, still served only through the media gate
# (dateline/core/media.py), so restricted collections stay restricted.
DATELINE_MEDIA_BUCKET, DATELINE_MEDIA_PREFIX = env_bucket("DATELINE_MEDIA_BUCKET")
if DATELINE_MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "dateline.core.media_storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": DATELINE_MEDIA_BUCKET,
            "location": DATELINE_MEDIA_PREFIX.rstrip("/"),
            "endpoint_url": DATELINE_S3_ENDPOINT_URL or None,
            "region_name": DATELINE_S3_REGION,
            "access_key": DATELINE_S3_ACCESS_KEY_ID or None,
            "secret_key": DATELINE_S3_SECRET_ACCESS_KEY or None,
        },
    }
# The baked site in a bucket (the CDN's origin) instead of DATELINE_BAKED_ROOT: the bake and the
# re-bakes write objects there, and `dateline serve` hands every request to Django.
DATELINE_BAKED_BUCKET, DATELINE_BAKED_PREFIX = env_bucket("DATELINE_BAKED_BUCKET")

# Reader comments (dateline.comments). Proxies whose X-Forwarded-For is believed: addresses or
# networks, e.g. "127.0.0.1,10.0.0.0/8"; without them the connection's own address is the client's.
DATELINE_TRUSTED_PROXIES = env_list("DATELINE_TRUSTED_PROXIES", [])
for _proxy in DATELINE_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DATELINE_TRUSTED_PROXIES names {_proxy!r}, not an address or network "
            "(write e.g. 127.0.0.1 or 10.0.0.0/8)."
        ) from None
# "moderate": every comment waits for a moderator; "known": approve commenters who already have
# an approved comment (WordPress's default); "all": publish at once.
DATELINE_COMMENTS_APPROVAL = env_str("DATELINE_COMMENTS_APPROVAL", "moderate")
if DATELINE_COMMENTS_APPROVAL not in {"moderate", "known", "all"}:
    raise ImproperlyConfigured(
        f"DATELINE_COMMENTS_APPROVAL={DATELINE_COMMENTS_APPROVAL!r}: use moderate, known or all."
    )
DATELINE_COMMENTS_CLOSE_AFTER_DAYS = env_int("DATELINE_COMMENTS_CLOSE_AFTER_DAYS", 0)  # 0: never
DATELINE_COMMENTS_THREAD_DEPTH = env_int("DATELINE_COMMENTS_THREAD_DEPTH", 3)
DATELINE_COMMENTS_PER_PAGE = env_int("DATELINE_COMMENTS_PER_PAGE", 50)
DATELINE_COMMENTS_MIN_FILL_SECONDS = env_int("DATELINE_COMMENTS_MIN_FILL_SECONDS", 3)
DATELINE_COMMENTS_FORM_MAX_AGE_HOURS = env_int("DATELINE_COMMENTS_FORM_MAX_AGE_HOURS", 48)
DATELINE_COMMENTS_FLOOD_SECONDS = env_int("DATELINE_COMMENTS_FLOOD_SECONDS", 15)
DATELINE_COMMENTS_MAX_LINKS = env_int("DATELINE_COMMENTS_MAX_LINKS", 2)
DATELINE_COMMENTS_DISALLOWED_WORDS = env_list("DATELINE_COMMENTS_DISALLOWED_WORDS", [])
DATELINE_COMMENTS_MODERATION_WORDS = env_list("DATELINE_COMMENTS_MODERATION_WORDS", [])
DATELINE_COMMENTS_ADDRESS_KEY_DAYS = env_int("DATELINE_COMMENTS_ADDRESS_KEY_DAYS", 7)
# The secrets that hash addresses live here (or in Redis when it is set), never in the database.
DATELINE_ADDRESS_KEYS_DIR = DATELINE_HOME / "address_keys"
DATELINE_COMMENTS_PURGE_REMOVED_DAYS = env_int("DATELINE_COMMENTS_PURGE_REMOVED_DAYS", 30)
DATELINE_COMMENTS_PURGE_PENDING_DAYS = env_int("DATELINE_COMMENTS_PURGE_PENDING_DAYS", 90)
DATELINE_COMMENTS_NOTICE_MINUTES = env_int("DATELINE_COMMENTS_NOTICE_MINUTES", 15)
# Optional, off by default: sends each comment (with the author's IP) to Akismet. See akismet.py.
DATELINE_AKISMET_KEY = env_str("DATELINE_AKISMET_KEY")
DATELINE_AKISMET_URL = env_str("DATELINE_AKISMET_URL", "https://rest.akismet.com/1.1/comment-check")

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("DATELINE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DATELINE_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DATELINE_FROM_EMAIL", "dateline@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DATELINE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the full request line of 4xx/5xx responses; keep it at warnings only.
        "django.request": {"level": "ERROR"},
        # django-axes notes every successful log-in at INFO; lock-outs are in the admin instead.
        "axes": {"level": "WARNING"},
    },
}
