"""robots.txt: crawlers are welcome to the news, pointed at the sitemaps, kept out of the rest."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from dateline.metadata.facts import absolute, site_root


def robots_txt(request):
    """Disallow the admin and every edition's search results (endless, thin pages); name the index."""
    disallowed = [reverse("wagtailadmin_home")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            disallowed.append(reverse("search"))
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in dict.fromkeys(disallowed))]
    lines += ["", f"Sitemap: {absolute(site_root(request), reverse('sitemap-index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
