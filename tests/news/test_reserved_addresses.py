"""A page directly under an edition's home cannot take an address the site itself answers."""

import pytest
from django.core.exceptions import ValidationError

from dateline.news.factories import SectionPageFactory, edition_home
from dateline.news.models import SectionPage, StandardPage
from dateline.news.reserved import reserved_slugs

pytestmark = pytest.mark.django_db


def test_the_reserved_list_follows_the_url_configuration_and_the_editions():
    assert {
        "admin",
        "media",
        "static",
        "documents",
        "comments",
        "feeds",
        "search",
        "sitemap.xml",
        "robots.txt",
        ".well-known",
        "mirrors.json",
        "health",
        "en",
        "ko",
    } <= reserved_slugs()
    assert "north-korea" not in reserved_slugs()


@pytest.mark.parametrize("slug", ["admin", "media", "comments", "feeds", "search", "ko", "Admin"])
def test_a_section_under_the_home_page_cannot_take_a_reserved_address(home, slug):
    section = SectionPage(title="A desk", slug=slug)
    with pytest.raises(ValidationError) as refused:
        home.add_child(instance=section)
    assert "is used by the site itself" in refused.value.message_dict["slug"][0]
    assert not SectionPage.objects.filter(title="A desk").exists()


def test_a_plain_page_under_the_home_page_cannot_take_a_reserved_address(korean_home):
    with pytest.raises(ValidationError):
        korean_home.add_child(instance=StandardPage(title="Search", slug="search", body=[]))


def test_a_subsection_may_use_the_word(section):
    subsection = SectionPage(title="Admin reform", slug="admin")
    section.add_child(instance=subsection)
    assert subsection.url.endswith("/north-korea/admin/")


def test_the_admin_refuses_the_slug_with_a_clear_message(client, home, admin_user):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/pages/add/news/sectionpage/{home.pk}/",
        {"title": "Admin", "slug": "admin", "intro": "", "action-publish": "publish"},
    )
    assert response.status_code == 200
    assert "The address “admin” is used by the site itself" in response.content.decode()
    assert not SectionPage.objects.filter(title="Admin").exists()


def test_an_existing_section_is_refused_the_address_when_renamed(home):
    section = SectionPageFactory(parent=edition_home("en"), title="Desk", slug="desk")
    section.slug = "feeds"
    with pytest.raises(ValidationError):
        section.save_revision()
