"""A form renderer that writes Django's plain input and textarea widgets without a template.

Every article page carries the comment form, and Django renders each of its widgets through
three templates (the widget, `input.html`, and `attrs.html`, which loops over the attributes):
about 1.5 ms of a 15 ms article render for six fields. These widgets' markup is one element, so
it is written here, to the byte as Django's templates write it; any other widget, and a widget
given a template of its own, goes through the templates as before.
`tests/core/test_form_rendering.py` compares the two on the comment form, bound and not.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
# The widget templates that are `input.html` and nothing else.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in ("input", "text", "email", "url", "number", "password", "hidden", "checkbox")
)
_TEXTAREA = f"{_WIDGETS}textarea.html"


def _attributes(attrs: dict) -> str:
    """Write the attributes as `attrs.html` does: False leaves one out, True writes its name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class DirectWidgets(DjangoTemplates):
    """Django's renderer, with the single-element widgets written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in _INPUTS:
            value = widget["value"]
            shown = "" if value is None else f' value="{conditional_escape(value)}"'
            html = (
                f'<input type="{conditional_escape(widget["type"])}"'
                f' name="{conditional_escape(widget["name"])}"{shown}'
                f"{_attributes(widget['attrs'])}>"
            )
        elif template_name == _TEXTAREA:
            text = conditional_escape(widget["value"]) if widget["value"] else ""
            html = (
                f'<textarea name="{conditional_escape(widget["name"])}"'
                f"{_attributes(widget['attrs'])}>\n{text}</textarea>"
            )
        else:
            return super().render(template_name, context, request=request)
        return mark_safe(html)


DIRECT_WIDGETS = DirectWidgets()
