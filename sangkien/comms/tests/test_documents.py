"""The public list of directive documents: by number (tone marks and đ ignored), type, year
and issuer; only live pages; bad filters told in Vietnamese."""

import datetime

import pytest
from django.urls import reverse

from sangkien.comms.models import DirectiveDocumentPage

pytestmark = pytest.mark.django_db


def document(section, *, number, title, doc_type, issued_on, issuer, live=True):
    page = DirectiveDocumentPage(title=title, slug="", lead="x", number_symbol=number, doc_type=doc_type,
                                 issued_on=issued_on, issuer=issuer, summary="Trích yếu <script>x</script>",
                                 live=live)
    section.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def documents(sections):
    document(sections.cdgd, number="3250/CTr-TLĐ", title="Chương trình 01 triệu sáng kiến", doc_type="chuong-trinh",
             issued_on=datetime.date(2021, 8, 26), issuer="Tổng Liên đoàn Lao động Việt Nam")
    document(sections.cdgd, number="46/HD-TLĐ", title="Hướng dẫn triển khai", doc_type="huong-dan",
             issued_on=datetime.date(2021, 9, 14), issuer="Tổng Liên đoàn Lao động Việt Nam")
    document(sections.cdgd, number="147/KH-CĐGD", title="Kế hoạch của Công đoàn Giáo dục", doc_type="ke-hoach",
             issued_on=datetime.date(2022, 6, 3), issuer="Công đoàn Giáo dục tỉnh Hòa Bình")
    document(sections.school, number="9/KH-CĐCS", title="Nháp kế hoạch trường", doc_type="ke-hoach",
             issued_on=datetime.date(2022, 7, 1), issuer="Công đoàn trường", live=False)


def titles(client, **params):
    response = client.get(reverse("comms:documents"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {t for t in ("Chương trình 01 triệu sáng kiến", "Hướng dẫn triển khai", "Kế hoạch của Công đoàn Giáo dục",
                        "Nháp kế hoạch trường") if t in html}


def test_the_list_shows_live_documents_newest_first_and_escapes_them(client, documents):
    response = client.get(reverse("comms:documents"))
    html = response.content.decode()

    assert titles(client) == {"Chương trình 01 triệu sáng kiến", "Hướng dẫn triển khai",
                              "Kế hoạch của Công đoàn Giáo dục"}
    assert html.index("147/KH-CĐGD") < html.index("46/HD-TLĐ") < html.index("3250/CTr-TLĐ")
    assert "<script>x" not in html


@pytest.mark.parametrize("q", ["3250/CTr-TLĐ", "3250/ctr-tld", "3250 CTR TLD"])
def test_a_number_is_found_with_or_without_tone_marks(client, documents, q):
    assert titles(client, q=q) == {"Chương trình 01 triệu sáng kiến"}


def test_filters_by_type_year_and_issuer(client, documents):
    assert titles(client, doc_type="huong-dan") == {"Hướng dẫn triển khai"}
    assert titles(client, year=2022) == {"Kế hoạch của Công đoàn Giáo dục"}
    assert titles(client, issuer="cong doan giao duc hoa binh") == {"Kế hoạch của Công đoàn Giáo dục"}


def test_a_bad_filter_is_told_in_vietnamese(client, documents):
    response = client.get(reverse("comms:documents"), {"year": "năm ngoái", "doc_type": "khong-co"})

    assert response.status_code == 400
    assert "Nhập năm bằng số" in response.content.decode()
