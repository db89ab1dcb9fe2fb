"""The renditions each kind of picture on the site is served in, kept in one place.

Templates and the background task that prepares renditions read the same specs, so a rendition a
page asks for has usually been made before the first reader asks for it.
"""

from functools import partial

from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

# AVIF and WebP for browsers that take them (far smaller), JPEG for every other browser.
PICTURE_SPECS = {
    "hero": "format-{avif,webp,jpeg}|width-{480,800,1200}",
    "inline": "format-{avif,webp,jpeg}|width-{480,800}",
    "card": "format-{avif,webp,jpeg}|fill-{320x180,640x360}",
    "portrait": "format-{webp,jpeg}|fill-{160x160,320x320}",
}
PICTURE_SIZES = {
    "hero": "(min-width: 52rem) 48rem, 100vw",
    "inline": "(min-width: 52rem) 40rem, 100vw",
    "card": "(min-width: 40rem) 20rem, 100vw",
    "portrait": "10rem",
}


def picture_filters(kind: str) -> list[Filter]:
    return [Filter(spec=spec) for spec in Filter.expand_spec(PICTURE_SPECS[kind])]


def render_picture(image, kind: str, **attrs) -> SafeString:
    """Return a <picture> element of the image in every format and width its kind is served in."""
    if image is None:
        return mark_safe("")
    renditions = get_renditions_or_not_found(image, picture_filters(kind))
    attrs.setdefault("sizes", PICTURE_SIZES[kind])
    attrs.setdefault("decoding", "async")
    return mark_safe(Picture(renditions, attrs).__html__())


@task()
def prepare_renditions(image_id: int, kinds: list[str]) -> int:
    """Make an image's renditions ahead of readers, and return how many it made or found."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    filters = [spec for kind in kinds for spec in picture_filters(kind)]
    return len(image.get_renditions(*filters))


def prepare_renditions_on_publish(sender, instance, **kwargs) -> None:
    """Queue renditions of a just-published page's pictures, so its first readers wait for none.

    Connected to Wagtail's `page_published` for pages with a hero image (shown large on the page
    and as a card in listings) and a body of blocks whose `image` blocks are shown inline. One task
    per picture, with every kind it appears as; the background worker makes them in a few seconds.
    """
    kinds_by_image: dict[int, list[str]] = {}
    if getattr(instance, "hero_image_id", None):
        kinds_by_image[instance.hero_image_id] = ["hero", "card"]
    for block in getattr(instance, "body", None) or []:
        image = block.value["image"] if block.block_type == "image" else None
        if image is not None and "inline" not in kinds_by_image.setdefault(image.pk, []):
            kinds_by_image[image.pk].append("inline")
    # Queue once the publication is committed, so the worker finds the page as published.
    for image_id, kinds in kinds_by_image.items():
        transaction.on_commit(partial(prepare_renditions.enqueue, image_id, kinds))
