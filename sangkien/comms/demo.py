"""The communications site of the demo: `seed_demo` calls `seed_comms`.

About 30 published Vietnamese pages across three sections (the national Tổng Liên đoàn, the
Hòa Bình provincial federation and the Hòa Bình education union): news, in-depth pieces,
exemplary stories linked to demo initiatives, press reposts with their full attribution,
the two guides with screenshots of this system's screens (taken by
tests/test_browser_guides.py into demo/screenshots/), the seed plan 147/KH-CĐGD as a
published document with its file, the programme's 3250/CTr-TLĐ and 46/HD-TLĐ, the media
kit with its generated banners, and the campaign's slogans.

Idempotent: a page is looked up by its slug in its section, an image or a document by its
title, a slogan by its text; nothing that exists is written again.
"""

import datetime
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from sangkien.kit import artwork
from sangkien.kit.models import Slogan
from sangkien.kit.services import kit_generate
from sangkien.orgs.models import Unit

from .models import (
    ArticleKind,
    ArticlePage,
    DirectiveDocumentPage,
    DocType,
    GuidePage,
    RelatedInitiative,
    RepostPage,
    StoryPage,
)
from .sections import portal_home, section_ensure
from .slugs import folded_slug

SEED_PLAN = Path("/work/shared/seed/000_b1de6e6a59fa9be7.txt")
SCREENSHOTS = Path(__file__).resolve().parent / "demo" / "screenshots"
EXAMPLE_NOTE = ("Bài mẫu của bản dùng thử: nội dung được viết lại để minh họa, đường dẫn bài gốc là ví dụ. "
                "Khi đăng bài thật, ghi rõ văn bản hoặc thỏa thuận cho phép đăng lại của cơ quan báo chí.")

SLOGANS = [
    ("Tự hào trí tuệ lao động Việt Nam", "Kế hoạch 147/KH-CĐGD, mục III"),
    ("1 triệu sáng kiến – Triệu việc tốt", "Kế hoạch 147/KH-CĐGD, mục III"),
    ("Nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19", "Tên Chương trình 3250/CTr-TLĐ"),
    ("Mỗi đoàn viên, nhà giáo một sáng kiến", "Thông điệp của CĐGD tỉnh Hòa Bình"),
]


def _p(*paragraphs):
    return [{"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}]


def _quote(text, source):
    return {"type": "quote", "value": {"text": text, "source": source}}


HO_CHI_MINH = ("Bất kỳ việc to việc nhỏ, hễ thêm điều lợi, trừ điều hại cho quần chúng, giúp quần chúng giải "
               "quyết vấn đề khó khăn, tăng kết quả của việc làm, tăng sức sản xuất của xã hội, đánh đổ sức áp "
               "bức của quân thù, đó đều là sáng kiến.")


# ---- pictures ---------------------------------------------------------------------------

def _picture_png(title, colour):
    """A hero picture: the campaign mark and the page's title on a coloured ground."""
    width, height = 1600, 900
    image = PILImage.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 24, width, height), fill=artwork.GOLD)
    artwork.draw_logo(image, (100, 100, 300))
    face = artwork.font(artwork.FONT_BOLD, 64)
    y = 470
    for line in artwork._wrap(draw, title, face, width - 200)[:4]:
        draw.text((100, y), line, font=face, fill="#ffffff")
        y += 84
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _image(title, collection, colour="#8a0f13", png=None):
    from wagtail.images.models import Image

    image = Image.objects.filter(title=title).first()
    if image is None:
        data = png if png is not None else _picture_png(title, colour)
        image = Image(title=title, collection=collection)
        image.file = ImageFile(io.BytesIO(data), name=f"{folded_slug(title)[:60]}.png")
        image.save()
    return image


def _screenshot(name, collection):
    path = SCREENSHOTS / f"{name}.png"
    if not path.exists():  # the browser test has not been run on this checkout
        return None
    return _image(f"Ảnh màn hình: {name}", collection, png=path.read_bytes())


def _document(title, filename, data, collection):
    from wagtail.documents.models import Document

    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
    return document


# ---- pages -------------------------------------------------------------------------------

def _publish(section, page, *, when, initiatives=()):
    """Adds `page` under `section` unless a page with its slug is there; returns 1 if added."""
    page.slug = folded_slug(page.slug or page.title)
    if section.get_children().filter(slug=page.slug).exists():
        return 0
    section.add_child(instance=page)
    for order, initiative in enumerate(initiatives):
        RelatedInitiative.objects.create(page=page, initiative=initiative, sort_order=order)
    page.save_revision().publish()
    at = timezone.make_aware(datetime.datetime.combine(when, datetime.time(8, 30)))
    type(page).objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
    return 1


def _story_initiatives(unit, count):
    """Demo initiatives the programme counts, in `unit`'s subtree, most honoured first."""
    from sangkien.initiatives.models import Initiative, Status

    order = {Status.HONOURED: 0, Status.NOMINATED: 1, Status.APPROVED: 2}
    rows = list(
        Initiative.objects.filter(unit__in=Unit.objects.subtree_of(unit), status__in=list(order),
                                  confidential=False).select_related("unit").order_by("pk")[:400]
    )
    rows.sort(key=lambda row: (order[row.status], row.pk))
    return rows[:count]


def _guides(section, collection, when):
    shots = {name: _screenshot(name, collection) for name in (
        "nhap-1-dang-nhap", "nhap-2-thong-tin-chung", "nhap-3-tac-gia", "nhap-4-cac-muc", "nhap-5-da-gui",
        "duyet-1-cho-xu-ly", "duyet-2-chi-tiet", "duyet-3-da-xac-nhan", "duyet-4-cap-tren-duyet",
    )}

    def step(title, text, shot):
        value = {"title": title, "text": f"<p>{text}</p>", "image": shots[shot].pk if shots[shot] else None}
        return {"type": "step", "value": value}

    entering = GuidePage(
        title="Hướng dẫn nhập sáng kiến trên điện thoại", slug="huong-dan-nhap-sang-kien",
        lead="Năm bước để ghi nhận một sáng kiến đã được công nhận: đăng nhập, điền từng mục ngắn, "
             "ghi tác giả, kiểm tra danh sách các mục rồi gửi công đoàn cơ sở xác nhận.",
        steps=[
            step("Đăng nhập", "Mở trang Sáng kiến, chọn <b>Đăng nhập</b> và dùng thư điện tử hoặc số điện thoại "
                 "đã đăng ký với công đoàn cơ sở. Lần đầu, đọc và đồng ý với thông báo xử lý dữ liệu cá nhân.",
                 "nhap-1-dang-nhap"),
            step("Thông tin chung", "Chọn <b>Sáng kiến của tôi</b> rồi <b>Nhập sáng kiến mới</b>. Gõ tên sáng "
                 "kiến: bản nháp được lưu ngay khi bạn gõ, kể cả khi mạng chập chờn. Nếu đã có sáng kiến tương "
                 "tự, hệ thống gợi ý bên dưới để bạn kiểm tra. Nhập ngày áp dụng lần đầu theo dạng ngày/tháng/năm, "
                 "ví dụ 03/6/2022, chọn loại giải pháp và lĩnh vực.", "nhap-2-thong-tin-chung"),
            step("Tác giả", "Bấm <b>Tôi là tác giả</b> nếu bạn là tác giả duy nhất; nếu có đồng tác giả, thêm "
                 "từng người với tỷ lệ đóng góp, tổng cộng 100%.", "nhap-3-tac-gia"),
            step("Nội dung, hiệu quả và minh chứng", "Điền thực trạng, nội dung và tính mới, hiệu quả và giá "
                 "trị làm lợi (có thể là 0 đồng), tải lên quyết định công nhận hoặc tệp minh chứng. Danh sách các "
                 "mục cho biết mục nào đã xong, mục nào còn thiếu.", "nhap-4-cac-muc"),
            step("Gửi công đoàn cơ sở", "Khi mọi mục bắt buộc đã xong, bấm <b>Gửi CĐCS xác nhận</b>. Trang "
                 "xác nhận cho biết việc tiếp theo; bạn nhận thông báo khi sáng kiến được xác nhận hoặc cần bổ "
                 "sung.", "nhap-5-da-gui"),
        ],
    )
    approving = GuidePage(
        title="Quy trình xác nhận và duyệt sáng kiến", slug="quy-trinh-duyet-sang-kien",
        lead="Công đoàn cơ sở xác nhận, công đoàn cấp trên duyệt để tính vào kết quả Chương trình, rồi đề xuất "
             "những sáng kiến tiêu biểu lên cấp trên nữa.",
        steps=[
            step("Xem việc đang chờ", "Cán bộ công đoàn cơ sở mở <b>Chờ tôi xử lý</b>: các sáng kiến đoàn viên "
                 "vừa gửi hiện theo thứ tự chờ lâu nhất trước.", "duyet-1-cho-xu-ly"),
            step("Xác nhận hoặc trả lại", "Mở sáng kiến, đối chiếu với quyết định công nhận của đơn vị. Bấm "
                 "<b>Xác nhận</b> nếu thông tin đúng; chọn <b>Trả lại để bổ sung</b> và ghi rõ cần bổ sung gì nếu "
                 "còn thiếu. Không duyệt phải ghi lý do.", "duyet-2-chi-tiet"),
            step("Công đoàn cấp trên duyệt", "Sáng kiến đã xác nhận chuyển lên công đoàn cấp trên trực tiếp. Cán "
                 "bộ cấp trên bấm <b>Duyệt</b>: từ lúc này sáng kiến được tính vào chỉ tiêu và bộ đếm công khai.",
                 "duyet-3-da-xac-nhan"),
            step("Đề xuất tiêu biểu và khen thưởng", "Cấp trên có thể đề xuất sáng kiến tiêu biểu lên một cấp "
                 "nữa; cấp khen thưởng ghi nhận hình thức khen. Mỗi bước đều được ghi lại với người thực hiện, "
                 "thời gian và ý kiến.", "duyet-4-cap-tren-duyet"),
        ],
    )
    return _publish(section, entering, when=when) + _publish(section, approving, when=when)


@transaction.atomic
def seed_comms(*, with_pages=True):
    """Returns the number of pages created (0 on a second run). Without pages: the three
    sections alone (with their groups and workflows), for the browser tests."""
    units = Unit.objects.in_bulk(["TLD", "HB", "HB-GD"], field_name="code")
    if len(units) < 3:
        return 0
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # Wagtail's migration makes it; a test flush does not
        Collection.add_root(name="Root")
    portal_home()
    national, _ = section_ensure(units["TLD"])
    province, _ = section_ensure(units["HB"])
    education, _ = section_ensure(units["HB-GD"])
    if not with_pages:
        return 0
    kit_generate()
    for order, (text, note) in enumerate(SLOGANS):
        Slogan.objects.get_or_create(text=text, defaults={"note": note, "sort_order": order})

    d = datetime.date
    created = 0
    created += _national(national, d)
    created += _province(province, d, units["HB"])
    created += _education(education, d, units["HB-GD"])
    return created


def _national(section, d):
    c = section.collection
    n = 0
    n += _publish(section, DirectiveDocumentPage(
        title="Chương trình “01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19”",
        slug="chuong-trinh-3250-ctr-tld", lead="Chương trình của Tổng Liên đoàn Lao động Việt Nam phát động "
        "đoàn viên, người lao động cả nước đóng góp một triệu sáng kiến.",
        number_symbol="3250/CTr-TLĐ", issued_on=d(2021, 12, 15), issuer="Tổng Liên đoàn Lao động Việt Nam",
        doc_type=DocType.PROGRAMME, summary="Về Chương trình “01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, "
        "quyết tâm chiến thắng đại dịch Covid-19”: mục đích, chỉ tiêu hai giai đoạn, nội dung và tổ chức thực hiện. "
        "Tệp văn bản gốc do Văn phòng Tổng Liên đoàn cung cấp sẽ được đính kèm."), when=d(2021, 12, 16))
    n += _publish(section, DirectiveDocumentPage(
        title="Hướng dẫn thực hiện Chương trình “01 triệu sáng kiến”", slug="huong-dan-46-hd-tld",
        lead="Hướng dẫn tiêu chí sáng kiến được tính, cách thống kê, báo cáo và khen thưởng trong Chương trình.",
        number_symbol="46/HD-TLĐ", issued_on=d(2021, 12, 30), issuer="Tổng Liên đoàn Lao động Việt Nam",
        doc_type=DocType.GUIDANCE, summary="Hướng dẫn thực hiện Chương trình “01 triệu sáng kiến – nỗ lực vượt "
        "khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19”: sáng kiến được tính khi đã được hội đồng sáng "
        "kiến hoặc thủ trưởng đơn vị công nhận, áp dụng lần đầu từ 01/9/2021 đến 01/9/2023."), when=d(2021, 12, 31))
    n += _publish(section, ArticlePage(
        title="Tổng Liên đoàn phát động Chương trình “01 triệu sáng kiến”", kind=ArticleKind.NEWS,
        lead="Chương trình kêu gọi mỗi đoàn viên, người lao động đóng góp sáng kiến để vượt qua khó khăn do "
             "đại dịch, với mục tiêu một triệu sáng kiến trong hai giai đoạn.",
        hero_image=_image("Phát động Chương trình 01 triệu sáng kiến", c, "#b3161b"),
        body=[*_p("Chương trình số 3250/CTr-TLĐ ngày 15/12/2021 đặt mục tiêu một triệu sáng kiến của người lao "
                  "động được công nhận và áp dụng trong thời gian từ 01/9/2021 đến 01/9/2023.",
                  "Giai đoạn 1 đặt chỉ tiêu 300.000 sáng kiến; các cấp công đoàn phối hợp với chuyên môn để tiếp "
                  "nhận, công nhận và tôn vinh sáng kiến."), _quote(HO_CHI_MINH, "Chủ tịch Hồ Chí Minh")]),
        when=d(2022, 1, 5))
    n += _publish(section, ArticlePage(
        title="Giai đoạn 1: cả nước ghi nhận 696.948 sáng kiến, vượt xa chỉ tiêu 300.000", kind=ArticleKind.NEWS,
        lead="Đến ngày 14/7/2022, số sáng kiến được ghi nhận đã gấp hơn hai lần chỉ tiêu giai đoạn 1.",
        hero_image=_image("Giai đoạn 1 vượt chỉ tiêu", c, "#1c6b3c"),
        body=_p("Theo số liệu tổng hợp đến ngày 14/7/2022, các cấp công đoàn đã ghi nhận 696.948 sáng kiến của "
                "đoàn viên, người lao động, vượt xa chỉ tiêu 300.000 sáng kiến của giai đoạn 1.",
                "Nhiều sáng kiến trong ngành giáo dục tập trung vào đổi mới phương pháp dạy học, chuyển đổi số "
                "và cải cách hành chính trong nhà trường.")), when=d(2022, 7, 15))
    n += _publish(section, ArticlePage(
        title="Chương trình cán mốc một triệu sáng kiến", kind=ArticleKind.NEWS,
        lead="Ngày 03/10/2022, số sáng kiến được ghi nhận trong Chương trình đạt một triệu, sớm gần một năm so "
             "với kế hoạch.", hero_image=_image("Cán mốc một triệu sáng kiến", c, "#b3161b"),
        body=_p("Chỉ sau hơn một năm triển khai, Chương trình đã đạt mục tiêu một triệu sáng kiến. Các cấp công "
                "đoàn tiếp tục ghi nhận, tôn vinh sáng kiến đến hết thời gian Chương trình.")), when=d(2022, 10, 3))
    n += _publish(section, ArticlePage(
        title="Sáng kiến nhỏ, lợi ích lớn: ai cũng có thể là tác giả", kind=ArticleKind.FEATURE,
        lead="Sáng kiến không phải điều gì kỳ lạ: đó là cách làm tốt hơn công việc hằng ngày, được đơn vị công "
             "nhận và áp dụng.", hero_image=_image("Sáng kiến nhỏ, lợi ích lớn", c, "#0b4f9c"),
        body=[*_p("Theo Nghị định 13/2012/NĐ-CP, một giải pháp được công nhận là sáng kiến khi mới trong phạm vi "
                  "đơn vị, đã được áp dụng hoặc áp dụng thử và mang lại lợi ích thực tế.",
                  "Chương trình “01 triệu sáng kiến” không chấm lại sáng kiến: công đoàn ghi nhận những sáng kiến "
                  "đã được hội đồng sáng kiến hoặc thủ trưởng đơn vị công nhận, xác nhận thông tin và tôn vinh "
                  "những sáng kiến tiêu biểu."),
              _quote("Sáng kiến không phải cái gì kỳ lạ hay chung chung, trừu tượng mà chỉ là kết quả của sự nghiên "
                     "cứu, suy nghĩ trong những hoàn cảnh, những điều kiện bình thường.", "Chủ tịch Hồ Chí Minh")]),
        when=d(2022, 3, 2))
    n += _publish(section, RepostPage(
        title="Hơn hai triệu sáng kiến, làm lợi trên 33.000 tỷ đồng", slug="hon-hai-trieu-sang-kien",
        lead="Tổng kết Chương trình: số sáng kiến vượt gấp đôi mục tiêu, giá trị làm lợi ước tính trên 33.000 "
             "tỷ đồng.", outlet="Báo Lao Động", original_author="Phóng viên Báo Lao Động",
        original_url="https://laodong.vn/cong-doan/hon-2-trieu-sang-kien-lam-loi-33000-ty-dong-vi-du.ldo",
        original_published=d(2023, 10, 12), permission_note=EXAMPLE_NOTE,
        hero_image=_image("Hơn hai triệu sáng kiến", c, "#8a0f13"),
        body=_p("Kết thúc Chương trình, các cấp công đoàn đã ghi nhận hơn hai triệu sáng kiến của người lao "
                "động, với giá trị làm lợi ước tính trên 33.000 tỷ đồng.")), when=d(2023, 10, 13))
    return n


def _province(section, d, unit):
    c = section.collection
    n = 0
    n += _publish(section, DirectiveDocumentPage(
        title="Kế hoạch truyền thông Chương trình “01 triệu sáng kiến” của LĐLĐ tỉnh Hòa Bình",
        slug="ke-hoach-17-kh-ldld", lead="Kế hoạch của Liên đoàn Lao động tỉnh Hòa Bình về truyền thông Chương "
        "trình, làm căn cứ cho kế hoạch của các công đoàn ngành và huyện.", number_symbol="17/KH-LĐLĐ",
        issued_on=d(2022, 5, 23), issuer="Liên đoàn Lao động tỉnh Hòa Bình", doc_type=DocType.PLAN,
        summary="Về truyền thông Chương trình “01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến "
                "thắng đại dịch Covid-19” trong công nhân, viên chức, lao động tỉnh Hòa Bình."), when=d(2022, 5, 24))
    n += _publish(section, ArticlePage(
        title="Hòa Bình triển khai Chương trình “01 triệu sáng kiến” tới các cấp công đoàn", kind=ArticleKind.NEWS,
        lead="Liên đoàn Lao động tỉnh giao chỉ tiêu cho từng công đoàn cấp trên cơ sở và hướng dẫn cách ghi nhận "
             "sáng kiến.", hero_image=_image("Hòa Bình triển khai Chương trình", c, "#1c6b3c"),
        body=_p("Hội nghị triển khai Chương trình có sự tham gia của các công đoàn ngành, LĐLĐ huyện, thành phố "
                "và công đoàn cơ sở trực thuộc.", "Mỗi công đoàn cơ sở được giao chỉ tiêu theo số đoàn viên, "
                "được theo dõi công khai trên trang tiến độ của hệ thống.")), when=d(2022, 2, 10))
    n += _publish(section, ArticlePage(
        title="Sơ kết giai đoạn 1: công đoàn các huyện đều có sáng kiến được ghi nhận", kind=ArticleKind.NEWS,
        lead="Không còn đơn vị nào \u201ctrắng\u201d sáng kiến sau giai đoạn 1 ở Hòa Bình.",
        hero_image=_image("Sơ kết giai đoạn 1 ở Hòa Bình", c, "#0b4f9c"),
        body=_p("Bảng xếp hạng trên trang tiến độ cho thấy số sáng kiến trên 100 đoàn viên của từng đơn vị, giúp "
                "so sánh công bằng giữa đơn vị lớn và nhỏ.")), when=d(2022, 7, 20))
    n += _publish(section, ArticlePage(
        title="Cách làm hay: ghi nhận sáng kiến ngay tại tổ công đoàn", kind=ArticleKind.FEATURE,
        lead="Nhiều công đoàn cơ sở giao tổ công đoàn nhắc đoàn viên nhập sáng kiến đã được công nhận, thay vì "
             "chờ tổng hợp cuối năm.", hero_image=_image("Ghi nhận sáng kiến tại tổ công đoàn", c, "#8a5a00"),
        body=_p("Khi đoàn viên tự nhập sáng kiến trên điện thoại, cán bộ công đoàn cơ sở chỉ còn việc đối chiếu "
                "với quyết định công nhận và xác nhận.", "Những đơn vị có nhiều người chưa quen, cán bộ công đoàn "
                "nhập hộ từ tệp Excel theo mẫu của hệ thống.")), when=d(2022, 9, 5))
    n += _publish(section, RepostPage(
        title="Người lao động Hòa Bình hưởng ứng Chương trình “01 triệu sáng kiến”", slug="nguoi-lao-dong-hoa-binh-huong-ung",
        lead="Báo Hòa Bình phản ánh tinh thần thi đua sáng tạo của công nhân, viên chức, lao động trong tỉnh.",
        outlet="Báo Hòa Bình", original_author="Phóng viên Báo Hòa Bình",
        original_url="https://baohoabinh.com.vn/cong-doan/nguoi-lao-dong-huong-ung-01-trieu-sang-kien-vi-du.htm",
        original_published=d(2022, 6, 18), permission_note=EXAMPLE_NOTE,
        hero_image=_image("Người lao động Hòa Bình hưởng ứng", c, "#b3161b"),
        body=_p("Nhiều sáng kiến của người lao động trong tỉnh giúp tiết kiệm chi phí, nâng cao năng suất.")),
        when=d(2022, 6, 19))
    rows = _story_initiatives(unit, 8)
    other = [row for row in rows if not row.unit_path.startswith(Unit.objects.get(code="HB-GD").path)][:1] or rows[:1]
    if other:
        n += _publish(section, StoryPage(
            title=f"Điển hình: {other[0].title}", slug="dien-hinh-lao-dong-hoa-binh",
            lead=f"Câu chuyện từ {other[0].unit.name}: một sáng kiến đã được ghi nhận trong Chương trình.",
            hero_image=_image("Điển hình sáng kiến tỉnh Hòa Bình", c, "#1c6b3c"),
            body=_p(f"Sáng kiến “{other[0].title}” ra đời từ chính khó khăn trong công việc hằng ngày tại "
                    f"{other[0].unit.name}.", "Sau khi được đơn vị công nhận và công đoàn xác nhận, sáng kiến được "
                    "giới thiệu để các đơn vị khác tham khảo, áp dụng.")),
            when=d(2022, 11, 2), initiatives=other)
    return n


STORY_ANGLES = [
    ("Cô giáo vùng cao và {title}", "Từ những giờ học thiếu thiết bị, một giáo viên đã tìm ra cách làm mới."),
    ("Từ ý tưởng nhỏ đến sáng kiến cấp tỉnh: {title}", "Một sáng kiến được đề xuất tiêu biểu sau khi áp dụng ở "
     "nhiều lớp."),
    ("Điển hình sáng tạo: {title}", "Tập thể tổ chuyên môn cùng làm, cùng áp dụng và cùng được ghi nhận."),
    ("Câu chuyện sáng kiến: {title}", "Sáng kiến tiết kiệm thời gian cho giáo viên và phụ huynh."),
    ("Người thầy với sáng kiến {title}", "Một thầy giáo trẻ đưa công nghệ vào giờ học của học sinh dân tộc thiểu số."),
]


def _education(section, d, unit):
    c = section.collection
    n = 0
    plan_document = None
    if SEED_PLAN.exists():
        plan_document = _document("Kế hoạch 147/KH-CĐGD (toàn văn)", "ke-hoach-147-kh-cdgd.txt",
                                  SEED_PLAN.read_bytes(), c)
    n += _publish(section, DirectiveDocumentPage(
        title="Kế hoạch truyền thông về Chương trình “01 triệu sáng kiến”", slug="ke-hoach-147-kh-cdgd",
        lead="Kế hoạch của Công đoàn Giáo dục tỉnh Hòa Bình: mục đích, đối tượng, nội dung, giải pháp truyền thông "
             "và việc của công đoàn các trường.", number_symbol="147/KH-CĐGD", issued_on=d(2022, 6, 3),
        issuer="Công đoàn Giáo dục tỉnh Hòa Bình", doc_type=DocType.PLAN, document=plan_document,
        summary="Truyền thông về Chương trình “01 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến "
                "thắng đại dịch Covid-19”, thực hiện Kế hoạch số 17/KH-LĐLĐ ngày 23/5/2022 của Liên đoàn Lao động "
                "tỉnh."), when=d(2022, 6, 3))
    n += _guides(section, c, d(2022, 6, 10))
    n += _publish(section, ArticlePage(
        title="CĐGD tỉnh Hòa Bình ban hành Kế hoạch truyền thông 147/KH-CĐGD", kind=ArticleKind.NEWS,
        lead="Công đoàn các đơn vị, trường học trực thuộc được giao tuyên truyền thường xuyên, lặp lại trên trang "
             "Facebook, Zalo của đơn vị.", hero_image=_image("Kế hoạch truyền thông 147/KH-CĐGD", c, "#b3161b"),
        body=_p("Kế hoạch nhấn mạnh việc lan tỏa câu chuyện sáng kiến, đăng lại bài báo có chất lượng theo quy định "
                "và thiết kế khung ảnh đại diện, băng rôn cổ động cho Chương trình.")), when=d(2022, 6, 4))
    n += _publish(section, ArticlePage(
        title="Thay khung ảnh đại diện, hưởng ứng “01 triệu sáng kiến”", kind=ArticleKind.NEWS,
        lead="Nhà giáo, người lao động ngành giáo dục Hòa Bình thay khung ảnh đại diện trên Facebook, Zalo để quảng "
             "bá Chương trình.", hero_image=_image("Thay khung ảnh đại diện", c, "#8a5a00"),
        body=_p("Bộ nhận diện của Chương trình gồm biểu trưng, băng rôn và áp phích nhiều cỡ, tải về tại trang Bộ "
                "nhận diện.")), when=d(2022, 6, 20))
    n += _publish(section, ArticlePage(
        title="Ra mắt bộ nhận diện Chương trình cho công đoàn các trường", kind=ArticleKind.NEWS,
        lead="Biểu trưng, băng rôn, áp phích khổ A4, A3 và ảnh bìa mạng xã hội đã sẵn sàng để tải về.",
        hero_image=_image("Ra mắt bộ nhận diện", c, "#0b4f9c"),
        body=_p("Công đoàn các trường dùng băng rôn treo tại cổng trường và ảnh bìa cho trang Facebook, Zalo của "
                "đơn vị.")), when=d(2022, 6, 25))
    n += _publish(section, ArticlePage(
        title="Hội nghị sơ kết giai đoạn 1 Chương trình trong ngành Giáo dục", kind=ArticleKind.NEWS,
        lead="Công đoàn Giáo dục tỉnh biểu dương các công đoàn cơ sở có tỷ lệ sáng kiến trên đoàn viên cao nhất.",
        hero_image=_image("Sơ kết giai đoạn 1 ngành Giáo dục", c, "#1c6b3c"),
        body=_p("Các đơn vị dẫn đầu chia sẻ cách vận động nhà giáo nhập sáng kiến ngay sau khi hội đồng sáng kiến "
                "của trường công nhận.")), when=d(2022, 8, 10))
    n += _publish(section, ArticlePage(
        title="Sáng kiến trong trường học vùng cao: từ khó khăn thành cách làm mới", kind=ArticleKind.FEATURE,
        lead="Ở các điểm trường vùng cao, sáng kiến thường bắt đầu từ việc thiếu thiết bị, thiếu học liệu.",
        hero_image=_image("Sáng kiến trường học vùng cao", c, "#8a0f13"),
        body=_p("Giáo viên tự làm đồ dùng học tập từ vật liệu tái chế, xây dựng học liệu số cho học sinh dân tộc "
                "thiểu số, tổ chức bán trú an toàn hơn.", "Những sáng kiến ấy được hội đồng sáng kiến của trường "
                "công nhận và được công đoàn ghi nhận, tôn vinh.")), when=d(2022, 9, 15))
    for number, (title, outlet, url, author, when) in enumerate([
        ("Nhà giáo Hòa Bình với hàng nghìn sáng kiến trong năm học", "Báo Giáo dục & Thời đại",
         "https://giaoducthoidai.vn/nha-giao-hoa-binh-hang-nghin-sang-kien-vi-du.html", "Phóng viên Báo GD&TĐ",
         d(2022, 9, 30)),
        ("Công đoàn ngành Giáo dục lan tỏa phong trào sáng kiến", "Báo Giáo dục & Thời đại",
         "https://giaoducthoidai.vn/cong-doan-nganh-giao-duc-lan-toa-sang-kien-vi-du.html", "Phóng viên Báo GD&TĐ",
         d(2022, 11, 20)),
    ], start=1):
        n += _publish(section, RepostPage(
            title=title, slug=f"dang-lai-gd-td-{number}", lead=f"Bài đăng lại từ {outlet}.", outlet=outlet,
            original_url=url, original_author=author, original_published=when, permission_note=EXAMPLE_NOTE,
            hero_image=_image(title, c, "#0b4f9c"),
            body=_p("Bài viết giới thiệu phong trào sáng kiến trong nhà giáo, người lao động ngành Giáo dục.")),
            when=when + datetime.timedelta(days=1))
    stories = _story_initiatives(unit, len(STORY_ANGLES))
    for number, initiative in enumerate(stories):
        angle, lead = STORY_ANGLES[number]
        title = angle.format(title=initiative.title[:1].lower() + initiative.title[1:])
        n += _publish(section, StoryPage(
            title=title[:250], slug=f"cau-chuyen-sang-kien-{number + 1}", lead=lead,
            hero_image=_image(f"Câu chuyện sáng kiến {number + 1}", c, ["#b3161b", "#1c6b3c", "#0b4f9c",
                                                                        "#8a5a00", "#8a0f13"][number]),
            body=[*_p(f"Tại {initiative.unit.name}, sáng kiến “{initiative.title}” được hội đồng sáng kiến công "
                      "nhận sau một thời gian áp dụng thử.", initiative.effect_summary or "Sáng kiến giúp giờ học "
                      "sinh động hơn và tiết kiệm thời gian của giáo viên."),
                  _quote("Sáng kiến bắt đầu từ chính khó khăn của lớp mình.", "Tác giả sáng kiến")]),
            when=d(2022, 10, 1) + datetime.timedelta(days=7 * number), initiatives=[initiative])
    return n
