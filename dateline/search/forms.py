"""The reader's search form: the words, and the optional section and language filters."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from dateline.news.editions import edition_home_for_language
from dateline.news.listing_index import pages_of_type
from dateline.news.models import SectionPage

ALL_LANGUAGES = "all"
MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """Validate a search from the query string; the filters offer the reader's edition's sections.

    The language filter starts at the reader's edition: a reader of the Korean edition searches
    Korean articles unless they ask for every edition.
    """

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters."),
        },
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=SectionPage.objects.none(),
        required=False,
        empty_label=_("All sections"),
        error_messages={"invalid_choice": _("Choose one of the sections in the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, data, *, home, language_code: str):
        data = data.copy()
        data.setdefault("language", language_code)
        super().__init__(data)
        self.fields["language"].choices = [
            (ALL_LANGUAGES, _("All languages")),
            *(
                (code, get_language_info(code)["name_local"])
                for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
            ),
        ]
        sections = SectionPage.objects.none()
        if home is not None:
            sections = pages_of_type(SectionPage).live().public().descendant_of(home)
            sections = sections.order_by("path")
        self.fields["section"].queryset = sections
        self.fields["section"].label_from_instance = _indented_title

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    @property
    def locale(self) -> Locale | None:
        """Return the edition searched, or None for every edition."""
        code = self.cleaned_data.get("language")
        if not code or code == ALL_LANGUAGES:
            return None
        home = edition_home_for_language(code)
        return home.locale if home is not None else None

    @property
    def has_filters(self) -> bool:
        return bool(self.cleaned_data.get("section")) or self.locale is not None


def _indented_title(section) -> str:
    """Show a subsection under its section, indented, in the section list."""
    return "\u2003" * max(section.depth - 3, 0) + section.title
