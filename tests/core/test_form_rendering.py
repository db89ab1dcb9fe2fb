"""The comment form's widgets, written without templates, are the markup Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from dateline.comments.forms import CommentForm
from dateline.core.form_rendering import DIRECT_WIDGETS

HOSTILE = {
    "comment": "Line one\n</textarea><script>alert(\"x\")</script> & 'quoted'",
    "name": '<b>"O\'Brien" & co</b>',
    "email": "not an email <>",
    "url": 'javascript:alert("x")',
    "remember": "on",
    "parent": "12",
}


class EveryInput(forms.Form):
    """Widgets and attributes the comment form does not use, to cover what the renderer takes."""

    count = forms.IntegerField(initial=0, widget=forms.NumberInput(attrs={"min": 0, "step": None}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput(attrs={"data-x": '"<&>"', "off": False}))
    flag = forms.BooleanField(required=False, initial=True)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"readonly": True}))
    choice = forms.ChoiceField(choices=[("a", "<A>"), ("b", "B")])


def _fields(form_class, **kwargs):
    """Render each field with Django's templates and with the direct renderer."""
    templates = form_class(renderer=DjangoTemplates(), **kwargs)
    direct = form_class(renderer=DIRECT_WIDGETS, **kwargs)
    return [(name, str(templates[name]), str(direct[name])) for name in templates.fields]


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, HOSTILE, {"comment": "", "name": "  "}])
def test_the_comment_form_is_written_as_django_writes_it(data):
    for name, by_templates, direct in _fields(CommentForm, data=data):
        assert direct == by_templates, name


@pytest.mark.parametrize(
    "data", [None, {"count": "7", "secret": "p<w>d", "hidden": "'x'", "flag": "", "notes": "&"}]
)
def test_other_inputs_and_attributes_are_written_as_django_writes_them(data):
    rendered = _fields(EveryInput, data=data)
    for name, by_templates, direct in rendered:
        assert direct == by_templates, name
    assert any('value="7"' in direct for _, _, direct in rendered) == bool(data)


def test_the_comment_form_uses_the_direct_renderer():
    assert CommentForm().renderer is DIRECT_WIDGETS
