"""The sitemap index and each sitemap, at the newsroom's canonical address."""

from django.contrib.sitemaps import views as sitemap_views
from django.template.response import TemplateResponse
from django.urls import reverse

from dateline.metadata.facts import absolute, site_root

from .sitemaps import newsroom_sitemaps


def sitemap_index(request):
    """List every sitemap (and each further page of a long one) with its latest change.

    Django's own index view names the sitemaps after the Host header of the request; this one
    uses the site's address, like every page address inside the sitemaps.
    """
    root = site_root(request)
    entries = []
    for name, sitemap in newsroom_sitemaps(request).items():
        location = absolute(root, reverse("sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append({"location": location, "lastmod": lastmod})
        entries += [
            {"location": f"{location}?p={number}", "lastmod": lastmod}
            for number in range(2, sitemap.part_count() + 1)
        ]
    response = TemplateResponse(
        request, "feeds/sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def sitemap_section(request, section):
    # The Google News sitemap has elements of its own; every other one is a plain urlset.
    template = "feeds/news_sitemap.xml" if section == "news" else "feeds/sitemap.xml"
    return sitemap_views.sitemap(
        request, sitemaps=newsroom_sitemaps(request), section=section, template_name=template
    )
