"""Old WordPress links keep working: permalinks and /?p=ID answer with a permanent redirect."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from dateline.news.models import ArticlePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(newsroom):
    return ArticlePage.objects.get(title="Rice prices double in Hyesan")


def test_old_permalink_redirects_permanently_to_the_article(story, client):
    response = client.get("/2024/03/rice-prices-double/")
    assert response.status_code == 301
    assert response["Location"] == story.url


def test_query_string_post_id_redirects_permanently(story, client):
    response = client.get("/?p=101")
    assert response.status_code == 301
    assert response["Location"] == story.url


def test_post_id_with_tracking_parameters_still_redirects(story, client):
    response = client.get("/?utm_source=mail&p=101")
    assert response.status_code == 301
    assert response["Location"] == story.url


def test_page_id_of_a_page_redirects(newsroom, client):
    response = client.get("/?page_id=105")
    assert response.status_code == 301
    assert response["Location"] == StandardPage.objects.get(title="About the Border Desk").url


def test_korean_permalink_redirects(newsroom, client):
    korean = ArticlePage.objects.get(title="시장 물가 급등")
    response = client.get("/2024/03/%EC%8B%9C%EC%9E%A5-%EB%AC%BC%EA%B0%80/")
    assert response.status_code == 301
    assert response["Location"] == korean.url


def test_unknown_post_id_serves_the_front_page(newsroom, client, home):
    response = client.get("/?p=999999")
    assert response.status_code == 200
    assert "news/home_page.html" in [template.name for template in response.templates]
    # The reader sees the front page and its latest stories, not an error or an empty page.
    assert "Rice prices double in Hyesan" in response.content.decode()


def test_a_draft_gets_no_redirect(newsroom, client):
    # The control: the published post of the same export does redirect from its /?p= link...
    assert client.get("/?p=101").status_code == 301
    assert Redirect.objects.filter(old_path="/?p=101").exists()
    # ...and the draft's old link leads nowhere near it.
    response = client.get("/?p=103")
    assert response.status_code == 200
    assert not Redirect.objects.filter(old_path="/?p=103").exists()
    draft = ArticlePage.objects.get(title="Unfinished: the fuel story")
    assert draft.title not in response.content.decode()


def test_page_whose_address_did_not_change_gets_no_redirect_loop(newsroom, client):
    about = StandardPage.objects.get(title="About the Border Desk")
    assert about.url == "/about/"
    assert not Redirect.objects.filter(old_path="/about").exists()
    assert client.get("/about/").status_code == 200


def test_an_existing_redirect_elsewhere_is_left_alone_and_reported(run_import, uploads, home):
    Redirect.objects.create(
        old_path="/?p=101", site=home.get_site(), redirect_link="https://x.org/"
    )
    report = run_import("newsroom.xml", uploads=uploads)
    assert Redirect.objects.get(old_path="/?p=101").redirect_link == "https://x.org/"
    assert any("/?p=101 already exists" in str(warning) for warning in report.warnings)


def test_old_links_redirect_into_the_korean_edition(run_import, uploads, client):
    run_import("newsroom.xml", uploads=uploads, language_code="ko")
    story = ArticlePage.objects.get(title="Rice prices double in Hyesan")
    assert story.url.startswith("/ko/")
    response = client.get("/?p=101")
    assert response.status_code == 301
    assert response["Location"] == story.url
