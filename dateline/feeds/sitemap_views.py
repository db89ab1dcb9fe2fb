"""The sitemap index and each sitemap, at the newsroom's canonical address."""

from django.core.paginator import EmptyPage
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from dateline.core.shown import ALL_PAGES_KEY, PUBLISHED_DATES_KEY, note_shown
from dateline.metadata.facts import absolute, site_root

from .sitemaps import newsroom_sitemaps


def sitemap_index(request):
    """List every sitemap (and each further page of a long one) with its latest change.

    Django's own index view names the sitemaps after the Host header of the request; this one
    uses the site's address, like every page address inside the sitemaps.
    """
    root = site_root(request)
    note_shown(ALL_PAGES_KEY, PUBLISHED_DATES_KEY)  # which sitemaps there are, and their dates
    entries = []
    for name, sitemap in newsroom_sitemaps(request).items():
        location = absolute(root, reverse("sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append({"location": location, "lastmod": lastmod})
        entries += [
            {"location": absolute(root, sitemap_part_url(name, number)), "lastmod": lastmod}
            for number in range(2, sitemap.part_count() + 1)
        ]
    response = TemplateResponse(
        request, "feeds/sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def sitemap_part_url(name: str, number: int) -> str:
    """Return the address of part `number` of a sitemap: the first has the sitemap's own."""
    if number == 1:
        return reverse("sitemap-section", kwargs={"section": name})
    return reverse("sitemap-part", kwargs={"section": name, "part": number})


def sitemap_section(request, section):
    """Answer a sitemap's first part; the old `?p=N` address of a part moves to its path."""
    number = request.GET.get("p")
    if number is not None:
        if not number.isdigit() or int(number) < 1:
            raise Http404("No such part of this sitemap.")
        return HttpResponsePermanentRedirect(sitemap_part_url(section, int(number)))
    return _sitemap(request, section, 1)


def sitemap_part(request, section, part):
    if part < 2:
        return HttpResponsePermanentRedirect(sitemap_part_url(section, 1))
    return _sitemap(request, section, part)


def _sitemap(request, section, number):
    """Answer one part of a sitemap, its entries written a batch of pages at a time.

    As Django's own view, less the list of every entry it builds first: a 404 for a sitemap or
    part that does not exist, `Last-Modified` from the latest change listed, and the same
    `X-Robots-Tag`.
    """
    sitemap = newsroom_sitemaps(request).get(section)
    if sitemap is None:
        raise Http404("No such sitemap.")
    try:
        entries, latest = sitemap.render_part(number)
    except EmptyPage:
        raise Http404("No such part of this sitemap.") from None
    response = TemplateResponse(
        request,
        sitemap.template,
        {"entries": mark_safe(entries)},  # each batch's entries escaped as written (`entries_text`)
        content_type="application/xml",
        headers={"Last-Modified": http_date(latest.timestamp())} if latest else None,
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
