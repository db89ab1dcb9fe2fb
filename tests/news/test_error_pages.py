"""The 404 and 500 pages wear the site's look; the 500 page needs no database to render."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import translation
from django.views.defaults import server_error

from dateline import urls as dateline_urls


def broken_view(request):
    raise RuntimeError("A fault in a view.")


urlpatterns = [path("broken/", broken_view), *dateline_urls.urlpatterns]


def test_missing_page_is_answered_with_404_in_the_sites_look(client, section):
    response = client.get("/no-such-story/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert soup.select_one("link[rel=stylesheet]")["href"] == "/static/dateline/css/dateline.css"
    assert soup.select_one(".skip-link")["href"] == "#main"
    assert soup.select_one(".site-name").get_text(strip=True) == "Dateline"
    assert [a.get_text() for a in soup.select("nav.sections a")] == ["North Korea"]
    assert soup.select_one("main a")["href"] == "/"


def test_missing_korean_page_is_answered_in_the_korean_edition(client, korean_home):
    response = client.get("/ko/no-such-story/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ko"
    assert soup.select_one("main a")["href"] == "/ko/"


def test_server_error_page_renders_without_the_database():
    """No `db` fixture: pytest-django makes any query fail, as when the database is down."""
    with translation.override("en"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Something went wrong"
    assert soup.select_one("link[rel=stylesheet]")["href"] == "/static/dateline/css/dateline.css"
    assert soup.select_one("main a")["href"] == "/"


def test_server_error_page_speaks_the_language_of_the_edition():
    with translation.override("ko"):
        response = server_error(RequestFactory().get("/ko/"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ko"
    assert soup.select_one("main a")["href"] == "/ko/"


@pytest.mark.urls(__name__)
def test_fault_in_a_view_is_answered_with_the_500_page():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text


def test_404_page_is_a_full_page_with_landmarks(client, home):
    response = client.get("/no-such-story/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert [child.name for child in soup.body.find_all(recursive=False)] == [
        "a",
        "header",
        "main",
        "footer",
    ]
