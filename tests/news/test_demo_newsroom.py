"""The demo newsroom: believable, complete, and safe to load again."""

import os
import stat
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from taggit.models import Tag
from wagtail.models import Locale, Page, Revision
from wagtail.permissions import policy_registry

from dateline.core.models import NewsImage
from dateline.news.models import ArticleCredit, ArticlePage, Contributor, SectionPage

from .conftest import parse


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo_newsroom", *args, stdout=out)
    return out.getvalue()


def stored_counts() -> dict[str, int]:
    """Count every kind of row the loader writes, to tell a rerun that adds nothing."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            SectionPage,
            ArticlePage,
            Contributor,
            ArticleCredit,
            NewsImage,
            Tag,
            Revision,
            get_user_model(),
        )
    }


@pytest.fixture
def demo_home(settings, tmp_path):
    """Keep the demo's account file in a throwaway DATELINE_HOME."""
    settings.DATELINE_HOME = tmp_path
    return tmp_path


@pytest.fixture
def demo(db, demo_home):
    return load_demo()


def test_demo_builds_sections_articles_and_contributors(demo):
    english = Locale.objects.get(language_code="en")
    assert SectionPage.objects.live().filter(locale=english).count() >= 3
    assert ArticlePage.objects.live().count() >= 12
    assert Contributor.objects.count() >= 5
    sections_with_articles = {article.get_parent().pk for article in ArticlePage.objects.all()}
    assert len(sections_with_articles) >= 3


def test_running_the_demo_again_duplicates_nothing(demo):
    before = stored_counts()
    output = load_demo()
    assert stored_counts() == before
    assert "Created: nothing new." in output


def test_demo_has_a_korean_article_and_its_english_translation(client, demo):
    korean, english = Locale.objects.get(language_code="ko"), Locale.objects.get(language_code="en")
    translation = ArticlePage.objects.live().get(
        locale=english, translated_from__locale=korean, translated_from__live=True
    )
    original = translation.translated_from
    assert original.translation_key == translation.translation_key
    soup = parse(client.get(translation.url))
    credit_line = soup.select_one(".credit-line").get_text(" ", strip=True).replace(" .", ".")
    assert credit_line.startswith("Translated by ")
    assert ". Written in English by " in credit_line
    assert soup.select_one(".translation-note a")["href"] == original.url
    korean_page = parse(client.get(original.url))
    assert korean_page.html["lang"] == "ko"
    assert korean_page.select_one(".translation-note a")["href"] == translation.url


def test_every_demo_article_has_a_captioned_credited_image_and_tags(demo):
    for article in ArticlePage.objects.select_related("hero_image"):
        assert article.hero_image is not None, article.title
        assert article.hero_caption, article.title
        assert article.hero_alt_text, article.title
        assert article.hero_image.credit, article.title
        assert article.tags.exists(), article.title
        assert article.credits.exists(), article.title


def test_demo_images_are_painted_locally(demo):
    image = NewsImage.objects.first()
    assert image.file.name.startswith("original_images/")
    assert image.width >= 1200


def test_reporters_and_editors_can_choose_every_demo_image(demo):
    policy = policy_registry.get_by_type(NewsImage)
    for username in ("reporter", "editor"):
        user = get_user_model().objects.get(username=username)
        choosable = policy.instances_user_has_any_permission_for(user, ["choose"])
        assert choosable.count() == NewsImage.objects.count(), username


def test_demo_accounts_log_in_with_the_printed_passwords(demo):
    printed = dict(
        line.split()[0::2] for line in demo.splitlines() if "password:" in line
    )  # "  reporter   password: XYZ" -> {"reporter": "XYZ"}
    assert set(printed) == {"reporter", "editor", "moderator", "admin"}
    for username, password in printed.items():
        # Through the admin's log-in page, as staff do (and as the log-in guard requires).
        response = Client().post("/admin/login/", {"username": username, "password": password})
        assert (response.status_code, response.get("Location")) == (302, "/admin/"), username
    user_model = get_user_model()
    assert user_model.objects.get(username="reporter").groups.get().name == "Reporters"
    assert user_model.objects.get(username="editor").groups.get().name == "Editors"
    assert user_model.objects.get(username="moderator").groups.get().name == "Moderators"
    assert user_model.objects.get(username="admin").is_superuser


def test_demo_passwords_are_kept_readable_by_the_owner_only(demo, demo_home):
    accounts_file = demo_home / "demo-accounts.txt"
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600


def test_rerun_prints_the_same_demo_passwords(demo):
    assert load_demo().splitlines()[-3:] == demo.splitlines()[-3:]


def test_if_empty_leaves_a_site_with_articles_alone(article, demo_home):
    before = stored_counts()
    output = load_demo("--if-empty")
    assert stored_counts() == before
    assert "The site already has articles; the demo newsroom was not loaded." in output


def test_if_empty_loads_the_demo_on_an_empty_site(db, demo_home):
    load_demo("--if-empty")
    assert ArticlePage.objects.count() >= 12


def test_demo_and_archive_need_no_test_extras():
    """`pip install .` has no factory-boy: the demo and the generator must import without it."""
    script = (
        "import sys; sys.modules['factory'] = None; sys.modules['wagtail_factories'] = None\n"
        "import django; django.setup()\n"
        "import dateline.news.demo.loader, dateline.news.archive, dateline.comments.archive\n"
        "import dateline.news.management.commands.load_demo_newsroom\n"
        "import dateline.news.management.commands.generate_archive\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
