"""StreamField blocks of the communications pages. No raw HTML block, no third-party embed:
a video is a file the app serves or a plain link."""

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .sanitise import RICH_TEXT_FEATURES, clean_displayed_html, clean_stored_rich_text

VIDEO_EXTENSIONS = ("mp4", "webm")


class SafeRichTextBlock(blocks.RichTextBlock):
    """A paragraph: Wagtail's whitelist when stored, nh3 when shown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def get_prep_value(self, value):
        source = super().get_prep_value(value)
        return clean_stored_rich_text(source)

    def render_basic(self, value, context=None):
        return mark_safe(clean_displayed_html(str(super().render_basic(value, context))))  # noqa: S308  (nh3-cleaned)


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("ảnh"))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)

    class Meta:
        label = _("Ảnh")
        icon = "image"
        template = "comms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("trích dẫn"))
    source = blocks.CharBlock(label=_("người nói / nguồn"), required=False, max_length=200)

    class Meta:
        label = _("Trích dẫn")
        icon = "openquote"
        template = "comms/blocks/quote.html"


def is_video_document(document):
    return bool(document) and document.file_extension.lower() in VIDEO_EXTENSIONS


class VideoBlock(blocks.StructBlock):
    """An uploaded mp4/webm served by the app (an HTML5 <video>), or a link to elsewhere."""

    document = DocumentChooserBlock(label=_("tệp video (mp4, webm)"), required=False)
    url = blocks.URLBlock(label=_("hoặc đường dẫn tới video"), required=False)
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)

    class Meta:
        label = _("Video")
        icon = "media"
        template = "comms/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        document, url = value.get("document"), value.get("url")
        if bool(document) == bool(url):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Chọn một tệp video hoặc nhập một đường dẫn, không cả hai."))}
            )
        if document and not is_video_document(document):
            raise blocks.StructBlockValidationError(
                block_errors={"document": ValidationError(_("Tệp video phải là .mp4 hoặc .webm."))}
            )
        return value


class TableBlock(TypedTableBlock):
    def __init__(self, **kwargs):
        super().__init__(
            [
                ("text", blocks.CharBlock(label=_("chữ"))),
                ("number", blocks.DecimalBlock(label=_("số"))),
            ],
            **kwargs,
        )

    class Meta:
        label = _("Bảng")
        icon = "table"
        template = "comms/blocks/table.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = SafeRichTextBlock(label=_("Đoạn văn"))
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    table = TableBlock()
    video = VideoBlock()


class GuideStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("tên bước"), max_length=200)
    text = SafeRichTextBlock(label=_("nội dung"))
    image = ImageChooserBlock(label=_("ảnh minh họa"), required=False)

    class Meta:
        label = _("Bước")
        icon = "list-ol"


class GuideStepsBlock(blocks.StreamBlock):
    step = GuideStepBlock()

    class Meta:
        label = _("Các bước")
