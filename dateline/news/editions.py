"""The language editions: one locale and one published home page per language in settings.

Applied after every `dateline migrate`, so a new install has a working front page in each
language before anyone logs in, and a language added to settings gets its edition on upgrade.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage


@transaction.atomic
def ensure_editions(**kwargs) -> None:
    """Create missing locales, replace Wagtail's welcome page, and translate the home page."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    # A flushed database (as between transactional tests) has lost even Wagtail's tree roots.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.get_default())
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    default_locale = Locale.get_default()
    home = HomePage.objects.filter(locale=default_locale, depth=2).first()
    if home is None:
        _remove_wagtail_placeholder()
        home = root.add_child(
            instance=HomePage(
                title=settings.DATELINE_NEWSROOM_NAME, slug="home", locale=default_locale
            )
        )
        home.save_revision().publish()
    if not Site.objects.filter(is_default_site=True).exists():
        base_url = urlsplit(settings.DATELINE_BASE_URL)
        Site.objects.create(
            hostname=base_url.hostname or "localhost",
            port=base_url.port or (443 if base_url.scheme == "https" else 80),
            site_name=settings.DATELINE_NEWSROOM_NAME,
            root_page=home,
            is_default_site=True,
        )
    for locale in Locale.objects.exclude(pk=default_locale.pk):
        if not home.has_translation(locale):
            home.copy_for_translation(locale).save_revision().publish()


def _remove_wagtail_placeholder() -> None:
    """Delete the "Welcome to your new Wagtail site!" page Wagtail installs, and its site with it.

    Only the untouched placeholder goes (a plain page with nothing under it); a page somebody made
    is never deleted here.
    """
    for page in Page.objects.filter(depth=2, slug="home"):
        if type(page.specific) is Page and not page.get_children().exists():
            page.delete()
