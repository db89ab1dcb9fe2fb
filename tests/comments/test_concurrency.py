"""Nothing acknowledged is ever lost: 16 readers post at once to a real `dateline serve`.

The server runs on the database the suite runs on: a SQLite file in a temporary DATELINE_HOME, or,
when DATABASE_URL is set (CI's PostgreSQL run), a database of its own on that server. Every post
that got its 303 must be in the database; no answer may be a 5xx; the server's log must not
mention a locked database.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.core.served_site import free_port

pytestmark = pytest.mark.xdist_group("concurrency")

DATELINE = [sys.executable, "-m", "dateline"]
POSTERS = 16
POSTS_EACH = 8

CREATE_ARTICLE = """
import json
from dateline.news.factories import ArticlePageFactory, SectionPageFactory, edition_home, publish
section = publish(SectionPageFactory(parent=edition_home("en"), title="Concurrency"))
article = publish(ArticlePageFactory(parent=section, live=False, title="Posted at once"))
print(json.dumps({"id": article.pk, "url": article.url}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 itself is the acknowledgement we want to see


OPENER = urllib.request.build_opener(NoRedirect)


def dateline(environment, *arguments) -> str:
    completed = subprocess.run(
        [*DATELINE, *arguments], env=environment, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory, prepared_site):
    """Yield the base URL, article, environment and log of a `dateline serve` with one article."""
    home = tmp_path_factory.mktemp("served-comments")
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "DATELINE_HOME": str(home),
        # Each poster stands behind the loopback "proxy" with an address of its own.
        "DATELINE_TRUSTED_PROXIES": "127.0.0.1",
    }
    # The server's own database: the suite's is rolled back around each test.
    if database_url := prepared_site.migrated_database(home, "served"):
        environment["DATABASE_URL"] = database_url
    prepared_site.link_static(home)
    article = json.loads(dateline(environment, "shell", "-c", CREATE_ARTICLE).splitlines()[-1])
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*DATELINE, "serve", f"--port={port}", "--workers=2", "--threads=4"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(base + article["url"], timeout=5).read()
                    break
                except OSError:
                    assert server.poll() is None, "dateline serve stopped while starting"
                    assert time.monotonic() < deadline, "dateline serve did not start in 90 s"
                    time.sleep(0.5)
            yield SimpleNamespace(base=base, article=article, environment=environment, log=log)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=60)


def token_from(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def post(base, fields, forwarded_for):
    request = urllib.request.Request(
        base + "/comments/post/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"X-Forwarded-For": forwarded_for, "Origin": base},
    )
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "")


def test_every_acknowledged_comment_is_stored_when_16_readers_post_at_once(served):
    base, article, environment = served.base, served.article, served.environment
    html = urllib.request.urlopen(base + article["url"], timeout=10).read().decode()
    token = token_from(html)
    time.sleep(3.5)  # a reader takes longer than the minimum fill time
    answers, start = [], threading.Barrier(POSTERS)

    def poster(number):
        start.wait()
        for turn in range(POSTS_EACH):
            text = f"Poster {number} comment {turn}: the market is quiet today."
            fields = {
                "token": token,
                "comment": text,
                "name": f"Poster {number}",
                "email": f"poster{number}.{turn}@example.org",
                "url": "",
                "parent": "",
                "leave_empty": "",
            }
            status, location = post(base, fields, f"203.0.{number}.{turn + 1}")
            answers.append((status, location, text))

    threads = [threading.Thread(target=poster, args=(number,)) for number in range(POSTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted({status for status, _, _ in answers})
    assert len(answers) == POSTERS * POSTS_EACH
    assert statuses == [303], f"answers other than 303: {statuses}"
    assert all(location.endswith("#comment-status") for _, location, _ in answers)
    rows = json.loads(
        dateline(environment, "comments", "list", "--article", str(article["id"]), "--json")
    )
    stored = {row["text"] for row in rows}
    acknowledged = {text for _, _, text in answers}
    assert acknowledged <= stored, f"{len(acknowledged - stored)} acknowledged comments are lost"
    assert len(rows) == len(acknowledged)
    served.log.seek(0)
    server_log = served.log.read().decode(errors="replace")
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log
    assert not any(network.startswith("127.") for network in _networks(environment))


def _networks(environment) -> set[str]:
    code = (
        "import json; from dateline.comments.models import Comment; "
        "print(json.dumps(sorted(set(Comment.objects.values_list('address_network', flat=True)))))"
    )
    return set(json.loads(dateline(environment, "shell", "-c", code).splitlines()[-1]))


def test_log_of_the_server_never_holds_a_client_address(served):
    html = urllib.request.urlopen(served.base + served.article["url"], timeout=10).read().decode()
    time.sleep(3.2)
    fields = {"token": token_from(html), "comment": "x" * 10_001, "name": "N", "email": "bad"}
    status, _ = post(served.base, fields, "192.0.2.222")
    assert status == 400
    served.log.seek(0)
    assert "192.0.2.222" not in served.log.read().decode(errors="replace")


def test_served_database_keeps_no_raw_address(served):
    base, environment = served.base, served.environment
    html = urllib.request.urlopen(base + served.article["url"], timeout=10).read().decode()
    time.sleep(3.5)  # a reader takes longer than the minimum fill time
    text = "Kept, with the address it came from only hashed."
    fields = {"token": token_from(html), "comment": text, "name": "Reader", "leave_empty": ""}
    fields.update(email="reader.of.the.dump@example.org", url="", parent="")
    status, _location = post(base, fields, "198.51.100.123")
    assert status == 303
    if environment.get("DATABASE_URL"):
        dump = dateline(environment, "dumpdata")
    else:  # the database file and its write-ahead log, every table, byte for byte
        files = Path(environment["DATELINE_HOME"]).glob("dateline.sqlite3*")
        dump = "".join(path.read_bytes().decode("latin-1") for path in files)
    assert text in dump  # the control: what was read holds the comment itself
    assert "198.51.100.123" not in dump
