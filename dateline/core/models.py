"""Models every app shares: the newsroom's image model and its site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    """An image with the photo credit the newsroom owes its photographer wherever it appears."""

    credit = models.CharField(
        _("photo credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who took or owns the photo, shown beside every caption. Example: 'Photo: Kim Su-a'."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class NewsImageRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
        # The media gate finds a requested file's image (and its collection) by the file's name.
        indexes = [models.Index(fields=["file"], name="core_rendition_file_idx")]


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """The newsroom's identity on every page; its name and tagline live on each edition's home page."""

    logo = models.ForeignKey(
        NewsImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("newsroom settings")
