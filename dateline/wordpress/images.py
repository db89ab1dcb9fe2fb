"""Attachments → Wagtail images, read from the site's uploads folder and never from the network.

An attachment is found at `--uploads DIR` + its `_wp_attached_file` (the path WordPress kept under
wp-content/uploads). The path is resolved and must stay inside the folder: an export cannot make
the importer read /etc/passwd with "../../". Before anything is copied, the file must be no larger
than DATELINE_IMPORT_MAX_FILE_BYTES (by default the admin's upload limit) and its content, not its
name, must be a JPEG, PNG, GIF, WebP or AVIF image of at most WAGTAILIMAGES_MAX_IMAGE_PIXELS;
anything else (a 2 GB file named .jpg, a PDF, a clip, a corrupt file) is skipped and reported,
and the posts that show it import without it. A dry run reads the files and writes none.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from .content import ImageRef, plain_text
from .models import ImportedObject
from .records import Item

IMAGE_EXTENSIONS = frozenset({"avif", "gif", "jpg", "jpeg", "png", "webp"})
# What the file's own signature must say it is (Pillow's names); its extension proves nothing.
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")
# WordPress's resized copies: photo-300x200.jpg and photo-scaled.jpg are renditions of photo.jpg.
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
UPLOADS_SEGMENT = "/wp-content/uploads/"
YEAR_MONTH_PATH = re.compile(r"/(\d{4}/\d{2}/[^/]+)$")


class SkipAttachment(Exception):
    """The attachment cannot become an image; the message says why."""


@dataclass(frozen=True)
class AttachmentFile:
    path: Path
    relative: str
    digest: str
    size: int
    width: int
    height: int


def uploads_path_of(url: str) -> str:
    """Return the path under uploads that a file's address points at ("" when it names none).

    Self-hosted WordPress serves uploads from /wp-content/uploads/2024/05/photo.jpg; WordPress.com
    from a files host at /2024/05/photo.jpg. Both keep the year/month folders.
    """
    path = unquote(urlsplit(url).path)
    if UPLOADS_SEGMENT in path:
        return path.split(UPLOADS_SEGMENT, 1)[1]
    dated = YEAR_MONTH_PATH.search(path)
    return dated.group(1) if dated else ""


def attached_path(item: Item) -> str:
    """Return the attachment's path under uploads: `_wp_attached_file`, else from its address."""
    relative = unquote(item.meta.get("_wp_attached_file", "").strip())
    return (relative or uploads_path_of(item.attachment_url)).lstrip("/")


def source_path_of(src: str) -> str:
    """Return the uploads path an <img src> points at, without WordPress's size suffix."""
    return SIZE_SUFFIX.sub("", uploads_path_of(src))


def locate(uploads: Path | None, item: Item) -> AttachmentFile:
    """Find the attachment's file in the uploads folder, or say why it cannot be used."""
    relative = attached_path(item)
    if not relative:
        raise SkipAttachment(_("it names no file (no _wp_attached_file)."))
    extension = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
    if extension not in IMAGE_EXTENSIONS:
        raise SkipAttachment(_("%s is not an image Dateline can show.") % relative)
    if uploads is None:
        raise SkipAttachment(
            _("%s was not imported: give the uploads folder with --uploads.") % relative
        )
    root = uploads.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise SkipAttachment(_("%s points outside the uploads folder.") % relative)
    if not path.is_file():
        raise SkipAttachment(_("%s is not in the uploads folder.") % relative)
    size = path.stat().st_size
    limit = settings.DATELINE_IMPORT_MAX_FILE_BYTES
    if size > limit:
        raise SkipAttachment(
            _(
                "%(file)s is %(size)s, more than the %(limit)s an imported file may be "
                "(DATELINE_IMPORT_MAX_FILE_BYTES); it was not copied."
            )
            % {"file": relative, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    width, height = _checked_dimensions(path, relative)
    digest = hashlib.sha1()  # the same digest Wagtail keeps in file_hash
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return AttachmentFile(
        path=path,
        relative=relative,
        digest=digest.hexdigest(),
        size=size,
        width=width,
        height=height,
    )


def _checked_dimensions(path: Path, relative: str) -> tuple[int, int]:
    """Return the image's size in pixels, once its content proves it an image Dateline shows."""
    try:
        with PillowImage.open(path, formats=IMAGE_FORMATS) as picture:
            width, height = picture.size
            picture.verify()
    except Exception as error:  # Pillow raises many kinds of error for a bad file
        raise SkipAttachment(
            _("%(file)s is not a readable image (%(error)s).") % {"file": relative, "error": error}
        ) from None
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise SkipAttachment(
            _("%(file)s has %(pixels)d pixels, more than WAGTAILIMAGES_MAX_IMAGE_PIXELS.")
            % {"file": relative, "pixels": width * height}
        )
    return width, height


def image_fields(item: Item) -> dict[str, str]:
    """Return what the image keeps of its attachment: title, alt text (description), caption."""
    title = plain_text(item.title) or attached_path(item).rsplit("/", 1)[-1]
    return {
        "title": title[:255],
        "description": plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:255],
        "caption": plain_text(item.excerpt),
    }


def store_image(image, found: AttachmentFile, fields: dict[str, str], *, dry_run: bool = False):
    """Write the image's fields, and its file when it is new or its content changed.

    In a dry run the row is written (and rolled back with its batch) but the file is not: the
    row names the file a real run would write.
    """
    image.title = fields["title"]
    image.description = fields["description"]
    if image.file_hash != found.digest:
        replaced = image.file.name if image.pk else ""
        if replaced and not dry_run:
            # The old file goes once the new one is committed; a rollback keeps it in use.
            transaction.on_commit(lambda: default_storage.delete(replaced))
        image.file_size, image.file_hash = found.size, found.digest
        if dry_run:
            # A name no file has yet, as a real run's upload would get: the rollback deletes the
            # names the batch saved, and must not take the file of an image already in the library.
            storage, field = image.file.storage, image.file.field
            name = image.get_upload_to(found.path.name)
            image.file.name = storage.get_available_name(name, max_length=field.max_length)
            image.width, image.height = found.width, found.height
            image.save()
        else:
            with found.path.open("rb") as file:
                image.file = ImageFile(file, name=found.path.name)
                image.save()
    else:
        image.save()
    return image


class ImageLookup:
    """Find the imported image an article shows, by attachment id or by file address.

    The images of this run are remembered as they are imported, so a dry run, whose batches are
    rolled back, finds them as a real run does.
    """

    def __init__(self, site=None):
        self.site = site
        self._by_attachment: dict[int, ImageRef] = {}
        self._by_path: dict[str, ImageRef] = {}

    def note(self, attachment_id: int, source_path: str, reference: ImageRef) -> None:
        """Remember an image imported in this run."""
        self._by_attachment[attachment_id] = reference
        self._by_path[source_path] = reference

    @lru_cache(maxsize=4096)  # noqa: B019 - one lookup per import run, dropped with it
    def by_attachment(self, attachment_id: int) -> ImageRef | None:
        imported = ImportedObject.objects.filter(
            site=self.site, kind=ImportedObject.Kind.ATTACHMENT, wordpress_id=str(attachment_id)
        ).first()
        return self._reference(imported)

    @lru_cache(maxsize=4096)  # noqa: B019
    def by_path(self, source_path: str) -> ImageRef | None:
        imported = ImportedObject.objects.filter(
            site=self.site, kind=ImportedObject.Kind.ATTACHMENT, source_path=source_path
        ).first()
        return self._reference(imported)

    def __call__(self, attachment_id: int | None, src: str) -> ImageRef | None:
        reference = self.lookup_attachment(attachment_id) if attachment_id else None
        if reference is None and src:
            path = source_path_of(src)
            reference = (self._by_path.get(path) or self.by_path(path)) if path else None
        return reference

    def lookup_attachment(self, attachment_id: int) -> ImageRef | None:
        return self._by_attachment.get(attachment_id) or self.by_attachment(attachment_id)

    @staticmethod
    def _reference(imported: ImportedObject | None) -> ImageRef | None:
        if imported is None:
            return None
        image = get_image_model().objects.filter(pk=imported.object_id).only("description").first()
        if image is None:
            return None
        return ImageRef(image_id=image.pk, alt=image.description, caption=imported.caption)


class StoredFiles:
    """Remember every file an import writes (images and renditions), to delete on a rollback.

    The database forgets a rolled-back import by itself; the media storage does not. Files whose
    rows were rolled back would be orphans, so the importer deletes them when it rolls back.
    Images are saved one by one and seen as they are saved; Wagtail makes renditions in bulk
    (no save signal), so those are found as the rows added since the import began.
    """

    def __init__(self):
        self.names: list[str] = []
        self.uid = f"wordpress-import-{id(self)}"

    def __enter__(self):
        rendition_model = get_image_model().get_rendition_model()
        latest = rendition_model.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.renditions_before = latest or 0
        post_save.connect(self._remember, dispatch_uid=self.uid, weak=False)
        return self

    def __exit__(self, *exc_info):
        post_save.disconnect(dispatch_uid=self.uid)
        return False

    def _remember(self, sender, instance, **kwargs) -> None:
        image_model = get_image_model()
        if sender is image_model or sender is image_model.get_rendition_model():
            self._add(getattr(instance.file, "name", ""))

    def _add(self, name: str) -> None:
        if name and name not in self.names:
            self.names.append(name)

    def collect_renditions(self) -> None:
        """Note the renditions made during the import; call it before the rollback forgets them."""
        rendition_model = get_image_model().get_rendition_model()
        try:
            with transaction.atomic():
                for name in rendition_model.objects.filter(
                    pk__gt=self.renditions_before
                ).values_list("file", flat=True):
                    self._add(name)
        except DatabaseError:
            pass  # a transaction already broken: the files seen by their save signal still go

    def delete_all(self) -> None:
        for name in self.names:
            default_storage.delete(name)
