import io

import pytest
from django.urls import reverse
from PIL import Image, ImageFont

from sangkien.core.models import AuditEvent
from sangkien.kit import artwork
from sangkien.kit.models import MediaFile, MediaItem, Slogan
from sangkien.kit.selectors import slogan_of_the_day
from sangkien.kit.services import kit_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _body(response):
    return b"".join(response.streaming_content)


def test_the_font_draws_every_vietnamese_letter_of_the_campaign():
    # A letter the font lacks comes out as the same "missing glyph" box: no letter of the
    # campaign's words may look like U+E000 (private use, never in DejaVu).
    for path in (artwork.FONT_BOLD, artwork.FONT_REGULAR):
        face = ImageFont.truetype(path, 40)
        missing = bytes(face.getmask("\ue000"))
        letters = set(artwork.NAME + artwork.MOTTO + artwork.KICKER + artwork.FOOTER + "ĐđƯưƠơ") - {" "}
        assert all(bytes(face.getmask(ch)) != missing for ch in letters)


def test_generating_draws_every_size_once_and_a_second_run_changes_nothing(media):
    written = kit_generate()
    sizes = len(artwork.LOGO_SIZES) + len(artwork.BANNER_SIZES) + len(artwork.POSTER_SIZES)
    assert written == sizes == MediaFile.objects.count()
    assert set(MediaItem.objects.values_list("kind", flat=True)) == {"logo", "banner", "poster"}
    assert AuditEvent.objects.filter(action="kit.generate").count() == 1
    for media_file in MediaFile.objects.all():
        with media_file.file.open("rb") as handle:
            image = Image.open(handle)
            assert image.format == "PNG"
            assert image.size == (media_file.width, media_file.height)
    assert kit_generate() == 0
    assert MediaFile.objects.count() == sizes
    assert AuditEvent.objects.filter(action="kit.generate").count() == 1


def test_a_banner_carries_the_campaign_colours_and_text():
    image = Image.open(io.BytesIO(artwork.artwork_png(1200, 630))).convert("RGB")
    colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000)}
    assert (0xB3, 0x16, 0x1B) in colours  # the red ground
    assert (0xFF, 0xFF, 0xFF) in colours  # the white name over it
    # The name is drawn: white pixels in the text column, right of the logo.
    text_column = image.crop((600, 200, 1150, 320))
    assert any(pixel == (255, 255, 255) for pixel in text_column.get_flattened_data())


def test_the_kit_page_lists_every_size_with_a_download_link(client, media):
    kit_generate()
    response = client.get(reverse("kit:media_kit"))
    html = response.content.decode()
    assert response.status_code == 200
    for media_file in MediaFile.objects.all():
        assert reverse("kit:download", args=[media_file.pk]) in html
        assert f"{media_file.width}×{media_file.height} px" in html
    assert "Áp phích khổ A4 (150 dpi)" in html


def test_a_download_is_an_attachment_named_for_its_size(client, media):
    kit_generate()
    poster = MediaFile.objects.get(item__slug="ap-phich", width=1240)
    response = client.get(reverse("kit:download", args=[poster.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="ap-phich-1240x1754.png"'
    assert Image.open(io.BytesIO(_body(response))).size == (1240, 1754)
    preview = client.get(reverse("kit:preview", args=[poster.pk]))
    assert preview["Content-Disposition"].startswith("inline")


def test_a_missing_file_is_a_404_not_a_500(client, media):
    kit_generate()
    logo = MediaFile.objects.filter(item__slug="bieu-trung").first()
    logo.file.delete(save=False)
    assert client.get(reverse("kit:download", args=[logo.pk])).status_code == 404
    assert client.get(reverse("kit:download", args=[999_999])).status_code == 404


def test_the_empty_kit_says_so_in_vietnamese(client):
    html = client.get(reverse("kit:media_kit")).content.decode()
    assert "Bộ nhận diện chưa có ấn phẩm nào" in html


def test_the_footer_shows_one_active_slogan_a_day_in_turn(client):
    Slogan.objects.create(text="Tự hào trí tuệ lao động Việt Nam", sort_order=1)
    Slogan.objects.create(text="1 triệu sáng kiến – Triệu việc tốt", sort_order=2)
    Slogan.objects.create(text="Khẩu hiệu cũ <script>alert(1)</script>", active=False, sort_order=3)
    import datetime

    day = datetime.date(2022, 6, 3)
    first, second = slogan_of_the_day(day), slogan_of_the_day(day + datetime.timedelta(days=1))
    assert {first, second} == {"Tự hào trí tuệ lao động Việt Nam", "1 triệu sáng kiến – Triệu việc tốt"}
    html = client.get(reverse("kit:media_kit")).content.decode()
    footer = html.split('class="site-footer"')[1]
    assert slogan_of_the_day() in footer
    assert "Khẩu hiệu cũ" not in footer


def test_an_edited_slogan_shows_at_once_although_slogans_are_cached(client):
    slogan = Slogan.objects.create(text="Khẩu hiệu thứ nhất")
    assert "Khẩu hiệu thứ nhất" in client.get(reverse("kit:media_kit")).content.decode()
    slogan.text = "Nỗ lực vượt khó, sáng tạo"
    slogan.save()
    assert "Nỗ lực vượt khó, sáng tạo" in client.get(reverse("kit:media_kit")).content.decode()
    slogan.delete()
    assert "Nỗ lực vượt khó, sáng tạo" not in client.get(reverse("kit:media_kit")).content.decode()


def test_the_footer_costs_no_query_once_the_slogans_are_cached(client, django_assert_num_queries):
    from sangkien.kit.selectors import active_slogans

    Slogan.objects.create(text="Tự hào trí tuệ lao động Việt Nam")
    with django_assert_num_queries(1):
        active_slogans()
    with django_assert_num_queries(0):
        assert slogan_of_the_day() == "Tự hào trí tuệ lao động Việt Nam"


def test_slogans_are_wagtail_snippets_an_admin_edits(client, user_factory):
    from sangkien.accounts.models import PrivacyNotice
    from sangkien.accounts.services import consent_give

    admin = user_factory(is_superuser=True, is_staff=True)
    consent_give(acting_user=admin, notice=PrivacyNotice.current())
    client.force_login(admin)
    from wagtail.snippets.models import get_snippet_models

    assert Slogan in get_snippet_models()
    response = client.post(reverse("wagtailsnippets_kit_slogan:add"),
                           {"text": "Mỗi đoàn viên một sáng kiến", "note": "", "active": "on", "sort_order": 0})
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/")
    assert Slogan.objects.filter(text="Mỗi đoàn viên một sáng kiến").exists()
