"""The moderation queue and the commenter data requests in the Wagtail admin.

Plain server-rendered forms in Wagtail's admin frame, rather than a snippet listing: every action
(approve, spam, trash, restore, singly or on a selection) is an ordinary POST button, so it works
the same with or without JavaScript and is easy to test. Editors and Moderators act; Reporters
see, read-only, the comments on the articles they own.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .data_requests import erase_commenter, export_commenter
from .models import Comment, CommentStatus
from .moderation import ACTIONS, actions_for, apply_action, edit_comment, reply_as_newsroom

QUEUE_URL = reverse_lazy("comments_moderation:queue")


def can_moderate(user) -> bool:
    return user.has_perm("comments.change_comment")


def can_handle_data_requests(user) -> bool:
    return user.has_perm("comments.delete_comment")


def comments_visible_to(user):
    """Return the comments a staff member may see: all for moderators, own articles' for reporters."""
    if can_moderate(user):
        return Comment.objects.all()
    if user.has_perm("comments.view_comment"):
        return Comment.objects.filter(article__owner=user)
    return Comment.objects.none()


def pending_count(user) -> int:
    return comments_visible_to(user).filter(status=CommentStatus.PENDING).count()


def _safe_next(request, fallback) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else str(fallback)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *CommentStatus.choices],
    )
    article = forms.TypedChoiceField(
        label=_("Article"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Search text, name or email"), required=False, max_length=200)
    address = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, data, *, articles):
        super().__init__(data)
        self.fields["article"].choices = [("", _("All articles")), *articles]


class _CommentsAdminPage(WagtailAdminTemplateMixin):
    """Wagtail's admin frame with breadcrumbs: Home, Comments, then this page."""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": QUEUE_URL, "label": _("Comments")}]
        if self.get_page_title() != _("Comments"):
            items.append({"url": "", "label": self.get_page_title()})
        return items


class ModerationQueueView(_CommentsAdminPage, TemplateView):
    """List comments with filters and search; approve, spam, trash or restore one or many."""

    template_name = "comments/admin/queue.html"
    page_title = _("Comments")
    header_icon = "comment"
    per_page = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("comments.view_comment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filters(self):
        visible = comments_visible_to(self.request.user)
        articles = (
            visible.order_by("article__title")
            .values_list("article_id", "article__title")
            .distinct()
        )
        data = self.request.GET.copy()
        if not data:
            data["status"] = CommentStatus.PENDING  # the queue opens on what waits
        form = QueueFilterForm(data, articles=list(articles))
        return form, (form.cleaned_data if form.is_valid() else {"status": CommentStatus.PENDING})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form, filters = self.get_filters()
        visible = comments_visible_to(user)
        comments = visible.select_related("article", "parent").order_by("-created_at", "-pk")
        if filters.get("status"):
            comments = comments.filter(status=filters["status"])
        if filters.get("article"):
            comments = comments.filter(article_id=filters["article"])
        if filters.get("address"):
            comments = comments.filter(address_hash=filters["address"])
        if filters.get("q"):
            query = filters["q"]
            comments = comments.filter(
                Q(text__icontains=query)
                | Q(author_name__icontains=query)
                | Q(author_email__icontains=query)
            )
        page = Paginator(comments, self.per_page).get_page(self.request.GET.get("p"))
        page.object_list = list(page.object_list)
        for comment in page.object_list:
            comment.available_actions = actions_for(comment.status)
        counts = dict(visible.values_list("status").annotate(n=Count("pk")).order_by())
        context.update(
            filter_form=form,
            page_obj=page,
            comments=page.object_list,
            status_tabs=[
                (value, label, counts.get(value, 0)) for value, label in CommentStatus.choices
            ],
            current_status=filters.get("status", ""),
            can_moderate=can_moderate(user),
            can_handle_data_requests=can_handle_data_requests(user),
            actions=ACTIONS,
            query_without_page=self._query_without_page(),
        )
        return context

    def _query_without_page(self) -> str:
        query = self.request.GET.copy()
        query.pop("p", None)
        return query.urlencode()

    def post(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        single = request.POST.get("single", "")
        if single:
            action, _sep, raw_id = single.partition(":")
            raw_ids = [raw_id]
        else:
            action, raw_ids = request.POST.get("action", ""), request.POST.getlist("ids")
        ids = [int(raw) for raw in raw_ids if raw.isdigit()]
        if action not in ACTIONS:
            messages.error(request, _("Choose what to do with the comments."))
        elif not ids:
            messages.warning(request, _("Select at least one comment first."))
        else:
            changed = apply_action(Comment.objects.filter(pk__in=ids), action)
            messages.success(
                request,
                ngettext(
                    "%(action)s: %(count)d comment changed.",
                    "%(action)s: %(count)d comments changed.",
                    changed,
                )
                % {"action": ACTIONS[action], "count": changed},
            )
        return HttpResponseRedirect(_safe_next(request, QUEUE_URL))


class CommentEditForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 10}))
    author_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    author_url = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )


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
            comment=self.comment, back_url=_safe_next(self.request, QUEUE_URL), **kwargs
        )


class CommentEditView(_ModeratorOnly, _CommentsAdminPage, FormView):
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
        return HttpResponseRedirect(_safe_next(self.request, QUEUE_URL))


class NewsroomReplyForm(forms.Form):
    text = forms.CharField(
        label=_("The newsroom's reply"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
    )


class NewsroomReplyView(_ModeratorOnly, _CommentsAdminPage, FormView):
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
            f"{_safe_next(self.request, QUEUE_URL)}#moderation-comment-{reply.parent_id}"
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


class DataRequestView(_CommentsAdminPage, FormView):
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
