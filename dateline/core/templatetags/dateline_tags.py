from django import template

from ..images import render_picture

register = template.Library()


@register.simple_tag
def picture(image, kind, **attrs):
    """Render `image` as a responsive <picture> of the named kind: hero, inline, card or portrait."""
    return render_picture(image, kind, **attrs)
