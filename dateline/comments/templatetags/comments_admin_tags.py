"""Template tags for the moderation queue in the admin."""

from django import template
from django.urls import reverse
from wagtail.admin.widgets.button import ListingButton

from ..models import CommentStatus
from ..moderation import ACTIONS, actions_for

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/buttons.html")
def comment_bulk_action_choices(status: str):
    """Return Wagtail's bulk-action buttons for the actions that change comments in `status`.

    Wagtail's own tag offers every registered action; approving what is approved, or restoring
    what was never removed, would only be noise in a queue filtered by status.
    """
    names = [name for name, _ in actions_for(status)] if status in CommentStatus.values else ACTIONS
    return {
        "buttons": [
            ListingButton(
                ACTIONS[name],
                reverse("wagtail_bulk_action", args=["comments", "comment", name]),
                attrs={"aria-label": ACTIONS[name], "data-bulk-action-button": ""},
                priority=priority,
                classname="bulk-action-btn",
            )
            for priority, name in enumerate(names)
        ]
    }
