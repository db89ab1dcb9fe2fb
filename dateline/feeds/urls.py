"""Addresses of the feeds, sitemaps and robots.txt.

`urlpatterns` sit at the site root, outside the language prefixes: robots.txt and the sitemaps
must be where crawlers look, and the whole-site feed belongs to no one edition. The feeds of an
edition and of its sections, contributors and topics are in `edition_urlpatterns`, mounted under
each language prefix ("/feeds/latest.rss", "/ko/feeds/latest.rss").
"""

from django.urls import path, register_converter

from . import robots, views
from .sitemap_views import sitemap_index, sitemap_part, sitemap_section


class FeedFormatConverter:
    regex = "rss|atom|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feed_format")

urlpatterns = [
    path("robots.txt", robots.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_index, name="sitemap-index"),
    # Further parts of a long sitemap are paths, so each can be a baked file.
    path("sitemap-<str:section>-part<int:part>.xml", sitemap_part, name="sitemap-part"),
    path("sitemap-<str:section>.xml", sitemap_section, name="sitemap-section"),
    path("feeds/all.<feed_format:feed_format>", views.site_feed, name="feed-site"),
]

edition_urlpatterns = [
    path("feeds/latest.<feed_format:feed_format>", views.edition_feed, name="feed-edition"),
    path(
        "feeds/sections/<path:section_path>.<feed_format:feed_format>",
        views.section_feed,
        name="feed-section",
    ),
    path(
        "feeds/contributors/<str:slug>.<feed_format:feed_format>",
        views.contributor_feed,
        name="feed-contributor",
    ),
    path("feeds/topics/<str:slug>.<feed_format:feed_format>", views.topic_feed, name="feed-topic"),
]
