"""`{% feed_links %}`: auto-discovery links to the feeds that fit the page being read."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from dateline.news.editions import edition_home
from dateline.news.models import ArticlePage, SectionPage

register = template.Library()

FEED_FORMATS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


@register.inclusion_tag("feeds/_discovery_links.html", takes_context=True)
def feed_links(context):
    """Link the edition's feed from every page, and the feed of what the page is about.

    A section page and its articles offer the section's feed; a contributor's or a topic's page
    offers theirs. The most specific feed comes first, as feed readers offer the first one.
    """
    request = context.get("request")
    home = edition_home(request) if request is not None else None
    if home is None:
        return {"feeds": []}
    page = context.get("page")
    subjects = []
    if context.get("contributor") is not None:
        contributor = context["contributor"]
        subjects.append((contributor.name, "feed-contributor", {"slug": contributor.slug}))
    elif context.get("topic") is not None:
        topic = context["topic"]
        subjects.append((topic.name, "feed-topic", {"slug": topic.slug}))
    elif isinstance(page, Page):
        section = page.section if isinstance(page, ArticlePage) else page
        if isinstance(section, SectionPage) and section.url_path.startswith(home.url_path):
            section_path = section.url_path[len(home.url_path) :].strip("/")
            subjects.append((section.title, "feed-section", {"section_path": section_path}))
    subjects.append((home.title, "feed-edition", {}))
    feeds = [
        {
            "title": _("%(subject)s (%(format)s)") % {"subject": subject, "format": label},
            "type": media_type,
            "url": reverse(url_name, kwargs={**kwargs, "feed_format": feed_format}),
        }
        for subject, url_name, kwargs in subjects
        for feed_format, media_type, label in FEED_FORMATS
    ]
    return {"feeds": feeds}
