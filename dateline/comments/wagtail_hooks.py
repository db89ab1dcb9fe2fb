"""The comments' place in the Wagtail admin: the queue's menu item with its pending badge, the
dashboard count, the URLs, and the permissions offered when editing a group."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem

from . import admin_views

moderation_urls = [
    path("", admin_views.ModerationQueueView.as_view(), name="queue"),
    path("<int:pk>/edit/", admin_views.CommentEditView.as_view(), name="edit"),
    path("<int:pk>/reply/", admin_views.NewsroomReplyView.as_view(), name="reply"),
    path("data-requests/", admin_views.DataRequestView.as_view(), name="data_requests"),
]


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("comments/", include((moderation_urls, "comments_moderation")))]


class CommentsMenuItem(MenuItem):
    """The "Comments" menu item, with the number of comments awaiting moderation beside it."""

    def is_shown(self, request):
        return request.user.has_perm("comments.view_comment")

    def render_component(self, request):
        component = super().render_component(request)
        pending = admin_views.pending_count(request.user)
        if pending:
            component.label = f"{self.label} ({pending})"
            component.attrs = {
                **component.attrs,
                "title": ngettext(
                    "%(count)d comment awaits moderation",
                    "%(count)d comments await moderation",
                    pending,
                )
                % {"count": pending},
            }
        return component


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        _("Comments"), reverse("comments_moderation:queue"), icon_name="comment", order=250
    )


class PendingCommentsSummaryItem(SummaryItem):
    order = 250
    template_name = "comments/admin/summary_item.html"

    def get_context_data(self, parent_context):
        return {"pending": admin_views.pending_count(self.request.user)}

    def is_shown(self):
        return self.request.user.has_perm("comments.view_comment")


@hooks.register("construct_homepage_summary_items")
def add_pending_comments_to_dashboard(request, items):
    items.append(PendingCommentsSummaryItem(request))


@hooks.register("register_permissions")
def comment_permissions():
    return Permission.objects.filter(
        content_type__app_label="comments",
        codename__in=["view_comment", "change_comment", "delete_comment"],
    )
