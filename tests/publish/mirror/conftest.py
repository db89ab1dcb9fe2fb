"""A signing key, a small two-edition newsroom with what must never be copied, and its bake."""

from pathlib import Path

import pytest
from wagtail.models import PageViewRestriction

from dateline.comments.factories import CommentFactory
from dateline.news.factories import (
    ArticlePageFactory,
    NewsImageFactory,
    SectionPageFactory,
    publish,
)
from dateline.news.models import StandardPage
from dateline.publish import paths
from dateline.publish.bake import full_bake
from dateline.publish.mirror import signing


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
