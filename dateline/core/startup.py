"""How a long-lived process keeps its garbage collector cheap and its memory flat.

Start-up is left out of every collection, and a web request that made a great many objects has
its garbage collected as soon as it is answered.
"""

import gc
import threading

from django.core.signals import request_finished, request_started
from django.urls import get_resolver

# Young collections during one request past which it counts as large: each comes after about
# 700 more objects were made than freed. Measured on the 100,000-article site: an article or a
# comment takes one or two, a listing one to four, a search three to seven, a feed of fifty
# stories eleven to fourteen.
LARGE_REQUEST_YOUNG_COLLECTIONS = 8


def freeze_what_startup_made() -> None:
    """Leave the objects made at start-up out of every later garbage collection.

    A process that has imported Django, Wagtail and every view (the URLconf, imported here as the
    first request would) holds over a hundred thousand objects that live as long as it does.
    Python's full collection walks them all each time: measured in a web worker, a pause of
    about 95 ms in which every request the worker holds waits, against 2 ms once they are
    frozen (`gc.freeze`) and only what came after start-up is walked. Processes forked from
    this one (the bake's renderers) inherit the freeze: a full bake of 10,000 articles took
    about a tenth less time. Only once per process: what is made later is not start-up's, and
    may be thrown away.
    """
    if gc.get_freeze_count():
        return
    get_resolver().url_patterns  # noqa: B018 - imports every URL module and view now
    gc.collect()  # what the imports threw away is freed, not kept for good
    gc.freeze()


def collect_after_large_requests() -> None:
    """Collect the garbage a large request leaves, once it has been answered.

    Much of what a page makes is held in reference cycles that only a full collection frees:
    Django's template contexts and their dictionaries, model instances and their caches of
    related rows, an image rendition and its file. One feed of the 100,000-article site left
    7,462 objects in cycles, and Python's own thresholds let several feeds' worth build up
    before a full collection: each time, the next requests spread over new memory the process
    then keeps. What the response itself still holds as it is closed (a template response's page
    and context) is not garbage yet and waits for the collector's own pace.
    Collecting after each request that crossed LARGE_REQUEST_YOUNG_COLLECTIONS left a worker of
    one thread at 146-148 MB after every kind of page of the 100,000-article site, against 158 MB
    without (`bench/memory.py`), for a collection of about 4 ms after a render of 100 ms or more.
    Smaller requests, an article or a comment, are left to the collector's own pace.

    The collection runs as the server closes the response (Django's `request_finished`): under
    Granian's WSGI server once the body has been handed over, under the front (`dateline serve`
    with baking on) before a small body is sent. The count is the process's, so with several
    threads a request overlapping a large one may collect too; the figures above are for one.
    """
    request_started.connect(_note_young_collections_at_start, dispatch_uid="dateline-collect-count")
    request_finished.connect(_collect_if_large, dispatch_uid="dateline-collect-large")


_request = threading.local()


def _young_collections() -> int:
    return gc.get_stats()[0]["collections"]


def _note_young_collections_at_start(**kwargs) -> None:
    _request.young_collections = _young_collections()


def _collect_if_large(**kwargs) -> None:
    started = getattr(_request, "young_collections", None)
    if started is not None and _young_collections() - started >= LARGE_REQUEST_YOUNG_COLLECTIONS:
        gc.collect()
