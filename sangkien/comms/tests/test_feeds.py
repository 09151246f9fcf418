import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from .publishing import article, repost

HOST = "tin.sangkien.example.vn"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def pages(sections, settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    school_news = article(sections.school, "Tin của trường Đà Bắc")
    cdgd_news = article(sections.cdgd, "Tin của Công đoàn Giáo dục tỉnh")
    cdgd_repost = repost(sections.cdgd)
    draft = article(sections.cdgd, "Bản nháp chưa đăng", live=False)
    private = article(sections.cdgd, "Bài chỉ cho người đăng nhập")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    sections.live = [school_news, cdgd_news, cdgd_repost]
    sections.hidden = [draft, private]
    return sections


def fetch_xml(client, url):
    response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 200, url
    return response, ET.fromstring(response.content)  # noqa: S314  (our own output; raises on invalid XML)


def test_the_site_rss_feed_is_valid_xml_with_every_live_public_page(client, pages):
    response, root = fetch_xml(client, reverse("comms_feeds:rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert root.tag == "rss"
    items = root.findall("./channel/item")
    titles = {item.findtext("title") for item in items}
    assert titles == {page.title for page in pages.live}
    for item in items:
        assert item.findtext("link").startswith(f"http://{HOST}/trang/")
        assert item.findtext("pubDate")
    repost_item = next(item for item in items if item.findtext("title") == pages.live[2].title)
    # A repost's feed entry leads to our page (which names its source), not straight off-site.
    assert repost_item.findtext("link") == f"http://{HOST}{pages.live[2].url}"


def test_the_site_atom_feed_is_valid_xml(client, pages):
    response, root = fetch_xml(client, reverse("comms_feeds:atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert {entry.findtext(f"{ATOM}title") for entry in entries} == {page.title for page in pages.live}
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith(f"http://{HOST}/trang/")
        assert entry.findtext(f"{ATOM}updated")


def test_a_section_feed_holds_that_sections_pages_only(client, pages):
    for name, tag in (("comms_feeds:section_rss", "./channel/item/title"), ("comms_feeds:section_atom", f"{ATOM}entry/{ATOM}title")):
        _response, root = fetch_xml(client, reverse(name, args=[pages.school.slug]))
        assert [title.text for title in root.findall(tag)] == ["Tin của trường Đà Bắc"]
        _response, root = fetch_xml(client, reverse(name, args=[pages.cdgd.slug]))
        assert {title.text for title in root.findall(tag)} == {pages.live[1].title, pages.live[2].title}


def test_an_unknown_section_feed_is_a_404(client, pages):
    assert client.get(reverse("comms_feeds:section_rss", args=["khong-co"])).status_code == 404


def test_feeds_are_newest_first(client, pages):
    import datetime

    from django.utils import timezone

    from sangkien.comms.models import ArticlePage

    ArticlePage.objects.filter(pk=pages.live[0].pk).update(first_published_at=timezone.now() + datetime.timedelta(days=1))
    _response, root = fetch_xml(client, reverse("comms_feeds:rss"))
    assert root.findall("./channel/item")[0].findtext("title") == pages.live[0].title


def test_the_sitemap_lists_live_public_pages_and_the_app_pages_with_the_request_host(client, pages):
    response, root = fetch_xml(client, reverse("comms_feeds:sitemap"))
    assert root.tag == f"{SITEMAP}urlset"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert all(loc.startswith(f"http://{HOST}/") for loc in locations)
    for page in [*pages.live, pages.school, pages.cdgd]:
        assert f"http://{HOST}{page.url}" in locations
    for page in pages.hidden:
        assert not any(loc.endswith(f"/{page.slug}/") for loc in locations)
    assert f"http://{HOST}/" in locations
    assert f"http://{HOST}/bo-nhan-dien/" in locations


def test_pages_announce_the_site_feed_and_their_sections_feed(client, pages):
    html = client.get(pages.live[0].url).content.decode()
    for name in ("rss", "atom"):
        assert f'href="{reverse(f"comms_feeds:{name}")}"' in html
        assert f'href="{reverse(f"comms_feeds:section_{name}", args=[pages.school.slug])}"' in html
    section_html = client.get(pages.cdgd.url).content.decode()
    assert f'href="{reverse("comms_feeds:section_rss", args=[pages.cdgd.slug])}"' in section_html
    assert reverse("comms_feeds:section_rss", args=[pages.school.slug]) not in section_html
