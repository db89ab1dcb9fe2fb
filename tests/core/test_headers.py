"""Security headers: a strict policy on readers' pages (the same live and baked), the admin's own."""

import pytest
from bs4 import BeautifulSoup

from dateline.core.headers import public_headers
from dateline.news.factories import NewsImageFactory


@pytest.fixture
def public(settings):
    return dict(public_headers())


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def test_reader_pages_carry_the_same_headers_as_baked_files(client, article, home, public):
    for url in (article.url, home.url, "/search/?q=rice", "/no-such-page/"):
        response = client.get(url)
        for name, value in public.items():
            assert response[name] == value, (url, name)


def test_reader_policy_allows_nothing_inline_and_nothing_from_other_hosts(public):
    policy = directives(public["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "unsafe-inline" not in public["Content-Security-Policy"]


def test_reader_pages_hold_no_inline_script_or_style_the_policy_would_block(client, article):
    """Baked files are the same for everyone, so no per-request nonce could let inline code in."""
    for url in (article.url, article.get_parent().url, "/search/?q=rice"):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert not page.find_all("style"), url
        assert not page.find_all(style=True), url
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (url, script)
        for element in page.find_all(True):
            assert not [name for name in element.attrs if name.startswith("on")], (url, element)


def test_admin_gets_its_own_policy_that_still_forbids_other_hosts_and_framing(client, db):
    response = client.get("/admin/login/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert all(source in {"'self'", "'unsafe-inline'"} for source in policy["script-src"])
    assert "camera=()" in response["Permissions-Policy"]


def test_media_is_sent_with_nosniff_and_the_permissions_policy(client, db, public):
    image = NewsImageFactory()
    response = client.get(image.get_rendition("width-320").url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Permissions-Policy"] == public["Permissions-Policy"]


def test_documents_keep_wagtails_own_stricter_policy(client, db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Annual report")
    document.file.save("report.pdf", ContentFile(b"%PDF-1.4"))
    response = client.get(document.url)
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
