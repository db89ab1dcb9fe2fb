"""Render a public URL through the live views, noting every object the page showed.

One renderer: the bake asks Django's own request handler (all middleware, Wagtail's routing, the
same templates) for the public address, as a reader's anonymous GET would, so a baked file is
byte for byte what the live site answers. While it renders, a recording (dateline.core.shown) is
open: model instances of the kinds readers see (pages, contributors, images, topics, settings)
are noted as they load, and the apps note what no instance stands for (comment threads,
listings a new article would enter).
"""

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db.models.signals import post_init
from django.test import RequestFactory
from django.utils import translation
from taggit.models import Tag
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import get_page_models

from dateline.core.shown import is_recording, note_shown, object_key, recording, sharing
from dateline.news.models import Contributor

from .files import ASSET_REFERENCE

# The comment form's signed token carries the time it was issued: a fresh render differs there.
_COMMENT_TOKEN = re.compile(rb'(name="token" value=")[^"]*(")')


def _note_loaded(sender, instance, **kwargs):
    if instance.pk is not None and is_recording():
        note_shown(object_key(instance))


def shown_models() -> list[type]:
    """Return the models whose instances a reader sees when a page shows them."""
    site_settings = [
        model for model in BaseSiteSetting.__subclasses__() if not model._meta.abstract
    ]
    return [*get_page_models(), Contributor, get_image_model(), Tag, *site_settings]


def connect_recorder() -> None:
    """Note each shown model's instances as they load inside a recording (called at start-up)."""
    for model in shown_models():
        post_init.connect(
            _note_loaded, sender=model, dispatch_uid=f"publish-shown-{model._meta.label}"
        )


@dataclass
class Rendered:
    url: str
    status: int
    body: bytes
    keys: set[str] = field(default_factory=set)
    problem: str = ""

    def asset_references(self) -> set[str]:
        """Return the static and media paths the body refers to (absolute addresses included)."""
        text = self.body.decode("utf-8", errors="ignore")
        return set(ASSET_REFERENCE.findall(text))


class Renderer:
    """Render URLs as the public site answers an anonymous reader's GET at its public address."""

    def __init__(self):
        self._handler = BaseHandler()
        self._handler.load_middleware()
        public = urlsplit(settings.DATELINE_BASE_URL)
        self._factory = RequestFactory(HTTP_HOST=public.netloc)
        self._secure = public.scheme == "https"
        self._shared = OrderedDict()  # parts many pages show, made once (core.shown.sharing)

    def render(self, url: str) -> Rendered:
        """Return the status, bytes and shown keys of one URL; any failure is a `problem`."""
        request = self._factory.get(url, secure=self._secure)
        try:
            # The language middleware switches the thread's language to the page's edition and
            # leaves it there; the bake's own messages must not come out in the last page's.
            with (
                recording() as keys,
                sharing(self._shared),
                translation.override(translation.get_language()),
            ):
                response = self._handler.get_response(request)
                body = b"".join(response) if response.streaming else response.content
            # Not `response.close()`: it sends request_finished, which closes the database
            # connection the bake goes on using (and, inside a transaction, breaks it).
        except Exception as error:  # one broken page must not stop the bake
            return Rendered(url, 500, b"", problem=f"{type(error).__name__}: {error}")
        problem = ""
        if response.status_code >= 500:
            problem = f"answered {response.status_code}"
        elif response.cookies:
            problem = "sets a cookie, so it is not the same for every reader"
        return Rendered(url, response.status_code, body, keys, problem)


def comparable(body: bytes) -> bytes:
    """Return the bytes with the comment form's issue time masked, for comparing two renders."""
    return _COMMENT_TOKEN.sub(rb"\1\2", body)
