"""URL map: admin and documents first, then each language edition's pages under i18n patterns."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve as serve_static_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dateline.feeds import urls as feeds_urls
from dateline.publish import urls as publish_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(feeds_urls)),  # robots.txt, the sitemaps, the whole-site feed
    path("", include(publish_urls)),  # the mirror key, the checker, /mirrors.json
]

if settings.DATELINE_SERVE_MEDIA:
    # One-machine installs serve uploads themselves; behind a reverse proxy, let it take /media/.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_static_file, {"document_root": settings.MEDIA_ROOT})
    )

# The default language lives at the site root ("/"); every other edition under its code ("/ko/").
urlpatterns += i18n_patterns(
    path("", include("dateline.search.urls")),
    path("", include(feeds_urls.edition_urlpatterns)),
    path("", include(publish_urls.edition_urlpatterns)),
    path("comments/", include("dateline.comments.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
