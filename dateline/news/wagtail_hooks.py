from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contributor


class ContributorViewSet(SnippetViewSet):
    model = Contributor
    icon = "user"
    menu_label = _("Contributors")
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ContributorViewSet)
