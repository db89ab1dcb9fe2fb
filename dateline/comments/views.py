"""The reader's side: post a comment (Post/Redirect/Get), and the reply page for readers without JS.

The post endpoint is CSRF-exempt by design and for this form only: see `forms.py` for why a signed
(article, time) token, the honeypot and the Origin/Referer check below are the right protection
for a form that must work on cached and baked pages. Status codes tell what happened: a 303
redirect means the comment is stored (the transaction has committed before it is sent); any 4xx
means nothing was stored, and the page says why and gives the reader their text back.

After a post the reader goes back to the article with the outcome in the URL
(`?comment-posted=<signed id>#comment-status`, or the comment's id and anchor when it was
published at once) and the article renders the notice, and the reader's own waiting comment,
from that parameter (see `posted.py`). Not a session message: that
needs a cookie and would make the article's HTML differ from one reader to the next, whereas a
page cache keyed on the URL stays right (everyone who opens that URL gets the same page), and it
works with JavaScript off. For the same reason the "save my name" details are put back into the
form by comments.js, in the reader's own browser: a server-side prefill would write one reader's
email into a page a cache could hand to another. With JavaScript off the form simply starts empty.
"""

import json
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.db import OperationalError, transaction
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dateline.core.compiled import CompiledQuery
from dateline.core.pagination import comment_page_url
from dateline.core.unavailable import RETRY_AFTER_SECONDS, keep_text_when_unavailable
from dateline.core.visibility import public
from dateline.news.editions import locale_by_id, site_for_request
from dateline.news.models import ArticlePage

from .addresses import client_address, recent_hashes
from .forms import CommentForm, CommentSecurityForm, issue_token
from .guards import (
    HISTORY_GUARDS,
    STATELESS_GUARDS,
    Action,
    Submission,
    approval_status,
    run_guards,
)
from .models import Comment, CommentStatus, comments_are_open
from .posted import POSTED_PARAMETER, waiting_value
from .privacy import public_comment
from .reasons import stored
from .signals import comment_posted
from .threads import build_thread

REMEMBER_COOKIE = "dateline_commenter"
REMEMBER_SECONDS = 365 * 24 * 3600
URLENCODED = "application/x-www-form-urlencoded"


def _trusted_hosts(request) -> set[str]:
    hosts = {request.get_host().lower(), urlsplit(settings.DATELINE_BASE_URL).netloc.lower()}
    hosts.update(urlsplit(origin).netloc.lower() for origin in settings.CSRF_TRUSTED_ORIGINS)
    return hosts


def _comes_from_this_site(request) -> bool:
    """Check Origin (or, without it, Referer) names this site; a post with neither is let through.

    Browsers send Origin with every cross-site POST, so a forged cross-site post is caught here;
    privacy tools that strip both headers leave the signed token and the guards to do the work.
    "Origin: null" (a sandboxed or opaque page) is not this site's form.
    """
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not origin:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() in _trusted_hosts(request)


def _refusal(request, status, message, *, article=None, text=""):
    """Answer a post that cannot go on, saying why and handing the reader's text back."""
    return render(
        request,
        "comments/refusal.html",
        {"message": message, "article": article, "page": article, "text": text},
        status=status,
    )


def _article_with_form(request, article, form, *, status, notice=""):
    """Render the article again with the reader's form: their text kept, each problem named."""
    context = article.get_context(request)
    context.update(comment_form=form, comment_form_notice=notice)
    response = TemplateResponse(request, article.get_template(request), context, status=status)
    return response.render()


def _read_post_as_utf8(request) -> None:
    """Make bytes that are not UTF-8 show as U+FFFD, as percent-encoded ones already do.

    Django decodes a form body that is not valid UTF-8 as Latin-1, which would store the comment
    as mojibake. Decoded with replacement characters instead, the form refuses the field with the
    same message whether the bad bytes came raw or percent-encoded.
    """
    if request.content_type != URLENCODED:
        return  # multipart fields are already decoded with replacement characters
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        request.POST = QueryDict(request.body.decode("utf-8", "replace"))


@csrf_exempt
@require_POST
@keep_text_when_unavailable("comment")  # a full disk: 503, the reader's text given back
def post_comment(request):
    """Check, store and acknowledge a comment, then send the reader back to the article."""
    _read_post_as_utf8(request)
    text = request.POST.get("comment", "")[:20_000]
    if not _comes_from_this_site(request):
        message = _("This comment was not sent from this site's own form, so it was not accepted.")
        return _refusal(request, 403, message, text=text)
    security = CommentSecurityForm(request.POST)
    if not security.is_valid():
        message = _("This comment form was altered or did not come from this site.")
        return _refusal(request, 400, message, text=text)
    article = _live_public_article(security.article_id)
    if article is None:
        message = _("The article for this comment is no longer published.")
        return _refusal(request, 404, message, text=text)
    with translation.override(_language_of(article)):
        try:
            return _post_to_article(request, article, security, text)
        except OperationalError:
            # A busy or restarting database: nothing was stored, so the reader may send it again.
            return _busy(request, article)


# Every post looks its article up: the statement is built once (core/compiled.py).
_LIVE_PUBLIC_ARTICLE = CompiledQuery(
    lambda pk: public(ArticlePage.objects.live().filter(pk=pk))[:1], pk=-2_000_000_001
)


def _live_public_article(pk):
    """Return the published article a comment is for, if any reader may see it; one query."""
    found = _LIVE_PUBLIC_ARTICLE.instances(pk=pk)
    return found[0] if found else None


def _language_of(article) -> str:
    """Return the article's language from the editions, or from its own row if they predate it."""
    return (locale_by_id(article.locale_id) or article.locale).language_code


def _busy(request, article):
    """Answer 503 with the reader's form and text, and when to try again, instead of a 500."""
    notice = _(
        "The site is busy and your comment could not be saved. Nothing was lost: it is below. "
        "Please send it again in a minute."
    )
    try:
        form = CommentForm(request.POST, article=article)
        form.is_valid()  # shows the text again; a mistake is named now rather than on the retry
        response = _article_with_form(request, article, form, status=503, notice=notice)
    except OperationalError:
        # The page itself needs the database (its settings, its thread): the text alone, on a
        # page made of nothing but this template.
        text = request.POST.get("comment", "")[:20_000]
        response = render(
            request, "comments/busy.html", {"message": notice, "text": text}, status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _post_to_article(request, article, security, text):
    if not comments_are_open(article):
        return _refusal(request, 403, _("Comments are closed."), article=article, text=text)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _article_with_form(request, article, form, status=400)
    data = form.cleaned_data
    address = client_address(request)
    submission = Submission(
        article_id=article.pk,
        text=data["comment"],
        author_name=data["name"],
        author_email=data["email"],
        author_url=data["url"],
        address_hashes=tuple(recent_hashes(address)),
        issued_at=security.issued_at,
        received_at=timezone.now(),
        honeypot=security.honeypot,
        client_address=address,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
    )
    verdict = run_guards(submission, STATELESS_GUARDS)
    if verdict.action != Action.REFUSE:
        # The checks that read earlier comments and the insert share one transaction: on SQLite it
        # takes the write lock first (IMMEDIATE), so two posts cannot both pass the flood check.
        with transaction.atomic():
            if verdict.action != Action.SPAM:
                verdict = verdict.then(run_guards(submission, HISTORY_GUARDS))
            if verdict.action != Action.REFUSE:
                held_code, held_params = stored(verdict.reason)
                comment = Comment.objects.create_comment(
                    article,
                    text=submission.text,
                    author_name=submission.author_name,
                    author_email=submission.author_email,
                    author_url=submission.author_url,
                    parent=data["parent"],
                    status=_status_for(verdict, submission),
                    created_at=submission.received_at,
                    client_address=address,
                    held_code=held_code,
                    held_params=held_params,
                )
    if verdict.action == Action.REFUSE:
        form.add_error(None, str(verdict.reason))
        status = 429 if verdict.guard == "flood" else 400
        return _article_with_form(request, article, form, status=status)
    # The comment is stored: a listener failing now (a notice that cannot be queued on a full disk)
    # is logged and must not turn the acknowledgement into an error that says it was not.
    comment_posted.send_robust(sender=Comment, comment=comment)
    return _acknowledge(request, article, comment, remember=data["remember"])


def _status_for(verdict, submission) -> str:
    if verdict.action == Action.SPAM:
        return CommentStatus.SPAM
    if verdict.action == Action.HOLD:
        return CommentStatus.PENDING
    return approval_status(submission)


def _acknowledge(request, article, comment, *, remember: bool):
    """Redirect (303) to the article with the notice in the URL, and keep or forget the reader."""
    site_for_request(request)  # remembered, so Wagtail's `get_url` finds the site without a query
    article_url = article.get_url(request)
    if comment.status == CommentStatus.APPROVED:
        number = build_thread(article.pk).page_number_of(comment.pk)
        url = comment_page_url(article_url, number)
        params, fragment = {POSTED_PARAMETER: comment.pk}, comment.anchor()
    else:
        # Spam is acknowledged exactly like a held comment: a spammer learns nothing. The signed
        # id lets the article show the reader their own comment, marked as waiting.
        url = article_url
        params, fragment = {POSTED_PARAMETER: waiting_value(comment.pk)}, "comment-status"
    response = HttpResponseRedirect(f"{url}?{urlencode(params)}#{fragment}")
    response.status_code = 303
    if remember:
        details = {"name": comment.author_name, "email": comment.author_email}
        details["url"] = comment.author_url
        response.set_cookie(
            REMEMBER_COOKIE,
            quote(json.dumps(details, ensure_ascii=False), safe=""),
            max_age=REMEMBER_SECONDS,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=False,  # read by comments.js in the reader's browser to fill the form
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        # Unticked this time: forget the details saved before, as WordPress does.
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response


@require_GET
def reply_page(request, comment_id: int):
    """Show one comment and the form to answer it: the reply link's target without JavaScript."""
    found = public_comment(comment_id)
    if found is None:
        raise Http404(_("There is no such comment."))
    article_id, parent = found
    article = _live_public_article(article_id)
    if article is None:
        raise Http404(_("There is no such comment."))
    with translation.override(_language_of(article)):
        return render(
            request,
            "comments/reply_page.html",
            {
                "page": article,
                "article": article,
                "parent": parent,
                "is_open": comments_are_open(article),
                "form": CommentForm(article=article, initial={"parent": parent.id}),
                "token": issue_token(article.pk),
                "cancel_url": f"{article.get_url(request)}#comments",
            },
        )
