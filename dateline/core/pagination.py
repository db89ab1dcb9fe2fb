"""Addresses of the further pages of a listing or a comment thread: paths that can be files.

`/north-korea/page/2/` and `/north-korea/some-story/comments/page/2/` can be baked as
`index.html` files and served without Python, where `?page=2` could not. Page 1 is the listing's
own address. The pages' routes (`dateline.news`) and the links to them (news and comments
templates) build the addresses here, so they cannot drift apart.
"""

from django.http import HttpResponsePermanentRedirect

LISTING_ROUTE = "page/<int:number>/"
COMMENT_PAGE_PARAMETER = "comment-page"  # the old query parameter, redirected to the path
COMMENTS_ROUTE = "comments/page/<int:number>/"


def listing_page_url(base_url: str, number: int) -> str:
    """Return the address of page `number` of the listing at `base_url` (ending in "/")."""
    return base_url if number <= 1 else f"{base_url}page/{number}/"


def comment_page_url(page_url: str, number: int) -> str:
    """Return the address of page `number` of the comments under the article at `page_url`."""
    return page_url if number <= 1 else f"{page_url}comments/page/{number}/"


def redirect_from_query(
    request, parameter: str, page_url_for
) -> HttpResponsePermanentRedirect | None:
    """Answer an old `?parameter=N` address with a permanent redirect to its path, else None.

    Other query parameters are kept; a number that is not a number goes to page 1, as the old
    address showed.
    """
    if parameter not in request.GET:
        return None
    raw = request.GET.get(parameter, "")
    number = int(raw) if raw.isdigit() else 1
    rest = request.GET.copy()
    del rest[parameter]
    query = f"?{rest.urlencode()}" if rest else ""
    return HttpResponsePermanentRedirect(page_url_for(number) + query)
