"""Content rules: reposts need every attribution field; featuring takes only descendants'
pages; rich text is sanitised on save and on display; uploads are checked by content and
size; scheduled publishing runs from the task; public media is served with DEBUG off."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from sangkien.comms.featuring import featuring_error
from sangkien.comms.models import ArticlePage, FeaturedPage, RepostPage
from sangkien.comms.sections import portal_home, section_ensure
from sangkien.comms.uploads import check_document_file

from .helpers import document_in, image_in, pdf_bytes, png_bytes, png_upload

pytestmark = pytest.mark.django_db

ATTRIBUTION = {
    "outlet": "Báo Lao Động", "original_url": "https://laodong.vn/bai-goc", "original_author": "Trần Văn A",
    "original_published": datetime.date(2022, 6, 3), "permission_note": "Tòa soạn đồng ý cho đăng lại.",
}


def published(section, title, **fields):
    page = ArticlePage(title=title, slug="", lead="Sa-pô", **fields)
    section.add_child(instance=page)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


# ---- reposts ----

@pytest.mark.parametrize("missing", sorted(ATTRIBUTION))
def test_a_repost_is_refused_without_each_attribution_field(sections, missing):
    page = RepostPage(title="Bài đăng lại", slug="dang-lai", lead="Tóm tắt", **{**ATTRIBUTION, missing: None})
    page.set_url_path(sections.school)

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert missing in error.value.message_dict
    assert "Bài đăng lại phải ghi rõ" in error.value.message_dict[missing][0]


def test_a_repost_with_full_attribution_is_accepted(sections):
    page = RepostPage(title="Bài đăng lại", slug="dang-lai", lead="Tóm tắt", **ATTRIBUTION)
    sections.school.add_child(instance=page)

    assert RepostPage.objects.get().outlet == "Báo Lao Động"


def test_a_repost_without_attribution_is_refused_in_the_admin_too(client, sections):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(sections.school_editor)
    data = nested_form_data({
        "title": "Đăng lại thiếu nguồn", "slug": "thieu-nguon", "lead": "x", "outlet": "Báo Lao Động",
        "original_url": "", "original_author": "", "original_published": "", "permission_note": "",
        "body": streamfield([]), "tags": "", "related_initiatives": inline_formset([]), "comments": inline_formset([]),
    })

    response = client.post(reverse("wagtailadmin_pages:add", args=["comms", "repostpage", sections.school.pk]), data)

    assert response.status_code == 200
    assert not RepostPage.objects.exists()
    assert "Bài đăng lại phải ghi rõ" in response.content.decode()


# ---- featuring ----

def test_an_upper_section_features_only_pages_of_sections_below_it(sections):
    tree = sections.tree
    school_page = published(sections.school, "Tin của trường")
    sibling_page = published(sections.school2, "Tin của trường bên")
    own_page = published(sections.cdgd, "Tin của tỉnh")
    hn = section_ensure(tree.hn_school)[0]
    far_page = published(hn, "Tin Hà Nội")

    assert featuring_error(host=sections.cdgd, page=school_page) is None
    assert featuring_error(host=sections.cdgd, page=sibling_page) is None
    assert featuring_error(host=sections.cdgd, page=own_page)  # its own: not a descendant's
    assert featuring_error(host=sections.cdgd, page=far_page)  # another province
    assert featuring_error(host=sections.school, page=sibling_page)  # a sibling's
    assert featuring_error(host=sections.school, page=own_page)  # the parent's
    assert featuring_error(host=portal_home(), page=far_page) is None  # the home features anyone's
    assert featuring_error(host=sections.cdgd, page=sections.school)  # a section is not a story


def test_a_featured_page_shows_on_the_featuring_section_and_a_wrong_one_is_refused(client, sections):
    school_page = published(sections.school, "Tin nổi bật của trường")
    FeaturedPage.objects.create(host=sections.cdgd, page=school_page)

    assert "Tin nổi bật của trường" in client.get(sections.cdgd.url).content.decode()
    with pytest.raises(ValidationError):
        FeaturedPage(host=sections.school2, page=school_page).full_clean()


def test_the_upper_editor_features_a_child_page_through_the_admin_but_not_a_siblings(client, sections):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    school_page = published(sections.school, "Tin để nêu bật")
    client.force_login(sections.school2_editor)

    def post(host, page):
        return client.post(reverse("wagtailadmin_pages:edit", args=[host.pk]), nested_form_data({
            "title": host.title, "slug": host.slug, "intro": "",
            "featured_pages": inline_formset([{"page": page.pk}]), "comments": inline_formset([]),
        }))

    response = post(sections.school2, school_page)
    assert response.status_code == 200 and "Chỉ nêu bật được bài của đơn vị cấp dưới" in response.content.decode()

    client.force_login(sections.cdgd_editor)
    response = post(sections.cdgd, school_page)
    assert response.status_code == 302
    revision = Page.objects.get(pk=sections.cdgd.pk).specific.get_latest_revision_as_object()
    assert [item.page_id for item in revision.featured_pages.all()] == [school_page.pk]


# ---- sanitisation ----

def test_rich_text_is_sanitised_on_save_and_on_display(client, sections):
    hostile = ('<p>Chào <script>alert(1)</script><img src=x onerror="alert(2)">'
               '<a href="javascript:alert(3)">bấm</a><b onclick="x()">đậm</b></p>')
    page = published(sections.school, "Bài có mã độc", body=[("paragraph", RichText(hostile))])

    stored = ArticlePage.objects.get(pk=page.pk).body.raw_data[0]["value"]
    assert "<script" not in stored and "onerror" not in stored and "javascript:" not in stored
    assert "onclick" not in stored and "<b>đậm</b>" in stored
    html = client.get(page.url).content.decode()
    assert "alert(1)</script>" not in html and "onerror" not in html and "javascript:alert" not in html
    assert "<b>đậm</b>" in html


def test_displaying_old_unsanitised_text_still_strips_it(client, sections):
    """Text stored before the save-time clean (or written straight to the database) is
    cleaned again when shown."""
    page = published(sections.school, "Bài cũ")
    ArticlePage.objects.filter(pk=page.pk).update(
        body=[{"type": "paragraph", "value": '<p>Cũ <script>alert(9)</script><i onmouseover="x()">nghiêng</i></p>',
               "id": "a1"}])
    page.refresh_from_db()
    page.save_revision().publish()

    html = client.get(page.url).content.decode()
    assert "<script>alert(9)" not in html and "onmouseover" not in html and "<i>nghiêng</i>" in html


# ---- uploads ----

def test_a_png_that_is_really_text_is_refused_as_an_image(client, sections):
    client.force_login(sections.school_editor)
    fake = SimpleUploadedFile("bia.png", b"chi la chu, khong phai anh", content_type="image/png")

    response = client.post(reverse("wagtailimages:add"), {"title": "Ảnh giả", "file": fake,
                                                          "collection": sections.school.collection.pk})

    from wagtail.images import get_image_model

    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Ảnh giả").exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_an_image_above_the_size_limit_is_refused(client, sections):
    client.force_login(sections.school_editor)
    big = png_upload("to.png", size=(400, 400), color=(1, 2, 3))
    big_bytes = png_bytes(size=(300, 300))
    import os

    big = SimpleUploadedFile("to.png", big_bytes + os.urandom(4096), content_type="image/png")

    response = client.post(reverse("wagtailimages:add"), {"title": "Ảnh to", "file": big,
                                                          "collection": sections.school.collection.pk})

    from wagtail.images import get_image_model

    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Ảnh to").exists()


def test_a_real_png_is_accepted_into_ones_own_collection(client, sections):
    client.force_login(sections.school_editor)

    client.post(reverse("wagtailimages:add"), {"title": "Ảnh thật", "file": png_upload(),
                                               "collection": sections.school.collection.pk})

    from wagtail.images import get_image_model

    assert get_image_model().objects.get(title="Ảnh thật").collection == sections.school.collection


def test_a_document_is_checked_by_its_content(client, sections):
    from wagtail.documents import get_document_model

    client.force_login(sections.school_editor)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(reverse("wagtaildocs:add"), {"title": "Tệp giả", "file": fake,
                                                        "collection": sections.school.collection.pk})
    assert response.status_code == 200
    assert "Nội dung tệp không phải là tệp .pdf" in response.content.decode()
    assert not get_document_model().objects.filter(title="Tệp giả").exists()

    real = SimpleUploadedFile("ke-hoach.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(reverse("wagtaildocs:add"), {"title": "Tệp thật", "file": real,
                                             "collection": sections.school.collection.pk})
    assert get_document_model().objects.filter(title="Tệp thật").exists()


def test_document_checks_refuse_unknown_kinds_and_oversize_files(settings):
    settings.COMMS_DOCUMENT_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        check_document_file(SimpleUploadedFile("a.pdf", pdf_bytes() * 10))
    settings.COMMS_DOCUMENT_MAX_UPLOAD_SIZE = 10_000
    with pytest.raises(ValidationError, match="Không nhận tệp .exe"):
        check_document_file(SimpleUploadedFile("a.exe", b"MZ" + b"\0" * 100))
    check_document_file(SimpleUploadedFile("a.pdf", pdf_bytes()))  # no error


# ---- scheduled publishing ----

def test_scheduled_publish_and_unpublish_run_from_the_task(client, sections):
    from sangkien.comms.tasks import publish_scheduled_task

    page = ArticlePage(title="Tin hẹn giờ", slug="hen-gio", lead="Sa-pô", live=False)
    sections.school.add_child(instance=page)
    soon = timezone.now() + datetime.timedelta(hours=1)
    page.go_live_at = soon
    page.save_revision().publish()  # a future go-live: Wagtail schedules instead of publishing
    assert not Page.objects.get(pk=page.pk).live

    publish_scheduled_task.call()
    assert not Page.objects.get(pk=page.pk).live  # not yet

    later = soon + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        publish_scheduled_task.call()
    page = Page.objects.get(pk=page.pk)
    assert page.live
    assert client.get(page.url).status_code == 200

    Page.objects.filter(pk=page.pk).update(expire_at=later + datetime.timedelta(days=1))
    publish_scheduled_task.call()
    assert Page.objects.get(pk=page.pk).live  # expiry not reached
    with mock.patch("django.utils.timezone.now", return_value=later + datetime.timedelta(days=2)):
        publish_scheduled_task.call()
    page = Page.objects.get(pk=page.pk)
    assert not page.live and page.expired
    assert client.get(page.url).status_code == 404


# ---- media ----

@override_settings(DEBUG=False)
def test_public_images_are_served_with_debug_off_but_never_documents_or_private_files(client, sections, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = image_in(sections.school.collection, "Ảnh công khai")
    document = document_in(sections.school.collection, "Văn bản")

    response = client.get(image.file.url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404
    assert client.get(settings.MEDIA_URL + "private/x.pdf").status_code == 404
    # Documents go out through Wagtail's serve view (see the next test for who gets them).
    assert document.url.startswith("/documents/")
    client.force_login(sections.school_editor)
    assert client.get(document.url).status_code == 200


def test_a_document_is_public_once_a_published_page_uses_it_and_before_that_only_its_sections(
        client, sections, settings, tmp_path):
    import datetime

    from sangkien.comms.models import DirectiveDocumentPage

    settings.MEDIA_ROOT = tmp_path
    document = document_in(sections.school.collection, "Ke hoach nhap")
    page = DirectiveDocumentPage(title="Kế hoạch nháp", slug="ke-hoach-nhap", lead="x", number_symbol="9/KH-CĐCS",
                                 doc_type="ke-hoach", issued_on=datetime.date(2022, 7, 1), issuer="Công đoàn trường",
                                 summary="x", document=document, live=False)
    sections.school.add_child(instance=page)

    def status(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(document.url).status_code

    # The ids count up, so guessing one must not reach another section's unpublished file.
    assert status(None) == 404
    assert status(sections.school2_editor) == 404
    assert status(sections.cdgd_editor) == 404  # the parent's editors too: not their section
    assert status(sections.school_editor) == 200
    page.save_revision().publish()
    assert status(None) == 200
    page.refresh_from_db()
    page.unpublish()
    assert status(None) == 404
