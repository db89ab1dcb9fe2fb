"""The editor's "Request changes" note, shown to the reporter where they work.

Wagtail keeps the note on the rejected task and sends it only by email, under a subject saying the
page "has been rejected". A reporter opening the page, or their dashboard, should read it there,
in plain words: who asked for changes, when, and what they wrote.
"""

from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("An editor")


def note_text(task_state: TaskState) -> str:
    """Return the note as a sentence: "Kim Editor asked for changes on 2 Dec 2026: “…”"."""
    when = date_format(timezone.localtime(task_state.finished_at), "DATETIME_FORMAT")
    values = {"who": _who(task_state.finished_by), "when": when, "note": task_state.comment}
    if task_state.comment:
        return _("%(who)s asked for changes on %(when)s: “%(note)s”") % values
    return _("%(who)s asked for changes on %(when)s, without a note.") % values


def requested_changes(page) -> TaskState | None:
    """Return the task state where an editor asked for changes to this page, if that is where the
    page's review stands."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.current_task_state
    return task_state if task_state and task_state.status == TaskState.STATUS_REJECTED else None


def show_note_on_edit_screen(request, page) -> None:
    """Put the editor's note at the top of the page's edit screen (a `before_edit_page` hook)."""
    if request.method != "GET":
        return
    task_state = requested_changes(page)
    if task_state is not None:
        messages.warning(request, note_text(task_state))


class ChangesRequestedPanel(Component):
    """The reporter's dashboard: their pages an editor sent back, each with the editor's note."""

    name = "changes_requested"
    template_name = "news/admin/changes_requested_panel.html"
    order = 50  # above Wagtail's own panels: this is what the reporter has to do next

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        # As Wagtail's own "in a workflow" panel: the object id is text, so cast to compare.
        owned = Exists(
            Page.objects.filter(
                owner=user, id=Cast(OuterRef("object_id"), output_field=IntegerField())
            )
        )
        states = (
            WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
            .filter(Q(requested_by=user) | (Q(base_content_type__model="page") & owned))
            .select_related("current_task_state", "current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")
        )
        notes = []
        for state in states[:20]:
            page = state.content_object
            if page is not None and state.current_task_state is not None:
                notes.append({"page": page, "text": note_text(state.current_task_state)})
        return {"notes": notes}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["notes"]:
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, context, request=self.request)


def add_changes_requested_panel(request, panels) -> None:
    panels.append(ChangesRequestedPanel(request))
