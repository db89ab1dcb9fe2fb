"""What an article page offers a reader after the story: further reading and share links."""

from types import SimpleNamespace

from django import template

from dateline.core.models import NewsroomSettings
from dateline.core.sharing import EMAIL, share_address, share_links

from ..further_reading import further_reading as read_further

register = template.Library()


@register.simple_tag
def further_reading(article):
    """Return the article's previous and next stories, more from its section and related ones."""
    return read_further(article)


@register.simple_tag(takes_context=True)
def share(context, page):
    """Return the story's address, its email link and the newsroom's chosen networks' links."""
    request = context.get("request")
    url = page.get_full_url(request)
    networks = NewsroomSettings.for_request(request).share_networks if request else []
    return SimpleNamespace(
        url=url,
        email=share_address(EMAIL, url, page.title),
        networks=[
            SimpleNamespace(name=name, url=address)
            for name, address in share_links(url, page.title, networks)
        ],
    )
