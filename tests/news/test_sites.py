"""Each request's site comes from the table of sites the process remembers, by Wagtail's rules."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from dateline.news.editions import forget_editions, site_for_request


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
