"""The comments' place in the Wagtail admin: the queue (a viewset) and its bulk actions, the menu
item with its pending badge, the dashboard count, a moderator's landing page, and the permissions
offered when editing a group."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem

from .admin_forms import pending_count
from .admin_views import CommentViewSet
from .bulk_actions import BULK_ACTIONS


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return CommentViewSet()


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


class CommentsMenuItem(MenuItem):
    """The "Comments" menu item, with the number of comments awaiting moderation beside it."""

    def is_shown(self, request):
        return request.user.has_perm("comments.view_comment")

    def render_component(self, request):
        component = super().render_component(request)
        pending = pending_count(request.user)
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
        _("Comments"), reverse("comments_moderation:index"), icon_name="comment", order=250
    )


class PendingCommentsSummaryItem(SummaryItem):
    order = 250
    template_name = "comments/admin/summary_item.html"

    def get_context_data(self, parent_context):
        return {"pending": pending_count(self.request.user)}

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
