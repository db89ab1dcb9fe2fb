"""What the benches share: a generated site's environment, building one, and running a server.

The benches run as scripts (`python bench/render.py`), so their own folder is on the path and they
import this module as `common`.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATELINE = [PYTHON, "-m", "dateline"]


def site_environment(home: Path, **extra: str) -> dict:
    """The environment of a Dateline process working on the site in `home`, quiet but for warnings."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATELINE_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_LOG_LEVEL": "WARNING",
        **extra,
    }


def run(command, environment, cwd=None) -> str:
    """Run a command to its end and return what it printed; stop the bench if it failed."""
    done = subprocess.run(
        command, env=environment, cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def generate_site(home: Path, articles: int, environment: dict, comments_per_article=None) -> None:
    """Make a new home with `dateline generate_archive`, migrated and with its static files."""
    home.mkdir(parents=True)
    dateline = [PYTHON, "-m", "dateline.cli"]
    run([*dateline, "migrate", "-v0"], environment)
    run([*dateline, "collectstatic", "--noinput", "-v0"], environment)
    print(f"Generating {articles} articles…", flush=True)
    comments = (
        []
        if comments_per_article is None
        else ["--comments-per-article", str(comments_per_article)]
    )
    out = run([*dateline, "generate_archive", "--articles", str(articles), *comments], environment)
    print("  " + last_line(out), flush=True)


@contextmanager
def running(command, environment, ready_url, *, start_seconds=60):
    """Run a server in a process group of its own until the block ends; wait until it answers."""
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command,
            env=environment,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + start_seconds
            while True:
                try:
                    fetch(ready_url)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        sys.exit(f"{' '.join(command[:4])} did not start:\n{log.read().decode()}")
                    time.sleep(0.3)
            yield server
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def fetch(url, timeout=60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()
