"""The two forms behind the comment box: the security form, then the form the reader fills in.

Why the form is safe without a per-visitor CSRF token (so an article page can be cached or baked
and be the same bytes for every reader):
- CSRF attacks borrow a visitor's authority (their session cookie). The comment endpoint has none
  to borrow: it ignores who is logged in and trusts no cookie (it only notices the "save my name"
  one, to forget it when the box is unticked), and a comment posted through it carries only what
  is typed into it. Forging a cross-site post gains the attacker nothing they could not do by
  posting themselves, except the visitor's address, which the Origin/Referer check in the view
  and the browsers' SameSite=Lax default on our cookies take away.
- What the form does need is proof that it was rendered by this site for this article, recently:
  the signed token carries (article id, issued time) under an HMAC keyed by SECRET_KEY with its
  own salt. It cannot be forged or moved to another article, and it expires
  (DATELINE_COMMENTS_FORM_MAX_AGE_HOURS), so harvested tokens go stale. Its issued time also
  gives the minimum fill time. Tampering is answered with 400, as django-contrib-comments does.
- A honeypot field that people never see catches the simplest robots.
Reader mistakes, by contrast, are re-rendered beside their fields with the text kept.
"""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from dateline.core.form_rendering import DIRECT_WIDGETS

from .characters import problem_with_characters, tidy
from .models import Comment, CommentStatus

TOKEN_SALT = "dateline.comments.form"
HONEYPOT_FIELD = "leave_empty"

MAX_TEXT = 10_000
MAX_NAME = 100
MAX_EMAIL = 254
MAX_URL = 200


def issue_token(article_id: int, issued_at: float | None = None) -> str:
    """Return the signed token a comment form for this article carries."""
    issued = int(issued_at if issued_at is not None else time.time())
    return signing.Signer(salt=TOKEN_SALT).sign_object(
        {"a": article_id, "t": issued}, compress=False
    )


class CommentSecurityForm(forms.Form):
    """Check that the post comes from this site's form for one article: a signed token, a honeypot.

    A token that does not verify means the form was altered or made elsewhere; the view answers
    400 and shows nothing of the article. The timing checks (too fast, too old) are guards, with
    the other policies, because a person can trip them and deserves their text back.
    """

    token = forms.CharField(max_length=200)
    # Named to tempt a robot; people never see it (hidden with CSS, out of the tab order, and
    # labelled "leave this field empty" for screen readers and anyone without the stylesheet).
    leave_empty = forms.CharField(required=False, max_length=MAX_TEXT)

    def clean_token(self):
        try:
            payload = signing.Signer(salt=TOKEN_SALT).unsign_object(self.cleaned_data["token"])
            article_id, issued_at = int(payload["a"]), int(payload["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                _("This comment form was altered or did not come from this site."), code="tampered"
            ) from None
        self.article_id, self.issued_at = article_id, issued_at
        return self.cleaned_data["token"]

    @property
    def honeypot(self) -> str:
        return self.cleaned_data.get(HONEYPOT_FIELD, "")


class _PlainTextField(forms.CharField):
    """A text field that follows `characters`: tidied, then refused if it breaks the rule."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = tidy(super().to_python(value))
        return value.replace("\r\n", "\n").replace("\r", "\n") if self.multiline else value

    def validate(self, value):
        super().validate(value)
        problem = problem_with_characters(value, multiline=self.multiline)
        if problem:
            raise forms.ValidationError(problem, code="characters")


class _CheckedEmailField(forms.EmailField):
    def validate(self, value):
        problem = problem_with_characters(value, multiline=False)
        if problem:
            raise forms.ValidationError(problem, code="characters")
        super().validate(value)


class _CheckedURLField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]

    def to_python(self, value):
        problem = problem_with_characters(value or "", multiline=False)
        if problem:
            raise forms.ValidationError(problem, code="characters")
        return super().to_python(value)


class CommentForm(forms.Form):
    """What the reader types: their comment, name, email, website, and whether to remember them."""

    default_renderer = DIRECT_WIDGETS  # it is on every article page

    comment = _PlainTextField(
        label=_("Comment"),
        multiline=True,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "Please shorten your comment to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    name = _PlainTextField(
        label=_("Name"),
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "name", "size": 30}),
        error_messages={
            "required": _("Please give a name; it may be a pseudonym."),
            "max_length": _("Please shorten the name to %(limit_value)d characters."),
        },
    )
    email = _CheckedEmailField(
        label=_("Email"),
        max_length=MAX_EMAIL,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "size": 30}),
        error_messages={
            "required": _("Please give an email address; it will not be published."),
            "invalid": _("Please give an email address such as name@example.org."),
            "max_length": _("An email address has at most %(limit_value)d characters."),
        },
    )
    url = _CheckedURLField(
        label=_("Website"),
        required=False,
        max_length=MAX_URL,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "size": 30}),
        error_messages={
            "invalid": _("Please give a web address starting with https:// or http://."),
            "max_length": _("Please shorten the web address to %(limit_value)d characters."),
        },
    )
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, article=None, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)

    def clean_parent(self):
        """Return the approved comment of this article being answered, or None for a new thread."""
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.filter(
            pk=parent_id, article=self.article, status=CommentStatus.APPROVED
        ).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to is not on this article or is no longer shown."),
                code="parent",
            )
        if _depth_of(parent) >= settings.DATELINE_COMMENTS_THREAD_DEPTH:
            raise forms.ValidationError(
                _("This conversation is too deep to answer here: reply to an earlier comment."),
                code="depth",
            )
        return parent


def _depth_of(comment: Comment) -> int:
    """Return the comment's level as readers see it: 1 + its public ancestors, walking up.

    Ancestors that are not public do not count, as the thread shown to readers skips them.
    """
    depth, parent_id, seen = 1, comment.parent_id, {comment.pk}
    while parent_id is not None and parent_id not in seen and len(seen) <= 50:
        seen.add(parent_id)
        row = Comment.objects.filter(pk=parent_id).values_list("parent_id", "status").first()
        if row is None:
            break
        parent_id, status = row
        depth += status == CommentStatus.APPROVED
    return depth


LINK_PATTERN = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S*", re.IGNORECASE
)


def count_links(*texts: str) -> int:
    """Return how many web links the texts hold (a comment's text and its website together)."""
    return sum(len(LINK_PATTERN.findall(text)) for text in texts)
