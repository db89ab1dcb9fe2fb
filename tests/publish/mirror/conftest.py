"""A signing key, a small two-edition newsroom with what must never be copied, and its bake."""

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db import transaction
from django.test import override_settings
from wagtail.models import PageViewRestriction

from dateline.comments.factories import CommentFactory
from dateline.news.factories import (
    ArticlePageFactory,
    NewsImageFactory,
    SectionPageFactory,
    edition_home,
    publish,
)
from dateline.news.models import StandardPage
from dateline.publish import paths
from dateline.publish.bake import full_bake
from dateline.publish.mirror import signing
from tests.conftest import credited_article, north_korea_section


def bake_site() -> Path:
    """Bake the site with `dateline bake` into DATELINE_BAKED_ROOT; return the live folder."""
    summary = full_bake()
    assert summary.failures == []
    return paths.site_dir()


@pytest.fixture
def signing_key(settings, tmp_path):
    settings.DATELINE_MIRROR_KEY_FILE = tmp_path / "keys" / "mirror.pem"
    signing.generate()
    return signing.load_private_key()


@pytest.fixture
def newsroom(article, section, korean_home):
    return build_newsroom(article, section, korean_home)


@pytest.fixture
def baked(newsroom, signing_key, settings, tmp_path):
    settings.DATELINE_BAKED_ROOT = tmp_path / "baked"
    return bake_site()


def build_newsroom(article, section, korean_home):
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


@dataclass
class SharedBake:
    """The newsroom of `newsroom`, its signing key and its bake, made once for a test module."""

    article_pk: int
    key_file: Path
    baked_root: Path


@pytest.fixture(scope="module")
def shared_bake(django_db_setup, django_db_blocker, tmp_path_factory):
    """Make the newsroom, a signing key and a bake once for the module's tests (about 3 s each).

    The newsroom is written in a transaction left open while the module's tests run, as Django's
    `TestCase.setUpTestData` does: each test's own transaction is a savepoint inside it, so what a
    test changes is undone after it, and the whole is rolled back after the module. A test reads
    the bake through `baked_copy`, a copy of its own that it may change. Mark the module with an
    `xdist_group`, or each test process makes its own.
    """
    folder = tmp_path_factory.mktemp("shared-bake")
    key_file, baked_root = folder / "keys" / "mirror.pem", folder / "baked"
    overrides = override_settings(DATELINE_MIRROR_KEY_FILE=key_file, DATELINE_BAKED_ROOT=baked_root)
    with django_db_blocker.unblock():
        held_open = transaction.atomic()
        held_open.__enter__()
    try:
        with django_db_blocker.unblock(), overrides:
            signing.generate()
            section = north_korea_section(edition_home("en"))
            article = build_newsroom(credited_article(section), section, edition_home("ko"))
            bake_site()
        yield SharedBake(article.pk, key_file, baked_root)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            held_open.__exit__(None, None, None)


@pytest.fixture
def baked_copy(shared_bake, db, settings, tmp_path):
    """The module's shared bake, copied for this test; returns the live site folder of the copy."""
    shutil.copytree(shared_bake.baked_root, tmp_path / "baked", symlinks=True)
    settings.DATELINE_BAKED_ROOT = tmp_path / "baked"
    settings.DATELINE_MIRROR_KEY_FILE = shared_bake.key_file
    return paths.site_dir()


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


_LINK = re.compile(r"\s(?:href|src|url)=\"([^\"#]*)", re.S)


def broken_links(out: Path) -> list[tuple[str, str]]:
    """Return (file, link) for every relative link of a bundle's pages and feeds that opens no
    file of the bundle; absolute links (the labelled original address, other hosts) are skipped."""
    broken = []
    for document in [*out.rglob("*.html"), *out.rglob("*.atom")]:
        text = html.unescape(document.read_text(encoding="utf-8"))
        if document.suffix == ".atom":
            text = html.unescape(text)  # the pages inside a feed are escaped once more
        for url in _LINK.findall(text):
            if not url or url.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            target = document.parent / unquote(url)
            if not target.resolve().is_file():
                broken.append((document.relative_to(out).as_posix(), url))
    return broken
