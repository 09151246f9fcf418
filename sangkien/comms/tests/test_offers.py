"""Offers: a school's editor offers an article with photos to the upper union's section; the
upper union's editors take it up (a draft credited to the school) or decline it with a
reason. Refused outside one's own units, and a decline without a reason loses nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sangkien.comms.models import ArticlePage, Offer, OfferStatus
from sangkien.orgs.roles import Role

from .conftest import person
from .helpers import png_upload

pytestmark = pytest.mark.django_db


def offer_form(**extra):
    return {"title": "Trường Đà Bắc <script>x</script> trao giải", "text": "Dòng một.\n\nDòng <b>hai</b>.", **extra}


@pytest.fixture
def offer(client, sections):
    client.force_login(sections.school_editor)
    client.post(reverse("comms:offer_new"),
                offer_form(from_unit=sections.tree.school.pk, images=[png_upload("a.png"), png_upload("b.png")]))
    client.logout()
    return Offer.objects.get()


def test_a_school_editor_offers_an_article_with_photos_to_the_upper_section(client, sections):
    client.force_login(sections.school_editor)

    response = client.post(reverse("comms:offer_new"),
                           offer_form(from_unit=sections.tree.school.pk, images=[png_upload()]))

    offer = Offer.objects.get()
    assert response.status_code == 302
    assert (offer.from_unit, offer.to_unit, offer.status) == (sections.tree.school, sections.tree.cdgd,
                                                               OfferStatus.OFFERED)
    assert offer.images.count() == 1
    assert offer.images.get().image.collection == sections.cdgd.collection
    assert offer.events.get().actor == sections.school_editor
    html = client.get(reverse("comms:offer", args=[offer.pk])).content.decode()
    assert "&lt;script&gt;" in html and "<script>x" not in html


def test_an_offer_refuses_a_fake_image_and_keeps_what_was_typed(client, sections):
    client.force_login(sections.school_editor)
    fake = SimpleUploadedFile("anh.png", b"day la van ban, khong phai anh", content_type="image/png")

    response = client.post(reverse("comms:offer_new"), offer_form(from_unit=sections.tree.school.pk, images=[fake]))

    assert response.status_code == 400
    assert not Offer.objects.exists()
    html = response.content.decode()
    assert "anh.png" in html and "Dòng một." in html


def test_no_one_offers_for_a_unit_where_they_hold_no_section_role(client, sections):
    member = person(sections.tree.school, Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("comms:offer_new")).status_code == 403

    # The school2 editor names the school in the form: not one of their units.
    client.force_login(sections.school2_editor)
    response = client.post(reverse("comms:offer_new"), offer_form(from_unit=sections.tree.school.pk))
    assert response.status_code == 400
    assert not Offer.objects.exists()


@pytest.mark.parametrize("taker", ["cdgd_editor", "cdgd_approver"])
def test_the_upper_sections_editor_takes_it_up_as_a_draft_credited_to_the_school(client, sections, offer, taker):
    client.force_login(getattr(sections, taker))

    response = client.post(reverse("comms:offer_take", args=[offer.pk]))

    offer.refresh_from_db()
    page = ArticlePage.objects.get(pk=offer.page_id)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert offer.status == OfferStatus.TAKEN and offer.decided_by == getattr(sections, taker)
    assert page.get_parent().pk == sections.cdgd.pk
    assert page.credited_unit == sections.tree.school
    assert not page.live
    assert [block.block_type for block in page.body] == ["paragraph", "image", "image"]
    assert "<script>" not in page.body[0].value.source and "&lt;b&gt;hai" in page.body[0].value.source
    assert page.hero_image == offer.images.first().image
    assert [event.action for event in offer.events.all()] == ["offered", "taken"]


def test_declining_needs_a_reason_and_then_tells_it(client, sections, offer):
    client.force_login(sections.cdgd_editor)

    response = client.post(reverse("comms:offer_decline", args=[offer.pk]), {"reason": "   "})
    offer.refresh_from_db()
    assert response.status_code == 400 and offer.status == OfferStatus.OFFERED
    assert "Ghi lý do không nhận bài" in response.content.decode()

    client.post(reverse("comms:offer_decline", args=[offer.pk]), {"reason": "Ảnh mờ, xin gửi ảnh khác."})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.reason == "Ảnh mờ, xin gửi ảnh khác."
    assert offer.events.last().comment == "Ảnh mờ, xin gửi ảnh khác."

    client.force_login(sections.school_editor)
    assert "Ảnh mờ, xin gửi ảnh khác." in client.get(reverse("comms:offer", args=[offer.pk])).content.decode()


@pytest.mark.parametrize("outsider", ["school_editor", "school2_editor", "school2_approver"])
def test_take_and_decline_are_refused_outside_the_receiving_unit(client, sections, offer, outsider):
    client.force_login(getattr(sections, outsider))

    take = client.post(reverse("comms:offer_take", args=[offer.pk]))
    decline = client.post(reverse("comms:offer_decline", args=[offer.pk]), {"reason": "Không"})

    assert take.status_code in (403, 404) and decline.status_code in (403, 404)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED and not ArticlePage.objects.filter(title=offer.title).exists()


def test_an_upper_editor_above_the_receiver_does_not_decide_for_it(client, sections, offer):
    province_editor = person(sections.tree.hoa_binh, Role.EDITOR)
    client.force_login(province_editor)

    assert client.get(reverse("comms:offer", args=[offer.pk])).status_code == 404
    assert client.post(reverse("comms:offer_take", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED


def test_an_offer_is_decided_once(client, sections, offer):
    client.force_login(sections.cdgd_editor)
    client.post(reverse("comms:offer_take", args=[offer.pk]))

    client.post(reverse("comms:offer_decline", args=[offer.pk]), {"reason": "Đổi ý"})
    client.post(reverse("comms:offer_take", args=[offer.pk]))

    offer.refresh_from_db()
    assert offer.status == OfferStatus.TAKEN and ArticlePage.objects.filter(title=offer.title).count() == 1


def test_the_offers_list_shows_only_ones_own_units_offers(client, sections, offer):
    client.force_login(sections.school2_editor)
    assert offer.title not in client.get(reverse("comms:offers")).content.decode()

    client.force_login(sections.cdgd_editor)
    html = client.get(reverse("comms:offers")).content.decode()
    assert "Trường Đà Bắc &lt;script&gt;x&lt;/script&gt; trao giải" in html


def test_the_menu_leads_section_roles_to_the_offers_page_and_the_editor_to_the_admin(client, sections):
    client.force_login(sections.school_editor)
    html = client.get(reverse("comms:offers")).content.decode()
    assert 'data-nav="comms"' in html and reverse("wagtailadmin_home") in html

    member = person(sections.tree.school, Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("comms:offers")).status_code == 403
    assert 'data-nav="comms"' not in client.get(reverse("comms:documents")).content.decode()
