from django import template
from django.utils import timezone

from ..images import render_picture

register = template.Library()


@register.simple_tag
def picture(image, kind, **attrs):
    """Render `image` as a responsive <picture> of the named kind: hero, inline, card or portrait."""
    return render_picture(image, kind, **attrs)


@register.filter
def machine_time(moment):
    """Return a moment as the `datetime` of a <time> element, in the current time zone.

    Django's "c" format keeps microseconds, which HTML forbids there (three digits at most), so a
    page published or commented through the admin would fail the HTML checker; seconds suffice.
    """
    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")
