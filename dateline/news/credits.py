"""The credit line and byline built from an article's ordered credits."""

from collections.abc import Callable, Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from .models.contributors import BYLINE_ROLES, CreditRole

ROLE_SENTENCES = {
    CreditRole.REPORTER: gettext_lazy("Reported by %(names)s."),
    CreditRole.WRITER: gettext_lazy("Written in %(language)s by %(names)s."),
    CreditRole.TRANSLATOR: gettext_lazy("Translated by %(names)s."),
    CreditRole.EDITOR: gettext_lazy("Edited by %(names)s."),
    CreditRole.PHOTOGRAPHER: gettext_lazy("Photos by %(names)s."),
}


def join_names(names: list[str]) -> str:
    """Join names the way the active language lists people: "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {
        "first": _(", ").join(names[:-1]),
        "last": names[-1],
    }


def credit_sentences(
    credits: Iterable, language_code: str, url_for: Callable[[object], str]
) -> list[SafeString]:
    """Return one sentence per run of same-role credits, in the order the newsroom set them.

    Consecutive credits in one role share a sentence ("Translated by A and B."); the same role
    further down starts a new one, because the order is the newsroom's statement of who did what.
    """
    runs: list[tuple[str, list]] = []
    for credit in (credit for credit in credits if credit.is_complete):
        if runs and runs[-1][0] == credit.role:
            runs[-1][1].append(credit.contributor)
        else:
            runs.append((credit.role, [credit.contributor]))
    language = get_language_info(language_code)["name_translated"]
    sentences = []
    for role, contributors in runs:
        links = [
            _contributor_link(contributor, url_for, language_code) for contributor in contributors
        ]
        # The sentence is translated text with escaped links put in; mark it safe only after.
        sentence = ROLE_SENTENCES[role] % {"names": join_names(links), "language": language}
        sentences.append(mark_safe(sentence))
    return sentences


def byline(credits: Iterable, language_code: str, url_for: Callable[[object], str]) -> SafeString:
    """Return "By A and B", naming the article's reporters and writers once each, in credit order.

    Names are the ones the contributors go by in the page's language ("한지우" on Korean pages).
    """
    seen, links = set(), []
    for credit in (credit for credit in credits if credit.is_complete):
        if credit.role in BYLINE_ROLES and credit.contributor_id not in seen:
            seen.add(credit.contributor_id)
            links.append(_contributor_link(credit.contributor, url_for, language_code))
    if not links:
        return mark_safe("")
    return mark_safe(_("By %(names)s") % {"names": join_names(links)})


def _contributor_link(contributor, url_for: Callable[[object], str], language_code) -> SafeString:
    return format_html(
        '<a href="{}">{}</a>', url_for(contributor), contributor.name_in(language_code)
    )
