"""The gate in front of the media folder: which uploaded file anyone may fetch, and how it is sent.

The media folder holds image originals, their renditions and documents, some of them in collections
restricted to staff. Nothing serves that folder wholesale (not `dateline serve`, not the proxy):
every request for `/media/…` comes here, and only two kinds of file are answered:
- a rendition (`images/…`), found by its file name in the rendition table, so the image it was
  made from, and that image's collection, are known exactly rather than guessed from the name;
- an original (`original_images/…`), found by its file name in the image table.
Either is sent only when its image's collection, and every collection above it, lets the request
through (Wagtail's collection view restrictions, as documents have them). Documents are never sent
from here: Wagtail's document view (`/documents/<id>/<name>`) checks their restrictions.

With the media in a bucket (DATELINE_MEDIA_BUCKET, several nodes), the gate streams the file
from there after the same check. On one machine, how the bytes go out is `sendfile()`, also
Wagtail's SENDFILE_BACKEND for documents: streamed by Dateline itself, or, with
DATELINE_SERVE_MEDIA=0, handed to the reverse proxy with an X-Accel-Redirect to its `internal`
location, so the proxy sends the file only after Dateline allowed it.
"""

import os
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.sendfile import sendfile as wagtail_sendfile
from wagtail.utils.sendfile_streaming_backend import was_modified_since

from .storage import has_local_files

# The proxy's location that reads MEDIA_ROOT and that only an X-Accel-Redirect can reach.
INTERNAL_MEDIA_PREFIX = "/internal-media/"
RENDITIONS_FOLDER = "images/"
ORIGINALS_FOLDER = "original_images/"
# Rendition and original names change whenever the picture does, so a week is safe for public ones.
PUBLIC_MAX_AGE = 7 * 24 * 3600


def _collection_of(name: str) -> Collection | None:
    """Return the collection of the image that `name` (relative to MEDIA_ROOT) belongs to.

    None when the name is not a rendition or original Dateline knows: a file lying in the media
    folder without a row (a document, a stray upload, a half-deleted image) is never served.
    """
    image_model = get_image_model()
    if name.startswith(RENDITIONS_FOLDER):
        rendition = (
            image_model.get_rendition_model()
            .objects.filter(file=name)
            .select_related("image__collection")
            .first()
        )
        return rendition.image.collection if rendition else None
    if name.startswith(ORIGINALS_FOLDER):
        image = image_model.objects.filter(file=name).select_related("collection").first()
        return image.collection if image else None
    return None


def _clean_name(path: str) -> str | None:
    """Return the path as a name relative to MEDIA_ROOT, or None if it climbs or hides."""
    name = posixpath.normpath(path)
    if name.startswith(("/", "..", ".")) or "\\" in name or "\x00" in name:
        return None
    return name


def readers_may_fetch(name: str) -> bool:
    """Say whether an anonymous reader may fetch this media file (e.g. to copy it into a bake)."""
    name = _clean_name(name)
    collection = _collection_of(name) if name else None
    return collection is not None and not collection.get_view_restrictions().exists()


def serve_media(request, path: str) -> HttpResponse:
    """Answer `/media/<path>`: a rendition or original the request may see, or 404 for anything else.

    A restricted image answers 404, the same as a missing one, so its existence is not revealed.
    """
    name = _clean_name(path)
    collection = _collection_of(name) if name else None
    if collection is None:
        raise Http404("No such picture.")
    restrictions = list(collection.get_view_restrictions())
    if not all(restriction.accept_request(request) for restriction in restrictions):
        raise Http404("No such picture.")
    if has_local_files():
        response = wagtail_sendfile(
            request, str(Path(settings.MEDIA_ROOT) / name), backend=sendfile
        )
    else:
        response = _send_stored(request, name)
    response.headers.pop("Content-Disposition", None)  # an image is shown, not downloaded
    if restrictions:
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def _send_stored(request, name: str) -> HttpResponse:
    """Stream a file from the media bucket (several nodes, DATELINE_MEDIA_BUCKET), or a 304."""
    try:
        modified = default_storage.get_modified_time(name).timestamp()
    except (OSError, ValueError):
        raise Http404("No such picture.") from None
    if not was_modified_since(request.headers.get("if-modified-since"), modified):
        return HttpResponseNotModified()
    response = _StreamedFile(default_storage.open(name, "rb"), filename=posixpath.basename(name))
    response["Last-Modified"] = http_date(modified)
    return response


class _FileAnswer:
    """Ignore what Wagtail's sendfile() wrapper sets that must not reach the wire.

    It sets Content-Encoding even when there is none (sent as the word "None"), and the file's
    length even on an X-Accel-Redirect answer, whose body is empty: the server then closes the
    connection for a length it cannot send, and the proxy answers 502.
    """

    ignored: tuple[str, ...] = ()

    def __setitem__(self, header, value):
        if value is None or header.lower() in self.ignored:
            return
        super().__setitem__(header, value)


class _StreamedFile(_FileAnswer, FileResponse):
    pass


class _AcceleratedFile(_FileAnswer, HttpResponse):
    ignored = ("content-length",)


def sendfile(request, filename, **kwargs) -> HttpResponse:
    """Send a file Dateline has decided may be sent: itself, or through the proxy's internal location.

    Wagtail's document view calls this too (SENDFILE_BACKEND), so documents and pictures leave by
    the same way. `filename` is an absolute path inside MEDIA_ROOT.
    """
    if settings.DATELINE_SERVE_MEDIA:
        modified = os.stat(filename).st_mtime
        if not was_modified_since(request.headers.get("if-modified-since"), modified):
            return HttpResponseNotModified()
        response = _StreamedFile(open(filename, "rb"))  # noqa: SIM115 (the response closes it)
        response["Last-Modified"] = http_date(modified)
        return response
    name = posixpath.relpath(str(filename), str(settings.MEDIA_ROOT))
    if name.startswith(".."):
        raise Http404("Only files in the media folder are sent.")
    response = _AcceleratedFile()
    response["X-Accel-Redirect"] = INTERNAL_MEDIA_PREFIX + quote(name)
    return response
