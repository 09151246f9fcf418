import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from sangkien.comms.models import DirectiveDocumentPage
from sangkien.comms.search import search_all
from sangkien.factories import UserFactory, make_initiative

from .publishing import article, publish


@pytest.fixture
def found(sections):
    article(sections.school, "Đổi mới phương pháp dạy học ở Đà Bắc", lead="Giáo viên điểm trường vùng cao.")
    article(sections.cdgd, "Tin tổng kết", body="<p>Nhiều <b>sáng kiến</b> về điện mặt trời.</p>")
    article(sections.cdgd, "Bản nháp Đà Bắc chưa đăng", live=False)
    private = article(sections.cdgd, "Bài riêng về Đà Bắc")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    import datetime

    publish(sections.cdgd, DirectiveDocumentPage(
        title="Chương trình “01 triệu sáng kiến”", lead="Chương trình của Tổng Liên đoàn.",
        number_symbol="3250/CTr-TLĐ", issued_on=datetime.date(2021, 9, 1),
        issuer="Tổng Liên đoàn Lao động Việt Nam", doc_type="chuong-trinh",
        summary="Về việc phát động Chương trình “01 triệu sáng kiến”."))
    return sections


def entry(unit, title, status, **fields):
    """An initiative in `status`, entered through the real service (its search index too)."""
    from sangkien.factories import grant
    from sangkien.initiatives.models import Initiative
    from sangkien.orgs.roles import Role

    author = UserFactory()
    grant(author, unit, Role.MEMBER)
    initiative = make_initiative(unit=unit, created_by=author, title=title, **fields)
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.refresh_from_db()
    return initiative


def titles(results):
    return {page.title for page in results.pages}


@pytest.mark.parametrize("query", ["Đà Bắc", "da bac", "DA BAC", "đà bắc", "Da Bắc"])
def test_pages_are_found_with_or_without_tone_marks_and_d_bar(found, query):
    assert titles(search_all(query)) == {"Đổi mới phương pháp dạy học ở Đà Bắc"}


def test_body_text_is_searched_and_dien_finds_dien_with_d_bar(found):
    assert titles(search_all("dien mat troi")) == {"Tin tổng kết"}
    assert titles(search_all("ĐIỆN")) == {"Tin tổng kết"}
    assert titles(search_all("sáng kiến điện")) == {"Tin tổng kết"}


def test_a_directive_is_found_by_its_number_and_symbol(found):
    assert "Chương trình “01 triệu sáng kiến”" in titles(search_all("3250/CTr-TLĐ"))
    assert "Chương trình “01 triệu sáng kiến”" in titles(search_all("ctr tld"))


def test_drafts_and_private_pages_are_never_found(found):
    assert titles(search_all("ban nhap")) == set()
    assert titles(search_all("bai rieng")) == set()


def test_public_initiatives_are_found_beside_pages_and_confidential_ones_by_title_only(found):
    tree = found.tree
    shown = entry(tree.school, "Sổ điểm điện tử ở Đà Bắc", "approved", effect_summary="Tiết kiệm giấy.")
    entry(tree.school, "Sáng kiến còn nháp ở Đà Bắc", "draft")
    entry(tree.school, "Chờ xác nhận ở Đà Bắc", "submitted")
    secret = entry(tree.school, "Giải pháp bảo mật", "honoured", confidential=True, content="Quy trình ở Đà Bắc")
    results = search_all("da bac")
    assert [row.title for row in results.initiatives] == ["Sổ điểm điện tử ở Đà Bắc"]
    assert results.initiatives[0].initiative == shown
    # The confidential entry is found by its title, and shows only its public part.
    rows = search_all("giai phap bao mat").initiatives
    assert [row.initiative for row in rows] == [secret]
    assert rows[0].redacted and rows[0].content == ""


def test_the_search_page_shows_pages_and_initiatives_together(client, found):
    entry(found.tree.school, "Sổ điểm điện tử ở Đà Bắc", "approved")
    html = client.get(reverse("comms_feeds:search"), {"q": "da bac"}).content.decode()
    assert "Đổi mới phương pháp dạy học ở Đà Bắc" in html
    assert "Sổ điểm điện tử ở Đà Bắc" in html
    assert "Bản nháp Đà Bắc" not in html and "Bài riêng về Đà Bắc" not in html


@pytest.mark.parametrize("query, message", [("!!! ???", "Nhập ít nhất một chữ hoặc số"), ("a" * 201, "Từ khóa quá dài")])
def test_bad_queries_get_a_vietnamese_message_and_keep_what_was_typed(client, found, query, message):
    response = client.get(reverse("comms_feeds:search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="' + query[:200] in html.replace("&#x27;", "'")


def test_an_empty_search_shows_the_form_only(client, found):
    html = client.get(reverse("comms_feeds:search")).content.decode()
    assert 'id="search-q"' in html and "found-pages" not in html
