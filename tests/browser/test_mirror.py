# ruff: noqa: F811  (the mirror fixtures are imported from tests/publish/conftest.py)
"""A mirror bundle in Chromium: served from a sub-path of a plain static host and opened from a
folder, with every other host blocked; verify.html and search work where they can, and say so."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dateline.publish.mirror.bundle import build
from tests.publish.mirror import test_verify as tampering
from tests.publish.mirror.conftest import (  # noqa: F401
    baked_copy,
    live_static_server,
    shared_bake,
)

# One newsroom and bake for the module (`shared_bake`), in one test process.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("mirror-browser")]


@pytest.fixture
def copy(baked_copy, tmp_path):
    out = tmp_path / "host" / "any" / "prefix"
    build(out)
    return out


@pytest.fixture
def tab(browser):
    """A tab that may reach only 127.0.0.1 and file://, recording what fails to load."""
    context = browser.new_context()
    context.set_default_timeout(20_000)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1:", "file://"))
            else route.abort()
        ),
    )
    page = context.new_page()
    page.failed = []
    # A request cut short by moving on to the next page is not a broken link; any other is.
    page.on(
        "requestfailed",
        lambda request: request.failure != "net::ERR_ABORTED" and page.failed.append(request.url),
    )
    page.on(
        "response", lambda response: response.status >= 400 and page.failed.append(response.url)
    )
    yield page
    context.close()


def change_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def an_article(copy: Path) -> Path:
    return sorted(copy.glob("north-korea/article-*/index.html"))[0]


def browse_everything(tab, start: str) -> int:
    """Follow every in-copy link from `start`, checking each page's images load; return pages seen."""
    seen, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        tab.goto(url)
        # Lazy images load only when scrolled to: make each load now, and list those that fail.
        broken = tab.evaluate(
            """() => Promise.all(Array.from(document.images).map(image => {
                 image.loading = "eager";
                 return image.decode().then(() => null, () => image.currentSrc || image.src);
               })).then(results => results.filter(Boolean))"""
        )
        assert not broken, (url, broken)
        links = tab.evaluate(
            "Array.from(document.querySelectorAll('a[href]:not(.original-address)')).map(a => a.href.split('#')[0])"
        )
        queue += [
            link
            for link in links
            if link.startswith(start.rsplit("/", 1)[0]) and link.endswith(".html")
        ]
    return len(seen)


def test_the_bundle_browses_from_a_sub_path_of_a_static_host(copy, tab, live_static_server):
    root = live_static_server(copy.parents[1], "any/prefix")
    assert browse_everything(tab, root + "index.html") > 10
    assert tab.failed == []


def test_the_bundle_browses_from_a_folder(copy, tab):
    assert browse_everything(tab, copy.as_uri() + "/index.html") > 10
    assert tab.failed == []


def test_verify_page_reports_a_good_copy_then_names_the_changed_file(copy, tab, live_static_server):
    root = live_static_server(copy.parents[1], "any/prefix")
    tab.goto(root + "verify.html")
    status = tab.locator("#verify-status")
    expect(status).to_have_attribute("data-result", "good")
    expect(status).to_contain_text("This copy matches what Dateline signed on")
    article = an_article(copy)
    change_one_byte(article)
    tab.reload()
    expect(status).to_have_attribute("data-result", "bad")
    expect(tab.locator("#verify-details")).to_contain_text(
        f"Changed: {article.relative_to(copy).as_posix()}"
    )


def test_verify_page_refuses_a_copy_that_does_not_match_the_pinned_key(
    copy, tab, live_static_server
):
    root = live_static_server(copy.parents[1], "any/prefix")
    tab.goto(root + "verify.html")
    expect(tab.locator("#verify-status")).to_have_attribute("data-result", "good")
    tab.fill("#verify-pin", "SHA256:" + "ab" * 32)
    tab.click("#verify-pin-form button")
    expect(tab.locator("#verify-status")).to_have_attribute("data-result", "bad")
    expect(tab.locator("#verify-details")).to_contain_text("Your pinned key differs")


def test_verify_page_from_a_folder_checks_the_folder_the_reader_picks(copy, tab):
    tab.goto(copy.as_uri() + "/ko/verify.html")
    expect(tab.locator("#verify-folder-box")).to_be_visible()
    tab.set_input_files("#verify-folder", copy)
    status = tab.locator("#verify-status")
    expect(status).to_have_attribute("data-result", "good")
    expect(status).to_contain_text("서명한 것과 일치합니다")
    (copy / "north-korea" / "extra.html").write_text("unsigned")
    tab.reload()
    tab.set_input_files("#verify-folder", copy)
    expect(status).to_have_attribute("data-result", "bad")
    expect(tab.locator("#verify-details")).to_contain_text("north-korea/extra.html")


def test_search_finds_an_article_on_a_static_host(copy, tab, live_static_server):
    root = live_static_server(copy.parents[1], "any/prefix")
    tab.goto(root + "search/index.html?q=storm")
    result = tab.locator("#mirror-search-results a").first
    expect(result).to_contain_text("Markets reopen after the storm")
    result.click()
    expect(tab.locator("h1")).to_contain_text("Markets reopen after the storm")


def test_search_from_a_folder_says_to_browse_by_section(copy, tab):
    tab.goto(copy.as_uri() + "/search/index.html")
    expect(tab.locator("#mirror-search-offline")).to_be_visible()
    expect(tab.locator(".mirror-search nav a").first).to_have_text("North Korea")


def test_chromium_refuses_to_load_the_search_index_from_a_folder(copy, tab):
    """Why the search page falls back to sections on file://: Chromium blocks both the module
    import of pagefind.js and fetch() from file:// pages, so Pagefind cannot run there."""
    tab.goto(copy.as_uri() + "/search/index.html")
    outcome = tab.evaluate(
        """async () => {
          const index = new URL("../pagefind/pagefind.js", location.href).href;
          try { await import(index); return "loaded"; } catch (error) { return "refused"; }
        }"""
    )
    assert outcome == "refused"


# What verify.html says for each tampering of tests/publish/mirror/test_verify.py (the CLI's words differ).
SHOWN = {
    "tamper_byte": "Changed: {path}",
    "tamper_add": "Added (not signed): north-korea/extra.html",
    "tamper_delete": "Missing: {path}",
    "tamper_manifest": "The signature does not match",
    "tamper_signature": "The signature does not match",
    "tamper_other_key": "The copy names another key than the one this page or you trust",
}


def test_verify_page_refuses_every_tampering_and_names_it(copy, tab):
    """Each tampering on a fresh copy of the bundle, checked from a folder the reader picks (the
    one way a page can also see files added to the copy)."""
    for name, shown in SHOWN.items():
        tampered = copy.parent / name
        shutil.copytree(copy, tampered)
        path = tampering.first_article(tampered)
        getattr(tampering, name)(tampered)
        tab.goto(tampered.as_uri() + "/verify.html")
        tab.set_input_files("#verify-folder", tampered)
        expect(tab.locator("#verify-status")).to_have_attribute("data-result", "bad")
        expect(tab.locator("#verify-details")).to_contain_text(shown.format(path=path))
