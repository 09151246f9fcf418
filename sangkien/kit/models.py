"""The campaign's media kit: logo, banners and posters in several sizes, and the slogans.

Not Wagtail pages: the kit is one public page (/bo-nhan-dien/) reading these rows. Slogans
are Wagtail snippets, so editors change them in /cms/ and the whole site shows them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MediaKind(models.TextChoices):
    LOGO = "logo", _("Biểu trưng (logo)")
    BANNER = "banner", _("Băng rôn, ảnh bìa")
    POSTER = "poster", _("Áp phích")


class MediaItem(models.Model):
    kind = models.CharField(_("loại"), max_length=16, choices=MediaKind.choices)
    slug = models.SlugField(_("mã"), max_length=80, unique=True)
    title = models.CharField(_("tên"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("ấn phẩm nhận diện")
        verbose_name_plural = _("ấn phẩm nhận diện")

    def __str__(self):
        return self.title


class MediaFile(models.Model):
    """One size of an item, ready to download."""

    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="files")
    label = models.CharField(_("cỡ dùng cho"), max_length=120)
    width = models.PositiveIntegerField(_("rộng (px)"))
    height = models.PositiveIntegerField(_("cao (px)"))
    file = models.FileField(_("tệp"), upload_to="kit/")
    content_type = models.CharField(max_length=64, default="image/png")
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)

    class Meta:
        ordering = ["item", "width", "height", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "width", "height"], name="kit_one_file_per_size"),
        ]
        verbose_name = _("tệp ấn phẩm")
        verbose_name_plural = _("tệp ấn phẩm")

    def __str__(self):
        return f"{self.item} {self.width}×{self.height}"

    @property
    def extension(self):
        return {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}.get(self.content_type, "bin")

    @property
    def download_name(self):
        return f"{self.item.slug}-{self.width}x{self.height}.{self.extension}"


class Slogan(models.Model):
    text = models.CharField(_("khẩu hiệu"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True,
                            help_text=_("Nguồn hoặc dịp dùng, ví dụ: Kế hoạch 147/KH-CĐGD, mục II."))
    active = models.BooleanField(_("đang dùng"), default=True,
                                 help_text=_("Khẩu hiệu đang dùng lần lượt hiện ở chân mọi trang."))
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("khẩu hiệu")
        verbose_name_plural = _("khẩu hiệu")

    def __str__(self):
        return self.text
