"""Evidence files: accepted by what they contain, at most 10 MB, served only to who may see them."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.attachments import MAX_SIZE, sniff
from sangkien.initiatives.models import Attachment
from sangkien.initiatives.workflow import initiative_move

pytestmark = pytest.mark.django_db

SECTION = "tep-minh-chung"


def pdf():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg():
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return buffer.getvalue()


def office(folder, main):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/{main}", "<x/>")
    return buffer.getvalue()


def xlsx():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


GOOD = {
    "bao-cao.pdf": (pdf, "application/pdf", ".pdf"),
    "thuyet-minh.docx": (lambda: office("word", "document.xml"),
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "so-lieu.xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "anh-lop-hoc.jpg": (jpeg, "image/jpeg", ".jpg"),
    "so-do.png": (png, "image/png", ".png"),
}


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def draft(cast):
    return make_initiative(unit=cast.tree.school, created_by=cast.author)


def post_files(client, initiative, *files):
    return client.post(reverse("initiatives:edit_section", args=[initiative.pk, SECTION]), {"files": list(files)})


@pytest.mark.parametrize("name", list(GOOD))
def test_each_accepted_kind_is_kept_with_its_detected_type(cast, draft, client_for, media, name):
    make, content_type, extension = GOOD[name]
    response = post_files(client_for(cast.author), draft, upload(name, make()))

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (name, content_type)
    assert attachment.file.name.startswith(f"private/initiatives/{draft.pk}/")
    assert attachment.file.name.endswith(extension)
    assert (media / attachment.file.name).exists()


def test_the_type_comes_from_the_content_not_the_name(cast, draft, client_for, media):
    # a JPEG named .pdf is kept as the JPEG it is
    post_files(client_for(cast.author), draft, upload("quyet-dinh.pdf", jpeg()))

    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg" and attachment.file.name.endswith(".jpg")


@pytest.mark.parametrize("name, content", [
    ("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),  # a renamed .exe
    ("thuyet-minh.docx", office("other", "thing.xml")),  # a zip, but not a Word document
    ("tai-lieu.docx", b"PK\x03\x04 not really a zip"),
    ("ghi-chu.txt", b"plain text"),
    ("trang.html", b"<html><script>alert(1)</script></html>"),
])
def test_other_files_are_refused_with_a_clear_reason(cast, draft, client_for, media, name, content):
    response = post_files(client_for(cast.author), draft, upload(name, content))

    assert response.status_code == 400
    html = response.content.decode()
    assert "không phải PDF, Word (.docx), Excel (.xlsx), ảnh JPG hoặc PNG" in html
    assert 'href="#id_files"' in html
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused(cast, draft, client_for, media):
    big = pdf() + b"0" * (MAX_SIZE + 1 - len(pdf()))
    response = post_files(client_for(cast.author), draft, upload("lon.pdf", big))

    assert response.status_code == 400
    assert "lớn hơn 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_exactly_10_mb_is_accepted(cast, draft, client_for, media):
    content = pdf() + b"0" * (MAX_SIZE - len(pdf()))
    assert post_files(client_for(cast.author), draft, upload("vua.pdf", content)).status_code == 302


def test_good_files_are_kept_when_another_in_the_same_upload_is_refused(cast, draft, client_for, media):
    response = post_files(client_for(cast.author), draft, upload("a.pdf", pdf()), upload("b.pdf", b"MZ..."))

    assert response.status_code == 400
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_a_path_in_the_name_is_dropped(cast, draft, client_for, media):
    post_files(client_for(cast.author), draft, upload("../../etc/passwd.pdf", pdf()))
    assert Attachment.objects.get().original_name == "passwd.pdf"


def test_sniff_leaves_the_file_readable_from_the_start():
    handle = upload("x.docx", office("word", "document.xml"))
    assert sniff(handle) == "docx"
    assert handle.read(2) == b"PK"


@pytest.mark.parametrize("who", ["other_member", "officer", "officer_sibling"])
def test_only_the_author_may_add_files(cast, draft, client_for, media, who):
    response = post_files(client_for(getattr(cast, who)), draft, upload("a.pdf", pdf()))

    assert response.status_code in (403, 404)  # a draft may not even be shown to others
    assert not Attachment.objects.exists()


# Downloading -------------------------------------------------------------------------------


def add(initiative, user, name="bao-cao.pdf", content=None):
    from sangkien.initiatives.attachments import attachment_add

    return attachment_add(acting_user=user, initiative=initiative, upload=upload(name, content or pdf()))


@pytest.mark.parametrize("who, code", [
    ("author", 200), ("officer", 200), ("upper_cdgd", 200), ("other_member", 200), ("officer_sibling", 404),
    ("upper_hn", 404), ("nobody", 404),
])
def test_a_file_goes_to_whoever_may_see_the_entry(cast, draft, client_for, media, who, code):
    attachment = add(draft, cast.author, name="Quyết định <b>số 5</b>.pdf")
    initiative_move(acting_user=cast.author, initiative=draft, action="submit")  # sent: the unit sees it
    response = client_for(getattr(cast, who)).get(reverse("initiatives:attachment", args=[draft.pk, attachment.pk]))

    assert response.status_code == code
    if code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == pdf()


@pytest.mark.parametrize("who, code", [
    ("author", 200), ("officer", 200), ("upper_cdgd", 200), ("other_member", 403), ("officer_sibling", 404),
])
def test_files_of_a_confidential_entry_go_only_to_authors_and_officers(cast, client_for, media, who, code):
    secret = make_initiative(unit=cast.tree.school, created_by=cast.author, confidential=True)
    attachment = add(secret, cast.author)
    initiative_move(acting_user=cast.author, initiative=secret, action="submit")

    response = client_for(getattr(cast, who)).get(reverse("initiatives:attachment", args=[secret.pk, attachment.pk]))
    assert response.status_code == code


def test_anonymous_visitors_are_sent_to_sign_in(cast, draft, client, media):
    attachment = add(draft, cast.author)
    response = client.get(reverse("initiatives:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_a_file_is_reached_only_through_its_own_entry(cast, draft, client_for, media):
    other = make_initiative(unit=cast.tree.school, created_by=cast.other_member)
    attachment = add(other, cast.other_member)
    url = reverse("initiatives:attachment", args=[draft.pk, attachment.pk])
    assert client_for(cast.author).get(url).status_code == 404


def test_the_development_media_route_refuses_private_files(cast, draft, media):
    from django.http import Http404

    from sangkien import urls

    attachment = add(draft, cast.author)
    for path in (attachment.file.name, "x/../" + attachment.file.name, "/" + attachment.file.name):
        with pytest.raises(Http404):
            urls.public_media(None, path)


# Removing ------------------------------------------------------------------------------------


def test_the_author_removes_a_file_while_the_entry_is_editable(cast, draft, client_for, media,
                                                                 django_capture_on_commit_callbacks):
    attachment = add(draft, cast.author)
    stored = media / attachment.file.name
    url = reverse("initiatives:attachment_remove", args=[draft.pk, attachment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.author).post(url)

    assert response.status_code == 302
    assert not Attachment.objects.exists() and not stored.exists()


@pytest.mark.parametrize("who", ["other_member", "officer", "officer_sibling"])
def test_others_cannot_remove_a_file(cast, draft, client_for, media, who):
    attachment = add(draft, cast.author)
    url = reverse("initiatives:attachment_remove", args=[draft.pk, attachment.pk])

    assert client_for(getattr(cast, who)).post(url).status_code in (403, 404)
    assert Attachment.objects.exists()


def test_files_stay_once_the_entry_is_sent(cast, draft, client_for, media):
    attachment = add(draft, cast.author)
    initiative_move(acting_user=cast.author, initiative=draft, action="submit")
    url = reverse("initiatives:attachment_remove", args=[draft.pk, attachment.pk])

    assert client_for(cast.author).post(url).status_code == 403
    assert post_files(client_for(cast.author), draft, upload("b.pdf", pdf())).status_code == 403
    assert Attachment.objects.count() == 1
