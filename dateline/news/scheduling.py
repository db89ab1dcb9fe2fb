"""Say in the newsroom's time zone when a page goes live: in the schedule dialog and after approval.

Wagtail's schedule dialog shows a bare date and time, and approving a page that has a publication
time set only says "has been updated", so an editor cannot tell whether it is live, nor when it
will be, nor in which zone the time was read. The zone is the admin's current one: the user's own
if they chose one in their account, else the newsroom's (`settings.TIME_ZONE`).
"""

from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.panels import PublishingPanel


def zone_label() -> str:
    """Return the current time zone as "Asia/Seoul, KST (UTC+09:00)"."""
    now = timezone.localtime()
    offset = now.strftime("%z")
    return f"{timezone.get_current_timezone_name()}, {now.tzname()} (UTC{offset[:3]}:{offset[3:]})"


def when(moment) -> str:
    """Return a moment in the current time zone, with the zone named."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()} ({timezone.get_current_timezone_name()})"


# Wagtail's own message, looked up in Wagtail's catalogue (a variable, so that our extraction
# does not copy it into ours).
WAGTAIL_UPDATED = "Page '%(page_title)s' has been updated."


def _schedule_help() -> str:
    return _("Dates and times are in the newsroom's time zone: %(zone)s.") % {"zone": zone_label()}


class NewsroomPublishingPanel(PublishingPanel):
    """Wagtail's schedule dialog, saying which time zone its dates and times are in."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        go_live = self.children[0]
        go_live.help_text = lazy(_schedule_help, str)()

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("children", None)
        return kwargs


def newsroom_settings_panels(panels) -> list:
    """Return a page type's settings panels with the schedule dialog that names the time zone."""
    return [NewsroomPublishingPanel() if _is_publishing_panel(p) else p for p in panels]


def _is_publishing_panel(panel) -> bool:
    # Wagtail's Page declares its panels as placeholders naming the class, built later.
    if isinstance(panel, PublishingPanel):
        return True
    return getattr(panel, "path", "") == "wagtail.admin.panels.PublishingPanel"


def approval_outcome(page) -> str:
    """Return what approving did to the page: scheduled for a time (with its zone), or published."""
    page.refresh_from_db()
    title = page.get_admin_display_title()
    # Not `page.scheduled_revision`: a cached property, read by the edit view before approving.
    scheduled = page.revisions.filter(approved_go_live_at__isnull=False).first()
    if scheduled is not None and scheduled.approved_go_live_at:
        return _("“%(title)s” is approved. Scheduled for %(time)s.") % {
            "title": title,
            "time": when(scheduled.approved_go_live_at),
        }
    if page.live:
        return _("“%(title)s” is approved. Published.") % {"title": title}
    return ""


def replace_update_message(request, page) -> None:
    """After an approval in the edit view, say "Scheduled for …" or "Published" instead of
    Wagtail's "has been updated" (the other messages of the request are kept)."""
    outcome = approval_outcome(page)
    if not outcome:
        return
    storage = get_messages(request)
    kept = list(storage)  # reading marks them used; those added again below are stored
    updated = _(WAGTAIL_UPDATED) % {"page_title": page.get_admin_display_title()}
    for message in kept:
        if updated not in str(message.message) and escape(updated) not in str(message.message):
            storage.add(message.level, message.message, message.extra_tags)
    messages.success(request, outcome)
