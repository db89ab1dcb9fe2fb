"""Whatever happens to a bake, readers get a whole site: kill -9, a full disk, a read-only disk.

These run the real `dateline` command in other processes, on a demo newsroom of their own
(SQLite in a folder of this module's own), so a process can be killed mid-write.
"""

import gzip
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.xdist_group("robustness"),
    pytest.mark.sqlite,  # its sites are SQLite whatever DATABASE_URL says: run once
]


def dateline(home: Path, *args: str, check=True, **popen) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", *args],
        env=environment(home),
        capture_output=True,
        text=True,
        check=check,
        **popen,
    )


def environment(home: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
        "DATABASE_URL": "",
        "DATELINE_BAKE": "1",
        "DATELINE_BAKED_ROOT": str(home / "baked"),
        "DATELINE_LOG_LEVEL": "WARNING",
    }


def start(home: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", *args],
        env=environment(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def snapshot(home: Path) -> dict[str, str]:
    """Return every file of the served site with a digest of its bytes."""
    site = (home / "baked" / "site").resolve()
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def assert_whole(home: Path) -> None:
    """Every page of the served site is a complete document, and each sibling decompresses."""
    site = (home / "baked" / "site").resolve()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        assert page.read_text("utf-8").rstrip().endswith("</html>"), page
        gzip.decompress(page.with_name(page.name + ".gz").read_bytes())


@pytest.fixture(scope="module")
def newsroom_home(tmp_path_factory, prepared_site):
    home = tmp_path_factory.mktemp("robust-home")
    prepared_site.prepare(home)
    dateline(home, "load_demo_newsroom")
    dateline(home, "bake")
    return home


def test_a_full_bake_killed_at_a_random_moment_leaves_the_site_whole(newsroom_home):
    started = time.monotonic()
    dateline(newsroom_home, "bake", "--jobs", "2")
    duration = time.monotonic() - started
    # Somewhere inside the bake, which lasts about as long as the one just timed; a bake that
    # ran faster than that one (the machine less busy) is followed by one killed sooner.
    delay = random.uniform(0.1, 0.6) * duration
    for _ in range(5):
        before = snapshot(newsroom_home)
        bake = start(newsroom_home, "bake", "--jobs", "2")
        time.sleep(delay)
        if bake.poll() is None:
            break
        delay /= 2
    else:
        pytest.fail("every bake ended before it could be killed: nothing was tested")
    bake.send_signal(signal.SIGKILL)
    bake.wait()
    assert snapshot(newsroom_home) == before
    dateline(newsroom_home, "bake")
    check = dateline(newsroom_home, "bake", "--check", check=False)
    assert (check.returncode, check.stdout) == (0, ""), check.stderr
    assert len(list((newsroom_home / "baked" / "builds").iterdir())) == 1


RENAME_THE_NEWSROOM = """
from dateline.news.models import HomePage
home = HomePage.objects.get(locale__language_code="en")
home.title = "The Northern Wire Daily"
home.save_revision().publish()
"""
APPLY_CHANGES = "from dateline.publish.incremental import apply_pending_changes as a; a()"


def test_an_incremental_bake_killed_at_a_random_moment_leaves_the_site_whole(newsroom_home):
    dateline(newsroom_home, "shell", "-c", RENAME_THE_NEWSROOM)  # shown on every page
    rebake = start(newsroom_home, "shell", "-c", APPLY_CHANGES)
    time.sleep(random.uniform(0.5, 5))
    rebake.send_signal(signal.SIGKILL)
    rebake.wait()
    assert_whole(newsroom_home)
    dateline(newsroom_home, "shell", "-c", APPLY_CHANGES)  # the next one takes the changes again
    assert_whole(newsroom_home)
    assert "The Northern Wire Daily" in (newsroom_home / "baked/site/index.html").read_text()
    check = dateline(newsroom_home, "bake", "--check", check=False)
    assert (check.returncode, check.stdout) == (0, ""), check.stderr


@pytest.fixture
def small_disk(newsroom_home, tmp_path):
    """The baked site on a disk of its own (tmpfs), baked once; unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], check=True)
    home = newsroom_home
    env_root = home / "baked"
    try:
        subprocess.run(["cp", "-a", f"{env_root}/.", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def bake_into(home: Path, root: Path) -> subprocess.CompletedProcess:
    env = {**environment(home), "DATELINE_BAKED_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", "bake"], env=env, capture_output=True, text=True
    )


def tree(root: Path) -> dict[str, str]:
    site = root / "site"
    return {
        str(path.relative_to(site.resolve())): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.resolve().rglob("*"))
        if path.is_file()
    }


def test_a_full_disk_stops_the_bake_with_a_clear_message_and_the_site_unchanged(
    newsroom_home, small_disk
):
    before, link = tree(small_disk), os.readlink(small_disk / "site")
    used = int(subprocess.check_output(["du", "-sk", str(small_disk)]).split()[0])
    subprocess.run(["mount", "-o", f"remount,size={used + 256}k", str(small_disk)], check=True)
    result = bake_into(newsroom_home, small_disk)
    assert result.returncode != 0
    assert "No space left on the device" in result.stderr
    assert "DATELINE_BAKED_ROOT" in result.stderr
    assert tree(small_disk) == before
    assert os.readlink(small_disk / "site") == link


def test_a_read_only_disk_stops_the_bake_with_a_clear_message_and_the_site_unchanged(
    newsroom_home, small_disk
):
    before = tree(small_disk)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = bake_into(newsroom_home, small_disk)
    assert result.returncode != 0
    assert "Cannot write to" in result.stderr
    assert "Read-only file system" in result.stderr
    assert tree(small_disk) == before
