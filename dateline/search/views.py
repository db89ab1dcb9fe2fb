"""The readers' search page: a GET form, ranked and highlighted results, one page at a time."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Page

from dateline.news.editions import edition_home, locale_by_id
from dateline.news.models import ArticlePage, attach_sections

from .forms import ALL_LANGUAGES, SearchForm
from .highlight import mark_terms, snippet, terms_pattern
from .query import ranked_matches

RESULTS_PER_PAGE = 10


@dataclass(frozen=True)
class SearchResult:
    """What a result shows: only published, public text, escaped and marked."""

    url: str
    headline: SafeString
    snippet: SafeString
    section: Page | None
    published: datetime | None
    language_code: str


def search(request):
    """Search the published pages of the reader's edition (or all editions) and show the results."""
    form = SearchForm(request.GET, home=edition_home(request), language_code=get_language())
    context = {"form": form, "query": "", "results": [], "results_page": None}
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        matches = ranked_matches(
            query, locale=form.locale, section=form.cleaned_data.get("section")
        )
        results_page = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            query=query,
            results=_results(request, [match.pk for match in results_page], query),
            results_page=results_page,
            match_count=len(matches),
            has_filters=form.has_filters,
            all_languages=ALL_LANGUAGES,
        )
    return TemplateResponse(request, "search/search_results.html", context)


def _results(request, page_ids: list[int], query: str) -> list[SearchResult]:
    """Load the shown pages in rank order, with their sections, and mark the query in them."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    ordered = [pages[pk] for pk in page_ids if pk in pages]
    attach_sections([page for page in ordered if isinstance(page, ArticlePage)])
    pattern = terms_pattern(query)
    return [
        SearchResult(
            url=page.get_url(request),
            headline=mark_terms(page.title, pattern),
            snippet=snippet(_readable_text(page), pattern),
            section=page.section if isinstance(page, ArticlePage) else None,
            published=page.first_published_at,
            language_code=locale_by_id(page.locale_id).language_code,
        )
        for page in ordered
    ]


def _readable_text(page) -> str:
    """Return the text a snippet is cut from: the standfirst, then the body as plain text."""
    body_field = type(page)._meta.get_field("body")
    body = " ".join(str(text) for text in body_field.get_searchable_content(page.body))
    return f"{getattr(page, 'standfirst', '')} {body}".strip()
