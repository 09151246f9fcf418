"""Helpers for D's tests (sharing, feeds, search, demo): pages published the way Wagtail
publishes them (a revision, then publish), and images with real files."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage


def png_bytes(size=(1600, 900), colour="#b3161b"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title="Ảnh thử"):
    from wagtail.images.models import Image

    return Image.objects.create(title=title, file=ImageFile(io.BytesIO(png_bytes()), name="anh-thu.png"))


def paragraph(html):
    return [{"type": "paragraph", "value": html}]


def publish(parent, page, *, at=None):
    parent.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    if at is not None:
        type(page).objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
        page.refresh_from_db()
    return page


def article(section, title, *, lead="Tóm tắt bài viết.", body="<p>Nội dung.</p>", live=True, **fields):
    from sangkien.comms.models import ArticlePage

    page = ArticlePage(title=title, lead=lead, body=paragraph(body), **fields)
    if live:
        return publish(section, page)
    section.add_child(instance=page)
    page.save_revision()
    ArticlePage.objects.filter(pk=page.pk).update(live=False)
    page.refresh_from_db()
    return page


def repost(section, title="Nhiều sáng kiến của nhà giáo Hòa Bình được công nhận", **fields):
    from sangkien.comms.models import RepostPage

    values = dict(
        title=title, lead="Bài đăng lại từ báo Lao Động.", outlet="Báo Lao Động",
        original_url="https://laodong.vn/cong-doan/sang-kien-nha-giao-hoa-binh-1234.ldo",
        original_author="Minh Hà", original_published=datetime.date(2022, 7, 14),
        permission_note="Đăng lại theo thỏa thuận hợp tác tuyên truyền với Báo Lao Động.",
        body=paragraph("<p>Nội dung bài gốc.</p>"),
    )
    values.update(fields)
    return publish(section, RepostPage(**values))
