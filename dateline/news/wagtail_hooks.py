from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contributor, TopicTranslation
from .review_notes import add_changes_requested_panel, show_note_on_edit_screen
from .scheduling import replace_update_message
from .translation_desk import tell_about_translation


class ContributorViewSet(SnippetViewSet):
    model = Contributor
    icon = "user"
    menu_label = _("Contributors")
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ContributorViewSet)


class TopicTranslationViewSet(SnippetViewSet):
    """Which topic each edition uses for another's, made when articles are translated; editors
    correct a pair here once, for every later translation and the topic pages' language links."""

    model = TopicTranslation
    icon = "tag"
    menu_label = _("Topic translations")
    add_to_admin_menu = True
    menu_order = 210
    list_display = [
        "topic",
        Column("language_code", label=_("Edition"), accessor="edition_name"),
        "translation",
    ]
    search_fields = ["topic__name", "translation__name"]

    def get_queryset(self, request):
        return TopicTranslation.objects.select_related("topic", "translation").order_by(
            "topic__name", "language_code"
        )


register_snippet(TopicTranslationViewSet)


@hooks.register("after_edit_page")
def say_when_an_approved_page_goes_live(request, page):
    if request.method == "POST" and request.POST.get("workflow-action-name") == "approve":
        replace_update_message(request, page)


hooks.register("before_edit_page", show_note_on_edit_screen)
hooks.register("before_edit_page", tell_about_translation)
hooks.register("construct_homepage_panels", add_changes_requested_panel)
