"""Wagtail's bulk actions for comments: the footer that appears when rows are ticked.

Each moderation action (approve, unapprove, spam, trash, restore) is one `BulkAction`, confirmed
on Wagtail's usual page, and reports what it changed with an Undo, like the row buttons.
"""

from wagtail.admin.views.bulk_action import BulkAction

from .admin_views import comments_visible_to, report_action
from .models import Comment
from .moderation import ACTIONS, apply_action, statuses_of
from .roles import can_moderate


class CommentBulkAction(BulkAction):
    """Apply one moderation action to the ticked comments."""

    models = [Comment]
    template_name = "comments/admin/bulk_confirm.html"
    action_priority = 10

    def get_all_objects_in_listing_query(self, parent_id):
        return comments_visible_to(self.request.user).values_list("pk", flat=True)

    def check_perm(self, obj):
        return can_moderate(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    def prepare_action(self, objects, objects_without_access):
        self.before = statuses_of(Comment.objects.filter(pk__in=[c.pk for c in objects]))

    @classmethod
    def execute_action(cls, objects, **kwargs):
        changed = apply_action(Comment.objects.filter(pk__in=[c.pk for c in objects]), cls.name)
        return changed, 0

    def form_valid(self, form):
        response = super().form_valid(form)
        report_action(self.request, self.name, self.num_changed, self.before)
        return response

    def get_success_message(self, num_parent_objects, num_child_objects):
        self.num_changed = num_parent_objects
        return None  # report_action says it, with the Undo


def _bulk_action(name: str, priority: int) -> type[CommentBulkAction]:
    label = ACTIONS[name]
    return type(
        f"{name.title()}CommentsBulkAction",
        (CommentBulkAction,),
        {
            "name": name,
            "display_name": label,
            "action_type": name,
            "aria_label": label,
            "action_priority": priority,
        },
    )


BULK_ACTIONS = [_bulk_action(name, 10 * n) for n, name in enumerate(ACTIONS, start=1)]
