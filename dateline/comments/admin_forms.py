"""The moderation queue's forms: edit a comment, reply as the newsroom, commenters' data requests.

Ordinary server-rendered forms in Wagtail's admin frame, reached from the queue's rows.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .data_requests import erase_commenter, export_commenter
from .models import Comment, CommentStatus
from .moderation import edit_comment, reply_as_newsroom
from .roles import can_handle_data_requests, can_moderate

NAMESPACE = "comments_moderation"


def queue_url() -> str:
    return reverse(f"{NAMESPACE}:index")


def comments_visible_to(user):
    """Return the comments a staff member may see: all for moderators, own articles' for reporters."""
    if can_moderate(user):
        return Comment.objects.all()
    if user.has_perm("comments.view_comment"):
        return Comment.objects.filter(article__owner=user)
    return Comment.objects.none()


def pending_count(user) -> int:
    return comments_visible_to(user).filter(status=CommentStatus.PENDING).count()


def safe_next(request, fallback=None) -> str:
    """Return the `next` address when it points into this site, else the queue."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else str(fallback or queue_url())


class _ModeratorOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        self.comment = get_object_or_404(Comment.objects.select_related("article"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The way back is checked like the redirect after saving: a `next` naming another host or
        # a javascript: URL must not become a link in the admin.
        return super().get_context_data(
            comment=self.comment, back_url=safe_next(self.request), **kwargs
        )


class CommentsAdminPage:
    """Wagtail's admin frame with breadcrumbs: Home, Comments, then this page."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": queue_url(), "label": _("Comments")},
            {"url": "", "label": self.get_page_title()},
        ]


class CommentEditForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 10}))
    author_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    author_url = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )


class CommentEditView(_ModeratorOnly, CommentsAdminPage, WagtailAdminTemplateMixin, FormView):
    """Change a comment's text (marked as edited on the site), name or website."""

    template_name = "comments/admin/edit.html"
    page_title = _("Edit comment")
    header_icon = "comment"

    form_class = CommentEditForm

    def get_initial(self):
        return {
            "text": self.comment.text,
            "author_name": self.comment.author_name,
            "author_url": self.comment.author_url,
        }

    def form_valid(self, form):
        edit_comment(
            self.comment,
            text=form.cleaned_data["text"],
            author_name=form.cleaned_data["author_name"],
            author_url=form.cleaned_data["author_url"],
        )
        messages.success(self.request, _("The comment was saved."))
        return HttpResponseRedirect(safe_next(self.request))


class NewsroomReplyForm(forms.Form):
    text = forms.CharField(
        label=_("The newsroom's reply"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
    )


class NewsroomReplyView(_ModeratorOnly, CommentsAdminPage, WagtailAdminTemplateMixin, FormView):
    """Answer a comment in public as the newsroom (approving the comment if it was waiting)."""

    template_name = "comments/admin/reply.html"
    form_class = NewsroomReplyForm
    page_title = _("Reply as the newsroom")
    header_icon = "comment"

    def form_valid(self, form):
        reply = reply_as_newsroom(
            self.comment, text=form.cleaned_data["text"], user=self.request.user
        )
        messages.success(self.request, _("The newsroom's reply is published."))
        return HttpResponseRedirect(
            f"{safe_next(self.request)}#moderation-comment-{reply.parent_id}"
        )


class DataRequestForm(forms.Form):
    email = forms.EmailField(label=_("The commenter's email address"), max_length=254)
    remove_text = forms.BooleanField(
        label=_("Also delete their comments' text (replies by others stay)"), required=False
    )
    confirm = forms.BooleanField(
        label=_("I have checked that this request comes from the owner of this address"),
        required=False,
    )


class DataRequestView(CommentsAdminPage, WagtailAdminTemplateMixin, FormView):
    """Export or erase what is stored with a commenter's email address."""

    template_name = "comments/admin/data_request.html"
    form_class = DataRequestForm
    page_title = _("Commenter data requests")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not can_handle_data_requests(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        email = form.cleaned_data.get("email") if form.is_bound and form.is_valid() else None
        context["found"] = Comment.objects.by_email(email).count() if email else None
        return context

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if "erase" not in self.request.POST:
            rows = export_commenter(email)
            response = HttpResponse(
                json.dumps(rows, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="commenter-data.json"'
            return response
        if not form.cleaned_data["confirm"]:
            form.add_error("confirm", _("Tick this box to confirm before erasing."))
            return self.form_invalid(form)
        remove_text = form.cleaned_data["remove_text"]
        count = erase_commenter(email, remove_text=remove_text)
        if remove_text:
            message = ngettext(
                "Deleted %(count)d comment left with that address.",
                "Deleted %(count)d comments left with that address.",
                count,
            )
        else:
            message = ngettext(
                "Removed the personal data from %(count)d comment.",
                "Removed the personal data from %(count)d comments.",
                count,
            )
        messages.success(self.request, message % {"count": count})
        return HttpResponseRedirect(reverse("comments_moderation:data_requests"))
