"""The moderation queue in the Wagtail admin, on Wagtail's generic listing and bulk actions.

The queue is a `ModelViewSet` index: list filters (status, article, date), search, ordering,
pagination and the select-all/bulk-action footer are Wagtail's own, so it looks and behaves like
the rest of the admin. Each row also carries its own action buttons as plain POST forms, which
work without JavaScript. Editors and Moderators act; Reporters see, read-only, the comments on
the articles they own, without the commenters' personal data (see `roles.py`).
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from django_filters.fields import ModelChoiceField, ModelChoiceIterator
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from dateline.news.models import ArticlePage

from . import admin_forms
from .admin_forms import NAMESPACE, comments_visible_to, safe_next
from .models import Comment, CommentStatus
from .moderation import ACTIONS, actions_for, apply_action, put_back, statuses_of
from .roles import can_handle_data_requests, can_moderate

UNDO_SALT = "dateline.comments.undo"
UNDO_MAX_AGE = 3600  # an Undo link works for an hour after the action
UNDO_MAX_COMMENTS = 500  # larger selections get no Undo: the link would not fit in a URL


def report_action(request, action: str, changed: int, before: dict) -> None:
    """Say what an action changed, with an Undo that puts the comments back as they were."""
    message = ngettext(
        "%(action)s: %(count)d comment changed.",
        "%(action)s: %(count)d comments changed.",
        changed,
    ) % {"action": ACTIONS[action], "count": changed}
    buttons = []
    if changed and len(before) <= UNDO_MAX_COMMENTS:
        # Signed and bound to this user: the link cannot be forged or handed to someone else.
        token = signing.dumps(
            {"user": request.user.pk, "statuses": before}, salt=UNDO_SALT, compress=True
        )
        undo = f"{reverse(f'{NAMESPACE}:undo')}?token={token}&next={safe_next(request)}"
        buttons.append(messages.button(undo, _("Undo")))
    messages.success(request, message, buttons=buttons)


# The article filter offers the articles of this many of the newest comments shown, and the one
# chosen: offering every article with a comment put a choice for each in the page, and opening
# the queue of a 100,000-article archive took 19 seconds. Any other article is filtered on from
# the "Article" link of one of its comments.
ARTICLES_OFFERED_FROM = 200


class _OfferedArticles(ModelChoiceIterator):
    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.offered


class ArticleChoiceField(ModelChoiceField):
    """Accept any article of `queryset`; offer only those of `offered`."""

    iterator = _OfferedArticles

    def __init__(self, *args, offered=None, **kwargs):
        self.offered = offered
        super().__init__(*args, **kwargs)


class ArticleFilter(ModelChoiceFilter):
    field_class = ArticleChoiceField


class CommentFilterSet(WagtailFilterSet):
    """Status (pending unless chosen), article and posting date."""

    status = ChoiceFilter(label=_("Status"), choices=CommentStatus.choices, empty_label=_("All"))
    article = ArticleFilter(label=_("Article"), queryset=ArticlePage.objects.none())
    created_at = DateFromToRangeFilter(label=_("Posted"), widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = CommentStatus.PENDING  # the queue opens on what waits
        super().__init__(data, queryset, request=request, prefix=prefix)
        visible = comments_visible_to(request.user)
        article = self.filters["article"]
        article.queryset = ArticlePage.objects.filter(pk__in=visible.values("article_id"))
        article.extra["offered"] = _articles_offered(visible, data or {})


def _articles_offered(visible, data) -> QuerySet:
    """Return the articles of the newest comments in the status shown (whatever the other
    filters), and the article chosen."""
    newest = visible.order_by("-created_at")
    if data.get("status") in CommentStatus.values:
        newest = newest.filter(status=data["status"])
    offered = Q(pk__in=newest.values("article_id")[:ARTICLES_OFFERED_FROM])
    chosen = str(data.get("article", ""))
    # Asked apart: PostgreSQL reads an OR holding a subquery on no index.
    if chosen.isdecimal() and visible.filter(article_id=int(chosen)).exists():
        offered |= Q(pk=int(chosen))
    return ArticlePage.objects.filter(offered).only("title").order_by("title")


class CommentColumn(Column):
    """The comment's first lines, the whole text behind a <details>, and its own actions."""

    cell_template_name = "comments/admin/cells/comment.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        moderator = can_moderate(request.user)
        context.update(
            moderator=moderator,
            actions=actions_for(instance.status) if moderator else [],
            csrf_token=get_token(request),
            here=request.get_full_path(),
        )
        return context


class CommenterColumn(Column):
    """Who wrote it; the email, website and network only for those who moderate."""

    cell_template_name = "comments/admin/cells/commenter.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["personal_data"] = can_moderate(parent_context["request"].user)
        return context


class ArticleColumn(Column):
    cell_template_name = "comments/admin/cells/article.html"


class StatusColumn(Column):
    cell_template_name = "comments/admin/cells/status.html"


class CommentIndexView(generic.IndexView):
    """The queue: pending comments first shown, filtered, searched, ordered and paginated."""

    template_name = "comments/admin/index.html"
    page_title = _("Comments")
    header_icon = "comment"
    default_ordering = "-created_at"
    filterset_class = CommentFilterSet
    search_fields = ["text", "author_name"]
    any_permission_required = ["view"]

    def get_base_queryset(self):
        comments = comments_visible_to(self.request.user).select_related("article", "parent")
        if self.address and can_moderate(self.request.user):
            # "Comments from the same address": a keyed hash, so only for those who moderate.
            comments = comments.filter(address_hash=self.address)
        return comments

    def get_add_url(self):
        """Offer no "Add" button: readers write comments, the newsroom replies to one (the viewset
        has no add view, so reversing its URL for an administrator broke the whole queue)."""
        return None

    @cached_property
    def address(self) -> str:
        return self.request.GET.get("address", "")[:64]

    def search_queryset(self, queryset):
        if not self.is_searching or not can_moderate(self.request.user):
            return super().search_queryset(queryset)
        # Only those who may see emails may find comments by one.
        query = self.search_query
        return queryset.filter(
            Q(text__icontains=query)
            | Q(author_name__icontains=query)
            | Q(author_email__icontains=query)
        )

    @cached_property
    def columns(self):
        columns = [
            CommentColumn("text", label=_("Comment")),
            CommenterColumn("author_name", label=_("Commenter"), sort_key="author_name"),
            ArticleColumn("article", label=_("Article"), sort_key="article__title"),
            StatusColumn("status", label=_("Status"), sort_key="status"),
            DateColumn("created_at", label=_("Posted"), sort_key="created_at"),
        ]
        if can_moderate(self.request.user):
            columns.insert(0, BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"))
        return columns

    @cached_property
    def current_status(self) -> str:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("status") or ""
        return CommentStatus.PENDING

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        user = self.request.user
        counts = dict(
            comments_visible_to(user).values_list("status").annotate(n=Count("pk")).order_by()
        )
        context.update(
            status_tabs=[(v, label, counts.get(v, 0)) for v, label in CommentStatus.choices],
            current_status=self.current_status,
            can_moderate=can_moderate(user),
            can_handle_data_requests=can_handle_data_requests(user),
            address=self.address if can_moderate(user) else "",
        )
        return context


class CommentActionView(View):
    """Apply one action to one comment: the row's own buttons, which need no JavaScript."""

    def post(self, request, pk):
        if not can_moderate(request.user):
            raise PermissionDenied
        action = request.POST.get("action", "")
        comments = Comment.objects.filter(pk=pk)
        if action not in ACTIONS or not comments.exists():
            messages.error(request, _("Choose what to do with the comments."))
        else:
            before = statuses_of(comments)
            report_action(request, action, apply_action(comments, action), before)
        return HttpResponseRedirect(safe_next(request))


class UndoView(View):
    """Put comments back as they were before an action, from the signed link in its message."""

    def get(self, request):
        if not can_moderate(request.user):
            raise PermissionDenied
        try:
            data = signing.loads(request.GET.get("token", ""), salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
        except signing.BadSignature:
            data = None
        if not data or data.get("user") != request.user.pk:
            messages.error(request, _("This Undo has expired: change the comments again instead."))
        else:
            statuses = {int(pk): tuple(pair) for pk, pair in data["statuses"].items()}
            changed = put_back(statuses)
            messages.success(
                request,
                ngettext(
                    "Undone: %(count)d comment is back as it was.",
                    "Undone: %(count)d comments are back as they were.",
                    changed,
                )
                % {"count": changed},
            )
        return HttpResponseRedirect(safe_next(request))


class CommentViewSet(ModelViewSet):
    """The queue and the pages around it, under /admin/comments/."""

    model = Comment
    name = "comments"
    url_namespace = NAMESPACE
    icon = "comment"
    list_per_page = 50
    add_to_admin_menu = False  # the menu item with its pending badge is in wagtail_hooks
    index_view_class = CommentIndexView
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/act/", CommentActionView.as_view(), name="act"),
            path("undo/", UndoView.as_view(), name="undo"),
            path("<int:pk>/edit/", admin_forms.CommentEditView.as_view(), name="edit"),
            path("<int:pk>/reply/", admin_forms.NewsroomReplyView.as_view(), name="reply"),
            path("data-requests/", admin_forms.DataRequestView.as_view(), name="data_requests"),
        ]
