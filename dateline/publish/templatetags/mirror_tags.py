"""What every page shows of the ways in: the onion `<meta>` tag and the footer's links."""

from django import template
from django.utils.html import format_html

from ..onion import onion_location

register = template.Library()


@register.simple_tag(takes_context=True)
def onion_meta(context):
    """Return the `<meta http-equiv="onion-location">` tag for this page, or nothing.

    The header form is lost when a page is served from a baked file by a server that does not
    add it, so the page carries it too.
    """
    request = context.get("request")
    location = onion_location(request.path) if request is not None else None
    if not location:
        return ""
    return format_html('<meta http-equiv="onion-location" content="{}">', location)
