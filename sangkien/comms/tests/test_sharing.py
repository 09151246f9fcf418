import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlparse

import pytest

from sangkien.comms.sharing import share_card

from .publishing import article, make_image, repost

HOST = "tin.sangkien.example.vn"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


class Head(HTMLParser):
    """The <meta>, <link> and <script> tags of a page, and its <a> links."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts, self.anchors = {}, {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), attrs.get("href"))
        elif tag == "script":
            self.scripts.append(attrs.get("src"))
        elif tag == "a":
            self.anchors.append(attrs)


def parsed(response):
    assert response.status_code == 200
    head = Head()
    head.feed(response.content.decode())
    return head


def test_an_article_has_a_full_open_graph_card_with_absolute_urls(client, sections, media):
    page = article(sections.school, "Giáo viên Đà Bắc số hóa sổ điểm", lead="Cô giáo Lò Thị Hương kể lại "
                   "cách tổ Toán chuyển sổ điểm giấy sang bảng tính.", hero_image=make_image())
    head = parsed(client.get(page.url, HTTP_HOST=HOST))
    url = f"http://{HOST}{page.url}"
    assert head.meta["og:title"] == "Giáo viên Đà Bắc số hóa sổ điểm"
    assert head.meta["og:description"].startswith("Cô giáo Lò Thị Hương kể lại")
    assert head.meta["og:url"] == url
    assert head.links["canonical"] == url
    assert head.meta["og:type"] == "article"
    image = head.meta["og:image"]
    assert image.startswith(f"http://{HOST}/") and image.endswith(".png")
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == image


def test_the_image_url_serves_the_rendition(client, sections, media):
    page = article(sections.school, "Bài có ảnh", hero_image=make_image())
    image = parsed(client.get(page.url)).meta["og:image"]
    # Public media are served by the app itself (closed networks, no CDN).
    response = client.get(urlparse(image).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_a_page_without_image_shares_the_campaign_card(client, sections, media):
    from sangkien.kit.services import kit_generate

    page = article(sections.school, "Bài không ảnh")
    assert parsed(client.get(page.url)).meta["og:image"] == "http://testserver/tien-do/anh-chia-se.png"
    kit_generate()
    image = parsed(client.get(page.url)).meta["og:image"]
    assert re.fullmatch(r"http://testserver/bo-nhan-dien/anh/\d+/", image)
    assert client.get(urlparse(image).path)["Content-Type"] == "image/png"


def test_a_repost_points_its_canonical_link_at_the_original_and_names_the_source(client, sections, media):
    page = repost(sections.cdgd)
    response = client.get(page.url, HTTP_HOST=HOST)
    head = parsed(response)
    assert head.links["canonical"] == "https://laodong.vn/cong-doan/sang-kien-nha-giao-hoa-binh-1234.ldo"
    assert head.meta["og:url"] == f"http://{HOST}{page.url}"  # what is shared is this page
    html = response.content.decode()
    assert html.count('rel="canonical"') == 1
    source = re.search(r'<p class="comms-source">(.*?)</p>', html, re.S).group(1)
    assert "Nguồn:" in source and "Báo Lao Động" in source and "Minh Hà" in source and "14/07/2022" in source
    assert 'href="https://laodong.vn/cong-doan/sang-kien-nha-giao-hoa-binh-1234.ldo"' in source


def test_share_links_open_facebook_and_zalo_and_no_third_party_script_is_loaded(client, sections, media):
    page = article(sections.school, "Chia sẻ bài viết")
    head = parsed(client.get(page.url, HTTP_HOST=HOST))
    url = f"http://{HOST}{page.url}"
    by_name = {a.get("data-share"): a for a in head.anchors if a.get("data-share")}
    assert by_name["facebook"]["href"] == "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
    zalo = urlparse(by_name["zalo"]["href"])
    assert zalo.netloc == "zalo.me" and parse_qs(zalo.query)["url"] == [url]
    for link in (by_name["facebook"], by_name["zalo"]):
        assert link["rel"] == "noopener noreferrer"
    # Every script comes from this site: no SDK of Facebook or Zalo, no CDN.
    assert head.scripts and all(src and src.startswith("/static/") for src in head.scripts)


def test_the_qr_code_on_the_page_encodes_the_page(client, sections, media):
    from sangkien.kit import qr
    from sangkien.kit.tests.test_qr import modules_of

    page = article(sections.school, "Bài có mã QR")
    head = parsed(client.get(page.url, HTTP_HOST=HOST))
    qr_link = next(a["href"] for a in head.anchors if a.get("data-share") == "qr")
    response = client.get(qr_link, HTTP_HOST=HOST)
    assert modules_of(response.content) == qr.qr_matrix(f"http://{HOST}{page.url}")


def test_hostile_titles_are_escaped_in_the_card(client, sections, media):
    page = article(sections.school, 'Tiêu đề "><script>alert(1)</script>', lead="<img src=x onerror=alert(1)>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert parsed(client.get(page.url)).meta["og:title"] == 'Tiêu đề "><script>alert(1)</script>'


def test_sections_and_the_portal_home_have_cards_too(client, sections, media):
    head = parsed(client.get(sections.school.url, HTTP_HOST=HOST))
    assert head.meta["og:title"] == sections.school.title
    assert head.links["canonical"] == f"http://{HOST}{sections.school.url}"
    portal = sections.school.get_parent()
    head = parsed(client.get(portal.url, HTTP_HOST=HOST))
    assert head.meta["og:url"] == f"http://{HOST}{portal.url}"


def test_an_app_page_builds_its_card_from_plain_values(rf, db):
    request = rf.get("/bo-nhan-dien/", HTTP_HOST="testserver")
    card = share_card(request, title="Bộ nhận diện", description="Biểu trưng, băng rôn")
    assert card.url == card.canonical == "http://testserver/bo-nhan-dien/"
    assert card.title == "Bộ nhận diện" and card.description == "Biểu trưng, băng rôn"
    assert card.image_url == "http://testserver/tien-do/anh-chia-se.png"
    assert parse_qs(urlparse(card.qr_png_url).query)["duong-dan"] == ["/bo-nhan-dien/"]


def test_slugs_are_folded_without_tone_marks_whether_typed_or_left_empty(sections, media):
    from sangkien.comms.models import ArticlePage

    untyped = article(sections.school, "Điển hình tiên tiến ở Đà Bắc")
    assert untyped.slug == "dien-hinh-tien-tien-o-da-bac"
    assert untyped.url.endswith("/dien-hinh-tien-tien-o-da-bac/")
    typed = article(sections.school, "Bài thứ hai", slug="đổi-mới-sáng-tạo")
    assert typed.slug == "doi-moi-sang-tao"
    # Folding must not give two siblings one address.
    twin = article(sections.school, "Đổi mới sáng tạo")
    assert twin.slug == "doi-moi-sang-tao-2"
    # An edit published later through a revision keeps the address clean too.
    twin.slug = "Đà Bắc mới"
    twin.save_revision().publish()
    assert ArticlePage.objects.get(pk=twin.pk).slug == "da-bac-moi"


def test_the_home_page_leads_to_the_newest_stories_news_and_the_media_kit(client, sections, media):
    from sangkien.comms.models import ArticleKind, StoryPage

    from .publishing import paragraph, publish

    story = publish(sections.school, StoryPage(title="Cô giáo vùng cao và sổ điểm điện tử", lead="Câu chuyện.",
                                               body=paragraph("<p>Kể lại.</p>")))
    news = article(sections.cdgd, "Hòa Bình phát động phong trào", kind=ArticleKind.NEWS)
    feature = article(sections.cdgd, "Nhìn lại một năm sáng kiến", kind=ArticleKind.FEATURE)
    unpublished = article(sections.cdgd, "Tin chưa đăng", live=False)
    html = client.get("/").content.decode()
    section = html.split('id="home-news-title"')[1]
    for page in (story, news, feature):
        assert f'href="{page.url}"' in section
    assert unpublished.title not in section
    assert 'href="/bo-nhan-dien/"' in section and 'href="/tim-kiem/"' in section
