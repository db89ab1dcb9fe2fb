"""Settings an operator controls through the environment, read by real settings in a fresh process."""

import stat
import subprocess
import sys

READ_SETTING = (
    "import json; from django.conf import settings; print(json.dumps(settings.{name}, default=str))"
)
POSTGRES_URL = "postgres://newsroom:s3cret-pass@db.internal:5433/dateline_news"
DEFAULT_SQLITE_MMAP_MB, DEFAULT_SQLITE_CACHE_MB = 0, 2  # the README's configuration table


def read_setting(run_with_settings, name, **variables):
    return run_with_settings(READ_SETTING.format(name=name), **variables).value


def test_database_and_media_live_in_dateline_home(run_with_settings, tmp_path):
    home = tmp_path / "newsroom"
    database = read_setting(run_with_settings, "DATABASES['default']", DATELINE_HOME=str(home))
    media_root = read_setting(run_with_settings, "MEDIA_ROOT", DATELINE_HOME=str(home))
    assert database["ENGINE"] == "dateline.core.sqlite"
    assert database["NAME"] == str(home / "dateline.sqlite3")
    assert media_root == str(home / "media")


def test_dateline_home_defaults_to_var_in_the_working_directory(run_with_settings, tmp_path):
    database = read_setting(run_with_settings, "DATABASES['default']['NAME']", DATELINE_HOME=None)
    assert database == str(tmp_path / "var" / "dateline.sqlite3")


def test_empty_dateline_home_means_the_default_folder(run_with_settings, tmp_path):
    database = read_setting(run_with_settings, "DATABASES['default']['NAME']", DATELINE_HOME="")
    assert database == str(tmp_path / "var" / "dateline.sqlite3")


def test_database_url_selects_postgresql(run_with_settings):
    database = read_setting(run_with_settings, "DATABASES['default']", DATABASE_URL=POSTGRES_URL)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "dateline_news",
    )
    assert (database["USER"], database["PASSWORD"]) == ("newsroom", "s3cret-pass")


def test_postgresql_connections_are_persistent_and_health_checked(run_with_settings):
    database = read_setting(run_with_settings, "DATABASES['default']", DATABASE_URL=POSTGRES_URL)
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_postgresql_connections_sent_no_startup_options_a_pooler_would_refuse(run_with_settings):
    """PgBouncer refuses a connection whose startup options it does not know (`-c jit=off`)."""
    database = read_setting(run_with_settings, "DATABASES['default']", DATABASE_URL=POSTGRES_URL)
    assert "options" not in database.get("OPTIONS", {})


def test_jit_compiling_is_off_unless_the_operator_keeps_it(run_with_settings):
    assert read_setting(run_with_settings, "DATELINE_POSTGRESQL_JIT") is False
    kept = read_setting(run_with_settings, "DATELINE_POSTGRESQL_JIT", DATELINE_POSTGRESQL_JIT="1")
    assert kept is True


def test_database_url_of_another_engine_is_refused_without_echoing_the_password(
    run_with_settings,
):
    outcome = run_with_settings(
        READ_SETTING.format(name="DATABASES"), DATABASE_URL="mysql://news:hunter22@db/news"
    )
    assert outcome.returncode != 0
    assert "DATABASE_URL names a 'mysql' database; Dateline runs on PostgreSQL" in outcome.stderr
    assert "hunter22" not in outcome.stderr


def test_database_url_without_a_database_name_is_refused(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="DATABASES"), DATABASE_URL="postgres://news:pw@db:5432"
    )
    assert outcome.returncode != 0
    assert "DATABASE_URL names no database" in outcome.stderr


def test_unreadable_database_url_is_refused(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="DATABASES"), DATABASE_URL="postgres://news:pw@db:port/news"
    )
    assert outcome.returncode != 0
    assert "DATABASE_URL is not a URL Dateline can read" in outcome.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="SECRET_KEY"), settings="dateline.settings.production"
    )
    assert outcome.returncode != 0
    assert "ImproperlyConfigured: DATELINE_SECRET_KEY is not set" in outcome.stderr


def test_production_settings_use_the_secret_key_given(run_with_settings):
    key = "a-long-production-secret-" + "x" * 40
    assert (
        read_setting(
            run_with_settings,
            "SECRET_KEY",
            settings="dateline.settings.production",
            DATELINE_SECRET_KEY=key,
            DATELINE_BASE_URL="https://news.example.org",
        )
        == key
    )


def test_production_settings_refuse_a_short_secret_key(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="SECRET_KEY"),
        settings="dateline.settings.production",
        DATELINE_SECRET_KEY="x" * 49,
    )
    assert outcome.returncode != 0
    assert (
        "ImproperlyConfigured: DATELINE_SECRET_KEY is 49 characters long: production settings "
        "need at least 50 random characters"
    ) in outcome.stderr
    assert "x" * 49 not in outcome.stderr


def test_production_settings_refuse_debug(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="DEBUG"),
        settings="dateline.settings.production",
        DATELINE_SECRET_KEY="k" * 50,
        DATELINE_DEBUG="1",
    )
    assert outcome.returncode != 0
    assert "DATELINE_DEBUG is on: production settings never show debug pages" in outcome.stderr


def test_development_key_is_generated_once_kept_private_and_reused(run_with_settings, tmp_path):
    first = read_setting(run_with_settings, "SECRET_KEY")
    second = read_setting(run_with_settings, "SECRET_KEY")
    key_file = tmp_path / "home" / "secret_key"
    assert len(first) >= 50
    assert first == second == key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_processes_starting_together_agree_on_one_development_key(tmp_path):
    """A server's workers and the background worker start at once on a new home folder."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(tmp_path / "home"),
    }
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code], env=environment, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    keys = {process.communicate(timeout=120)[0].strip() for process in processes}
    assert keys == {(tmp_path / "home" / "secret_key").read_text().strip()}
    names = sorted(path.name for path in (tmp_path / "home").iterdir())
    assert names == ["dateline.sqlite3", "secret_key"]  # no draft key left behind


def test_an_empty_key_file_is_refused_clearly(run_with_settings, tmp_path):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "secret_key").write_text("")
    outcome = run_with_settings(READ_SETTING.format(name="SECRET_KEY"))
    assert outcome.returncode != 0
    assert "holds no usable secret key: delete the file" in outcome.stderr


def test_secret_key_from_the_environment_wins_over_the_kept_one(run_with_settings, tmp_path):
    key = read_setting(run_with_settings, "SECRET_KEY", DATELINE_SECRET_KEY="e" * 50)
    assert key == "e" * 50
    assert not (tmp_path / "home" / "secret_key").exists()


def test_allowed_hosts_are_read_as_a_comma_separated_list(run_with_settings):
    hosts = read_setting(
        run_with_settings,
        "ALLOWED_HOSTS",
        DATELINE_ALLOWED_HOSTS=" news.example.org, .example.net ,",
    )
    assert hosts == ["news.example.org", ".example.net"]


def test_debug_is_off_unless_asked_for(run_with_settings):
    assert read_setting(run_with_settings, "DEBUG") is False
    assert read_setting(run_with_settings, "DEBUG", DATELINE_DEBUG="yes") is True


def test_debug_with_a_value_that_is_not_yes_or_no_is_refused(run_with_settings):
    outcome = run_with_settings(READ_SETTING.format(name="DEBUG"), DATELINE_DEBUG="maybe")
    assert outcome.returncode != 0
    assert "DATELINE_DEBUG='maybe' is not a yes/no value: use 1 or 0." in outcome.stderr


def test_redis_url_selects_the_redis_cache(run_with_settings):
    code = (
        "import json; from django.core.cache import caches; cache = caches['default']; "
        "print(json.dumps([type(cache).__name__, cache._servers]))"
    )
    outcome = run_with_settings(code, DATELINE_REDIS_URL="redis://127.0.0.1:6379/7")
    assert outcome.value == ["RedisCache", ["redis://127.0.0.1:6379/7"]]


def test_without_redis_url_the_cache_is_in_process(run_with_settings):
    backend = read_setting(run_with_settings, "CACHES['default']['BACKEND']")
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_of_another_scheme_is_refused(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="CACHES"), DATELINE_REDIS_URL="127.0.0.1:6379"
    )
    assert outcome.returncode != 0
    assert "DATELINE_REDIS_URL must start with redis://" in outcome.stderr


def test_https_switch_marks_cookies_secure_and_trusts_the_proxy_header(run_with_settings):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS]))"
    )
    assert run_with_settings(code).value == [False, False, None, 0]
    assert run_with_settings(code, DATELINE_HTTPS="1").value == [
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        31536000,
    ]


def test_sqlite_connection_runs_in_wal_mode_with_a_busy_timeout(run_with_settings):
    code = """
import json
from django.db import connection
with connection.cursor() as cursor:
    values = {}
    for pragma in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous"):
        values[pragma] = cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
print(json.dumps(values))
"""
    pragmas = run_with_settings(code).value
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "foreign_keys": 1,
        "synchronous": 1,
    }


SQLITE_MEMORY = """
import json
from django.db import connection
with connection.cursor() as cursor:
    print(json.dumps([cursor.execute(f"PRAGMA {name}").fetchone()[0]
                      for name in ("mmap_size", "cache_size")]))
"""


def test_sqlite_connections_map_no_file_and_keep_a_small_page_cache(run_with_settings):
    mmap_bytes, cache_size = run_with_settings(SQLITE_MEMORY).value
    assert mmap_bytes == DEFAULT_SQLITE_MMAP_MB * 1024 * 1024 == 0
    assert cache_size == -DEFAULT_SQLITE_CACHE_MB * 1024  # negative: KiB, not pages


def test_an_operator_sets_the_sqlite_page_cache_and_memory_map(run_with_settings):
    pragmas = run_with_settings(
        SQLITE_MEMORY, DATELINE_SQLITE_MMAP_MB="256", DATELINE_SQLITE_CACHE_MB="8"
    ).value
    assert pragmas == [256 * 1024 * 1024, -8 * 1024]
    assert run_with_settings(SQLITE_MEMORY, DATELINE_SQLITE_MMAP_MB="0").value[0] == 0


def test_a_negative_sqlite_memory_size_is_refused(run_with_settings):
    outcome = run_with_settings(SQLITE_MEMORY, DATELINE_SQLITE_CACHE_MB="-5")
    assert outcome.returncode != 0
    assert "DATELINE_SQLITE_CACHE_MB=-5 is below 0" in outcome.stderr


def test_serve_listens_where_host_and_port_say(run_with_settings):
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.DATELINE_SERVE_HOST, s.DATELINE_SERVE_PORT]))"
    )
    assert run_with_settings(code).value == ["127.0.0.1", 8000]
    assert run_with_settings(code, HOST="0.0.0.0", PORT="8080").value == ["0.0.0.0", 8080]


def test_a_port_that_is_not_a_number_is_refused(run_with_settings):
    outcome = run_with_settings(READ_SETTING.format(name="DATELINE_SERVE_PORT"), PORT="eighty")
    assert outcome.returncode != 0
    assert "PORT='eighty' is not a whole number." in outcome.stderr


def test_sqlite_database_and_its_journals_are_private_from_the_start(run_with_settings, tmp_path):
    code = """
import django, json, os, stat
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE notes (text)")
    cursor.execute("INSERT INTO notes VALUES ('a reader')")
home = settings.DATELINE_HOME
print(json.dumps({name: stat.S_IMODE(os.stat(home / name).st_mode) for name in os.listdir(home)}))
"""
    modes = run_with_settings(code).value
    assert {name: modes[name] for name in modes if name.startswith("dateline.sqlite3")} == {
        "dateline.sqlite3": 0o600,
        "dateline.sqlite3-wal": 0o600,
        "dateline.sqlite3-shm": 0o600,
    }
    assert modes["secret_key"] == 0o600
    # Others may pass through to the public folders (static, media, baked) but not list the home.
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o711


def test_a_media_bucket_puts_uploads_in_s3_addressed_through_the_media_gate(run_with_settings):
    code = (
        "import json; from django.core.files.storage import storages; s = storages['default']; "
        "print(json.dumps([type(s).__name__, s.bucket_name, s.location, s.url('images/a b.jpg')]))"
    )
    outcome = run_with_settings(code, DATELINE_MEDIA_BUCKET="newsroom-media/uploads")
    assert outcome.value == ["MediaStorage", "newsroom-media", "uploads", "/media/images/a%20b.jpg"]


def test_without_buckets_uploads_and_the_baked_site_stay_on_disk(run_with_settings):
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES['default']['BACKEND'], s.DATELINE_BAKED_BUCKET]))"
    )
    outcome = run_with_settings(code)
    assert outcome.value == ["django.core.files.storage.FileSystemStorage", ""]


def test_a_baked_bucket_is_read_as_bucket_and_prefix(run_with_settings):
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.DATELINE_BAKED_BUCKET, s.DATELINE_BAKED_PREFIX]))"
    )
    outcome = run_with_settings(code, DATELINE_BAKED_BUCKET="s3://newsroom-site/www/")
    assert outcome.value == ["newsroom-site", "www/"]


def test_a_bucket_setting_that_names_no_bucket_is_refused(run_with_settings):
    outcome = run_with_settings(
        READ_SETTING.format(name="DATELINE_BAKED_BUCKET"), DATELINE_BAKED_BUCKET="Not_A_Bucket"
    )
    assert outcome.returncode != 0
    assert "DATELINE_BAKED_BUCKET='Not_A_Bucket' does not start with an S3 bucket name" in (
        outcome.stderr
    )


def test_serve_runs_one_thread_per_worker_on_sqlite_and_two_on_postgresql(run_with_settings):
    # On SQLite a second thread made each worker larger and its comment posts slower
    # (bench/memory.py, bench/comments.py); against a database server it lets a request run
    # while another waits on the network. An operator's number wins either way.
    assert read_setting(run_with_settings, "DATELINE_SERVE_THREADS", DATABASE_URL=None) == 1
    postgresql = {"DATABASE_URL": POSTGRES_URL}
    assert read_setting(run_with_settings, "DATELINE_SERVE_THREADS", **postgresql) == 2
    chosen = {"DATELINE_SERVE_THREADS": "3"}
    assert (
        read_setting(run_with_settings, "DATELINE_SERVE_THREADS", DATABASE_URL=None, **chosen) == 3
    )
