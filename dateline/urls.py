"""URL map: admin, documents and media first, then each language edition's pages under i18n patterns."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dateline.core.health import health
from dateline.core.media import serve_media
from dateline.feeds import urls as feeds_urls
from dateline.news import routing
from dateline.publish import urls as publish_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", health, name="health"),  # for monitors: see dateline/core/health.py
    # Pictures only, each checked against its collection's restrictions: see core/media.py.
    re_path(r"^media/(?P<path>.+)$", serve_media),
    path("", include(feeds_urls)),  # robots.txt, the sitemaps, the whole-site feed
    path("", include(publish_urls)),  # the mirror key, the checker, /mirrors.json
]

# The default language lives at the site root ("/"); every other edition under its code ("/ko/").
urlpatterns += i18n_patterns(
    path("", include("dateline.search.urls")),
    path("", include(feeds_urls.edition_urlpatterns)),
    path("", include(publish_urls.edition_urlpatterns)),
    path("comments/", include("dateline.comments.urls")),
    # Wagtail's own page view, routed from the edition's home (see news/routing.py).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# A full disk or a database restarting is answered 503 with Retry-After, anything else 500.
handler500 = "dateline.core.unavailable.server_error"
