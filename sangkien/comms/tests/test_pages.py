"""Every page type renders every field it has, escaped, with the section's breadcrumbs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from sangkien.comms.models import (
    ArticlePage,
    DirectiveDocumentPage,
    GuidePage,
    RepostPage,
    StoryPage,
    VideoPage,
)

pytestmark = pytest.mark.django_db


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_an_article_renders_its_fields_and_body(client, sections):
    page = publish(sections.school, ArticlePage(
        title="Tin <b>mới</b> về sáng kiến", slug="tin-moi", lead="Sa-pô <i>ngắn</i>", kind="feature",
        body=[("paragraph", RichText("<p>Đoạn <b>đậm</b></p>")), ("quote", {"text": "Lời hay", "source": "Cô giáo"})],
    ))

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tin &lt;b&gt;mới&lt;/b&gt; về sáng kiến" in html
    assert "Sa-pô &lt;i&gt;ngắn&lt;/i&gt;" in html
    assert "Bài viết chuyên sâu" in html
    assert "Đoạn <b>đậm</b>" in html
    assert "Lời hay" in html and "Cô giáo" in html
    assert sections.school.title in html


def test_a_repost_shows_its_source_and_points_canonical_to_the_original(client, sections):
    page = publish(sections.school, RepostPage(
        title="Bài đăng lại", slug="dang-lai", lead="Tóm tắt", outlet="Báo Lao Động",
        original_url="https://laodong.vn/bai-goc", original_author="Trần Văn A",
        original_published=datetime.date(2022, 6, 3), permission_note="Đã được tòa soạn đồng ý.",
    ))

    html = client.get(page.url).content.decode()

    assert '<link rel="canonical" href="https://laodong.vn/bai-goc">' in html
    assert "Nguồn:" in html and "Báo Lao Động" in html and "Trần Văn A" in html
    assert "03/06/2022" in html and "Đã được tòa soạn đồng ý." in html
    assert page.canonical_url() == "https://laodong.vn/bai-goc"


def test_a_guide_numbers_its_steps(client, sections):
    page = publish(sections.school, GuidePage(
        title="Hướng dẫn nhập sáng kiến", slug="huong-dan", lead="Ba bước",
        steps=[("step", {"title": "Đăng nhập", "text": RichText("<p>Mở trang</p>"), "image": None}),
               ("step", {"title": "Nhập tên", "text": RichText("<p>Gõ tên</p>"), "image": None})],
    ))

    html = client.get(page.url).content.decode()

    assert "Bước 1: Đăng nhập" in html and "Bước 2: Nhập tên" in html


def test_a_directive_document_shows_number_date_issuer_and_type(client, sections):
    page = publish(sections.cdgd, DirectiveDocumentPage(
        title="Chương trình 01 triệu sáng kiến", slug="3250", lead="Chương trình của Tổng Liên đoàn",
        number_symbol="3250/CTr-TLĐ", issued_on=datetime.date(2021, 8, 26), issuer="Tổng Liên đoàn",
        doc_type="chuong-trinh", summary="Phát động phong trào",
    ))

    html = client.get(page.url).content.decode()

    for text in ("3250/CTr-TLĐ", "26/08/2021", "Tổng Liên đoàn", "Chương trình", "Phát động phong trào"):
        assert text in html
    assert "3250/ctr-tld" in page.search_folded


def test_a_video_page_with_a_link_shows_the_link_and_no_iframe(client, sections):
    page = publish(sections.school, VideoPage(
        title="Video giới thiệu", slug="video", lead="Phim ngắn", video_url="https://example.vn/phim",
        description="Mô tả phim",
    ))

    html = client.get(page.url).content.decode()

    assert 'href="https://example.vn/phim"' in html and "Mô tả phim" in html
    assert "<iframe" not in html


def approved_initiative(sections, authors):
    """An initiative moved through the real workflow to "approved": submitted by its first
    author, confirmed by the school's officer, approved by the upper union's officer."""
    from sangkien.factories import grant, make_initiative
    from sangkien.initiatives.workflow import initiative_move
    from sangkien.orgs.roles import Role

    author = authors[0]
    grant(author, sections.tree.school, Role.MEMBER)
    initiative = make_initiative(unit=sections.tree.school, created_by=author, authors=[
        {"full_name": user.full_name, "user": user, "share": 100 // len(authors)} for user in authors])
    for actor, action in ((author, "submit"), (sections.school_approver, "confirm"),
                          (sections.cdgd_approver, "approve")):
        initiative.refresh_from_db()
        initiative_move(acting_user=actor, initiative=initiative, action=action)
    initiative.refresh_from_db()
    return initiative


def test_a_story_shows_its_initiatives_live_status_and_only_consenting_authors(client, sections):
    from sangkien.comms.models import RelatedInitiative
    from sangkien.factories import UserFactory

    willing = UserFactory(full_name="Người Đồng Ý", show_name_publicly=True)
    shy = UserFactory(full_name="Người Kín Đáo")
    initiative = approved_initiative(sections, [willing, shy])
    page = StoryPage(title="Câu chuyện cô giáo", slug="cau-chuyen", lead="Điển hình")
    page.related_initiatives = [RelatedInitiative(initiative=initiative)]
    publish(sections.school, page)

    html = client.get(page.url).content.decode()

    assert "Người Đồng Ý" in html
    assert "Người Kín Đáo" not in html
    assert "Cấp trên đã duyệt" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the factory's hostile title, escaped


def test_a_page_does_not_link_an_initiative_the_public_may_not_see(client, sections):
    from sangkien.comms.models import RelatedInitiative
    from sangkien.factories import UserFactory, grant, make_initiative
    from sangkien.orgs.roles import Role

    author = UserFactory(show_name_publicly=True)
    grant(author, sections.tree.school, Role.MEMBER)
    draft_initiative = make_initiative(unit=sections.tree.school, created_by=author, title="Sáng kiến còn nháp")

    with pytest.raises(ValidationError, match="Chỉ gắn được sáng kiến đã được cấp trên duyệt"):
        RelatedInitiative(page=sections.school, initiative=draft_initiative).full_clean()
    # Linked anyway (before it was withdrawn, or by code): not shown.
    page = ArticlePage(title="Tin có sáng kiến", slug="tin-sk", lead="x")
    page.related_initiatives = [RelatedInitiative(initiative=draft_initiative)]
    publish(sections.school, page)
    assert "Sáng kiến còn nháp" not in client.get(page.url).content.decode()


def test_a_section_and_the_portal_home_list_pages_in_a_fixed_number_of_queries(client, sections,
                                                                               django_assert_max_num_queries):
    from sangkien.comms.models import FeaturedPage
    from sangkien.comms.sections import portal_home

    from .helpers import image_in

    def add(n):
        for i in range(n):
            page = publish(sections.school, ArticlePage(title=f"Tin {i} {ArticlePage.objects.count()}", slug="",
                                                        lead="x", hero_image=image_in(sections.school.collection,
                                                                                      f"Ảnh {i}")))
            FeaturedPage.objects.create(host=sections.cdgd, page=page)

    add(2)
    client.get(sections.school.url)  # warm the site-root cache
    with CaptureQueriesContext(connection) as few:
        client.get(sections.school.url)
        client.get(sections.cdgd.url)
        client.get(portal_home().url)
    few_count = len(few.captured_queries)  # now: the next request clears Django's query log
    add(8)
    for url in (sections.school.url, sections.cdgd.url, portal_home().url):
        client.get(url)  # the new images' renditions are made once, on first sight
    with django_assert_max_num_queries(few_count):
        for url in (sections.school.url, sections.cdgd.url, portal_home().url):
            response = client.get(url)
            assert response.status_code == 200
    assert "Tin 7" in client.get(sections.cdgd.url).content.decode()
