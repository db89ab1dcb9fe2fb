"""Template tags that put an article's discussion and comment form on its page.

Everything here renders the same bytes for every anonymous reader: the form carries no
per-visitor token, and nothing reads the reader's cookies (the "remember me" prefill is done by
`comments.js` in the reader's own browser). The page of comments is part of the path
(`comments/page/2/`, given by the article's route as `comment_page`), and the one query
parameter read (`comment-posted`) is part of the URL, so a cache keyed on the URL stays correct.
"""

from types import SimpleNamespace

from django import template
from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import mark_safe

from dateline.core.pagination import comment_page_url

from ..forms import CommentForm, issue_token
from ..models import comments_are_open
from ..posted import PENDING, POSTED_PARAMETER, waiting_comment_id
from ..privacy import own_waiting_comment
from ..threads import attach_comment_counts, thread_for

register = template.Library()


class _CommentUrlizer(Urlizer):
    """Link web addresses written in a comment, marked as user content; leave email addresses be."""

    url_template = '<a href="{href}" rel="nofollow ugc">{url}</a>'

    def is_email_simple(self, value):
        return False


_urlize = _CommentUrlizer()


@register.filter
def comment_text(text: str) -> str:
    """Render a comment's plain text: markup escaped, paragraphs and line breaks kept, links made."""
    linked = _urlize(text, trim_url_limit=60, nofollow=False, autoescape=True)
    return mark_safe(linebreaks(linked, autoescape=False))


def _page_url(article, request) -> str:
    return article.get_url(request) or ""


@register.simple_tag(takes_context=True)
def comment_section(context):
    """Return what the comments partial shows: this page of threads, the form, any notice."""
    request = context["request"]
    article = context["page"]
    thread = thread_for(request, article)
    page = thread.page(context.get("comment_page", 1))
    page_url = _page_url(article, request)
    prefix = comment_page_url(page_url, page.number)
    is_open = comments_are_open(article)
    form = context.get("comment_form") or CommentForm(article=article)
    return SimpleNamespace(
        count=thread.count,
        roots=page.object_list,
        page=page,
        page_url=page_url,
        cancel_url=f"{page_url}#respond",
        previous_url=comment_page_url(page_url, page.number - 1) if page.has_previous() else "",
        next_url=comment_page_url(page_url, page.number + 1) if page.has_next() else "",
        permalink_prefix=prefix,
        max_depth=thread.max_depth,
        is_open=is_open,
        form=form,
        token=issue_token(article.pk),
        replying_to=_replying_to(form, thread),
        notice=context.get("comment_form_notice", ""),
        posted=_posted_notice(request, thread, page_url, article),
    )


def _replying_to(form, thread):
    """Return the public comment a (re-rendered) reply form answers, if any."""
    parent = form.cleaned_data.get("parent") if form.is_bound and form.is_valid() else None
    if parent is None and form.is_bound:
        raw = form.data.get("parent", "")
        parent_id = int(raw) if str(raw).isdigit() else None
    else:
        parent_id = parent.pk if parent else None
    return thread.find(parent_id) if parent_id else None


def _posted_notice(request, thread, page_url, article):
    """Return the notice after the Post/Redirect/Get: awaiting moderation, or published.

    A signed id (see `posted.py`) also brings back the reader's own comment, to show it to them
    marked as awaiting moderation.
    """
    posted = request.GET.get(POSTED_PARAMETER, "")
    if posted == PENDING:
        return SimpleNamespace(pending=True, url="", waiting=None)
    comment_id = waiting_comment_id(posted) if ":" in posted else None
    if comment_id is not None:
        waiting = own_waiting_comment(article.pk, comment_id)
        return SimpleNamespace(pending=True, url="", waiting=waiting)
    if posted.isdigit() and thread.find(int(posted)):
        number = thread.page_number_of(int(posted))
        url = comment_page_url(page_url, number)
        return SimpleNamespace(pending=False, url=f"{url}#comment-{posted}", waiting=None)
    return None


@register.inclusion_tag("comments/_count.html", takes_context=True)
def comment_count(context, article):
    """Render the link to the discussion shown beside an article's headline."""
    thread = thread_for(context["request"], article)
    return {"count": thread.count, "is_open": comments_are_open(article)}


@register.simple_tag
def count_comments(*listings) -> str:
    """Give every article of the listings its approved comment count, in one query for them all.

    Listing templates call this before their cards, which show `article.approved_comment_count`;
    the news app's pages thus show counts without knowing comments exist.
    """
    attach_comment_counts([article for listing in listings for article in listing])
    return ""
