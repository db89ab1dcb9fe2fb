"""A baked site for the mirror tests, in the layout `dateline/publish/paths.py` declares.

TEST FIXTURE ONLY, standing in for `dateline bake` until it lands on main: it crawls the live
views through Django's test client from each edition's front page and writes every page and
file it reaches where the bake would. When the bake is merged, `bake_site` becomes
`call_command("bake")` (one line) and this crawler goes.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.test import Client
from wagtail.models import PageViewRestriction

from dateline.news.factories import (
    ArticlePageFactory,
    CommentFactory,
    NewsImageFactory,
    SectionPageFactory,
    publish,
)
from dateline.news.models import StandardPage
from dateline.publish import paths
from dateline.publish.mirror import signing

_LINK = re.compile(r"""\s(?:href|src)\s*=\s*["']([^"'#]*)""", re.IGNORECASE)
_SRCSET = re.compile(r"""\ssrcset\s*=\s*["']([^"']*)""", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
ROOT_FILES = [
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/all.rss",
    "/mirrors.json",
    "/mirrors.json.sig",
    "/.well-known/dateline-mirror-key.txt",
    "/.well-known/dateline_verify.py",
]


def _links(text: str) -> set[str]:
    found = set(_LINK.findall(text)) | set(_CSS_URL.findall(text))
    for srcset in _SRCSET.findall(text):
        found |= {part.strip().split(" ")[0] for part in srcset.split(",")}
    return found


def _crawl_into(build: Path) -> None:
    client = Client(HTTP_HOST="localhost")
    queue = ["/", "/ko/", "/this-page-is-not-here/", *ROOT_FILES]
    seen = set()
    while queue:
        url = queue.pop()
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost:8000", "testserver") or parts.query or url in seen:
            continue
        seen.add(url)
        path = unquote(parts.path)
        if path.startswith(("/admin/", "/comments/", "/ko/comments/", "/search/", "/ko/search/")):
            continue
        if path.startswith("/static/"):
            name = path[len("/static/") :]
            collected = (
                Path(django_settings.STATIC_ROOT) / name
            )  # hashed names, under production storage
            found = str(collected) if collected.is_file() else finders.find(name)
            if found:
                target = build / path.lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(found, target)
                if path.endswith(".css"):
                    queue += [urljoin(path, link) for link in _links(target.read_text())]
            continue
        response = client.get(path)
        relative = paths.relative_file_for_url(path)
        if "not-here" in path:
            relative = paths.relative_file_for_url("/" + paths.NOT_FOUND_FILE)
        elif response.status_code != 200 or relative is None:
            continue
        body = b"".join(response) if response.streaming else response.content
        (build / relative).parent.mkdir(parents=True, exist_ok=True)
        (build / relative).write_bytes(body)
        if response.get("Content-Type", "").startswith("text/html"):
            queue += [urljoin(path, link) for link in _links(body.decode())]


def bake_site() -> Path:
    """Bake the site into DATELINE_BAKED_ROOT; the one line to swap for `call_command("bake")`."""
    build = paths.builds_dir() / "test"
    shutil.rmtree(paths.baked_root(), ignore_errors=True)
    build.mkdir(parents=True)
    _crawl_into(build)
    os.symlink(build, paths.site_dir())
    return paths.site_dir()


@pytest.fixture
def signing_key(settings, tmp_path):
    settings.DATELINE_MIRROR_KEY_FILE = tmp_path / "keys" / "mirror.pem"
    signing.generate()
    return signing.load_private_key()


@pytest.fixture
def newsroom(article, section, korean_home):
    """A small two-edition site: articles with a photo and comments, a page, a Korean section,
    and what must never be copied: a draft, a login-only page, commenters' emails and addresses."""
    photo = NewsImageFactory(title="Storm over the market")
    publish(
        ArticlePageFactory(
            parent=section,
            title="Markets reopen after the storm",
            slug="markets-reopen",
            hero_image=photo,
        )
    )
    CommentFactory(
        article=article, author_email="reader.one@example.org", client_address="203.0.113.77"
    )
    CommentFactory(article=article, author_email="held@example.org", status="pending")
    home = section.get_parent()
    publish(home.add_child(instance=StandardPage(title="About us", slug="about")))
    ArticlePageFactory(
        parent=section, title="Unpublished draft story", slug="draft-story", live=False
    ).save_revision()
    staff = publish(ArticlePageFactory(parent=section, title="Staff only story", slug="staff-only"))
    PageViewRestriction.objects.create(page=staff, restriction_type=PageViewRestriction.LOGIN)
    korean_section = publish(SectionPageFactory(parent=korean_home, title="북한", slug="북한"))
    publish(
        ArticlePageFactory(parent=korean_section, title="국경 마을 물가 상승", slug="국경-물가")
    )
    return article


@pytest.fixture
def baked(newsroom, signing_key, settings, tmp_path):
    settings.DATELINE_BAKED_ROOT = tmp_path / "baked"
    return bake_site()


@pytest.fixture
def live_static_server():
    """Serve a folder over HTTP on a free port (a plain static host); return `url(folder, prefix)`."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    servers = []

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def start(folder: Path, prefix: str) -> str:
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"

    yield start
    for server in servers:
        server.shutdown()
