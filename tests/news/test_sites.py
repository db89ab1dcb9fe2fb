"""Each request's site comes from the table of sites the process remembers, by Wagtail's rules."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from dateline.news.editions import forget_editions, site_for_request
from dateline.news.factories import ArticlePageFactory
from dateline.news.models import StandardPage


@pytest.fixture
def more_sites(home, korean_home):
    """A newsroom with a second address (an onion service, say) and a staging port."""
    site_for_request(request_for("localhost", "80"))  # the table is remembered before the change
    Site.objects.create(hostname="news.onion", port=80, root_page=korean_home)
    Site.objects.create(hostname="staging.example", port=8080, root_page=home)
    Site.objects.create(hostname="staging.example", port=8081, root_page=korean_home)
    Site.objects.create(hostname="localhost", port=8081, root_page=korean_home)
    yield
    forget_editions()  # the test's rows are rolled back; the table must not outlive them


def request_for(host, port):
    return RequestFactory().get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=port)


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("localhost", "80"),  # the default site
        ("localhost", "8000"),  # the default and another site share the name, neither this port
        ("news.onion", "80"),  # another site, exactly
        ("news.onion", "8443"),  # the only site of that name, on another port
        ("staging.example", "8080"),
        ("staging.example", "9000"),  # two sites of that name, neither on this port
        ("unknown.example", "80"),  # no site of that name: the default
    ],
)
def test_the_site_found_for_a_request_is_the_one_wagtail_finds(more_sites, host, port):
    assert site_for_request(request_for(host, port)) == Site._find_for_request(
        request_for(host, port)
    )


def test_a_page_request_does_not_query_for_its_site(client, section):
    client.get(section.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(section.url).status_code == 200
    assert not [query for query in queries if "wagtailcore_site" in query["sql"]]


def _another_process_renames(home, title):
    """What another process's change does: writes the row and bumps the shared generation."""
    from dateline.news import editions

    type(home).objects.filter(pk=home.pk).update(title=title)
    editions.cache.set(
        editions._GENERATION_KEY, (editions.cache.get(editions._GENERATION_KEY) or 0) + 1
    )


def test_an_edition_renamed_by_another_process_shows_from_the_next_request(client, home, section):
    assert client.get(section.url).status_code == 200  # the editions are remembered
    _another_process_renames(home, "The Renamed Daily")
    assert "The Renamed Daily" in client.get(section.url).content.decode()


def test_a_request_asks_the_shared_cache_about_the_editions_once(client, article, monkeypatch):
    from dateline.news import editions

    client.get(article.url)
    asked = []
    real_get = editions.cache.get

    def counting_get(key, *args, **kwargs):
        asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(editions.cache, "get", counting_get)
    assert client.get(article.url).status_code == 200
    assert asked.count(editions._GENERATION_KEY) == 1


def _every_kind_of_page(home, korean_home, section, korean_section, translated_article):
    korean_story = ArticlePageFactory(parent=korean_section, title="장마당", slug="장마당-소식")
    about = StandardPage(title="About", slug="about", body=[])
    home.add_child(instance=about)
    return [
        page.specific
        for page in (home, korean_home, section, korean_section, translated_article, about)
    ] + [korean_story, translated_article.translated_from.specific]


@pytest.mark.parametrize(
    ("host", "port", "language"),
    [
        ("localhost", "80", "en"),
        ("localhost", "80", "ko"),  # an English page asked for while Korean is active
        ("news.onion", "80", "ko"),  # a site rooted at the Korean home
        ("staging.example", "8080", "en"),  # a second site on the English home
        ("section.example", "80", "en"),  # a site rooted at a section, below a home
        ("unknown.example", "80", "en"),
    ],
)
def test_every_page_has_the_address_wagtail_gives_it(
    more_sites, host, port, language, korean_section, translated_article
):
    section = translated_article.get_parent().specific
    home = section.get_parent().specific
    korean_home = korean_section.get_parent().specific
    if host == "section.example":
        Site.objects.create(hostname=host, port=80, root_page=section)
    pages = _every_kind_of_page(home, korean_home, section, korean_section, translated_article)
    with translation.override(language):
        request = request_for(host, port)
        for page in pages * 2:  # the second time, with what the request has kept
            assert page.get_url_parts(request) == Page.get_url_parts(page, request), page.url_path


def test_pages_below_a_home_are_addressed_from_the_homes_address(section, article, monkeypatch):
    """Wagtail reverses the URL patterns for each page; below a home, only the home's is."""
    from wagtail.models import pages as wagtail_pages

    reversed_paths = []
    real_reverse = wagtail_pages.reverse

    def counting_reverse(*args, **kwargs):
        reversed_paths.append(kwargs.get("args"))
        return real_reverse(*args, **kwargs)

    monkeypatch.setattr(wagtail_pages, "reverse", counting_reverse)
    request = request_for("localhost", "80")
    addresses = [article.get_url(request), section.get_url(request), article.get_url(request)]
    assert addresses == [f"/north-korea/{article.slug}/", "/north-korea/", addresses[0]]
    assert reversed_paths == [("",)]


def test_pages_keep_wagtails_addresses_without_the_last_slash(
    more_sites, korean_section, translated_article, monkeypatch
):
    from wagtail.models import pages as wagtail_pages

    monkeypatch.setattr(wagtail_pages, "WAGTAIL_APPEND_SLASH", False)
    section = translated_article.get_parent().specific
    pages = _every_kind_of_page(
        section.get_parent().specific,
        korean_section.get_parent().specific,
        section,
        korean_section,
        translated_article,
    )
    request = request_for("localhost", "80")
    for page in pages:
        assert page.get_url_parts(request) == Page.get_url_parts(page, request), page.url_path


def test_two_requests_holding_different_generations_do_not_load_the_editions_in_turn(home):
    """Threads of one process share the editions: a request that read the generation before
    another process's change must not load them again after a later request has."""
    import contextvars

    from dateline.news import editions

    earlier, later = contextvars.copy_context(), contextvars.copy_context()
    for request in (earlier, later):
        request.run(editions._request_generation.set, {})
    earlier.run(editions._loaded)
    _another_process_renames(home, "The Renamed Daily")
    assert later.run(editions._loaded)["homes"][0].title == "The Renamed Daily"
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            earlier.run(editions._loaded)
            later.run(editions._loaded)
    assert not queries.captured_queries


def test_a_change_is_announced_again_when_its_transaction_commits(
    client, home, section, django_capture_on_commit_callbacks
):
    """Another process that loads the editions after the change is announced but before its
    transaction commits reads the rows as they were: it must hear of the change again."""
    from dateline.news import editions

    assert client.get(section.url).status_code == 200
    before = list(editions._loaded()["homes"])
    with django_capture_on_commit_callbacks(execute=True):
        home.title = "The Renamed Daily"
        home.save()
        # Meanwhile another process (here, this one) loads the rows from before the commit.
        editions._editions.update(
            homes=before,
            generation=editions.cache.get(editions._GENERATION_KEY),
            loaded_at=editions.time.monotonic(),
        )
    assert "The Renamed Daily" in client.get(section.url).content.decode()


def test_an_edition_moved_among_the_editions_is_found_at_once(client, home, korean_home, section):
    """Putting the Korean edition first renumbers the English one's tree path: every look-up
    must see the new paths from the next request."""
    from dateline.news.editions import edition_homes

    assert client.get(section.url).status_code == 200  # the editions are remembered
    Page.objects.get(pk=korean_home.pk).move(Page.objects.get(pk=home.pk), pos="left")
    assert {h.pk: h.path for h in edition_homes().values()} == {
        h.pk: h.path for h in Page.objects.filter(pk__in=[home.pk, korean_home.pk])
    }
    assert client.get(section.url).status_code == 200
