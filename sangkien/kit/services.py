"""Writes of the media kit."""

from django.core.files.base import ContentFile
from django.db import transaction

from sangkien.core.models import audit

from . import artwork
from .models import MediaFile, MediaItem, MediaKind

# The generated items: (slug, kind, title, description, sizes).
GENERATED = [
    ("bieu-trung", MediaKind.LOGO, "Biểu trưng Chương trình “01 triệu sáng kiến”",
     "Nền trong suốt, dùng làm ảnh đại diện trang, đặt lên ấn phẩm, khung ảnh.", artwork.LOGO_SIZES),
    ("bang-ron", MediaKind.BANNER, "Băng rôn, ảnh bìa “01 triệu sáng kiến”",
     "Tên Chương trình và thông điệp “Nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch "
     "Covid-19”, các cỡ cho mạng xã hội, trang web và băng rôn treo.", artwork.BANNER_SIZES),
    ("ap-phich", MediaKind.POSTER, "Áp phích “01 triệu sáng kiến”",
     "Áp phích dọc để in và dán tại đơn vị, trường học.", artwork.POSTER_SIZES),
]


def _draw(size):
    if size.slug == "logo":
        return artwork.logo_png(size.width)
    return artwork.artwork_png(size.width, size.height)


@transaction.atomic
def kit_generate(*, acting_user=None, replace=False):
    """Draws the campaign's logo, banners and posters in every size and stores them.

    Sizes already stored are kept unless `replace` (so the demo can run twice and change
    nothing). Returns the number of files written.
    """
    written = 0
    for order, (slug, kind, title, description, sizes) in enumerate(GENERATED):
        item, _created = MediaItem.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "title": title, "description": description, "sort_order": order},
        )
        for size in sizes:
            existing = MediaFile.objects.filter(item=item, width=size.width, height=size.height).first()
            if existing is not None and not replace:
                continue
            data = _draw(size)
            media = existing or MediaFile(item=item, width=size.width, height=size.height)
            media.label = size.label
            media.content_type = "image/png"
            media.size = len(data)
            if existing is not None:
                existing.file.delete(save=False)
            media.file.save(f"{slug}-{size.width}x{size.height}.png", ContentFile(data), save=False)
            media.full_clean()
            media.save()
            written += 1
    if written:
        audit(actor=acting_user, action="kit.generate", message="", files=written)
    return written
