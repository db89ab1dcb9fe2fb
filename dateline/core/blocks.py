"""StreamField blocks an article body is made of; each renders to plain, semantic HTML."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# Rich text offers what a reporter needs in a paragraph and nothing that would break the page's
# outline: headings are their own block so that they stay at one level under the headline.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Subheading")
        template = "blocks/heading.html"
        form_classname = "title"


class QuoteBlock(blocks.StructBlock):
    """A block quote with the person (often anonymous) it is attributed to."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        help_text=_("Who said it, as the story describes them, e.g. 'a trader in Hyesan'."),
    )

    class Meta:
        icon = "openquote"
        label = _("Block quote")
        template = "blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An inline image with its alt text, caption and the photo's credit."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=PARAGRAPH_FEATURES, template="blocks/paragraph.html"
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()

    class Meta:
        label = _("Body")
