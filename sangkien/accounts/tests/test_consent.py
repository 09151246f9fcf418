import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sangkien.accounts.models import Consent, PrivacyNotice
from sangkien.core.models import AuditEvent
from sangkien.factories import UserFactory

from .conftest import consent

CONSENT = reverse("accounts:consent")
# A page of this app that exists whatever the other apps have built so far.
USABLE = reverse("accounts:password_change")


@pytest.fixture
def person(db):
    return UserFactory(full_name="Trần Văn <b>Bình</b>")


@pytest.mark.parametrize("url", ["/", "/don-vi/", "/tai-khoan/doi-mat-khau/", "/tai-khoan/don-vi/HB-GD/thanh-vien/",
                                 "/tai-khoan/dang-nhap/"])
def test_nothing_is_usable_before_consent(client, cast, sign_in, url):
    sign_in(cast.admin, consented=False)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(CONSENT + "?next=")


def test_a_post_before_consent_is_turned_back_and_changes_nothing(client, cast, sign_in):
    sign_in(cast.admin, consented=False)
    response = client.post(reverse("accounts:unit_members", args=["HB-GD"]),
                           {"full_name": "Người mới", "email": "moi@example.vn", "role": "member"})
    assert response.status_code == 302
    assert response["Location"] == CONSENT
    assert not cast.admin.__class__.objects.filter(email="moi@example.vn").exists()


def test_an_htmx_request_before_consent_is_sent_to_the_whole_page(client, person, sign_in):
    sign_in(person, consented=False)
    response = client.get("/don-vi/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(CONSENT)


def test_people_who_are_not_signed_in_are_not_asked(client, db):
    assert client.get("/").status_code == 200


def test_the_consent_page_shows_the_current_notice_with_an_unticked_box(client, person, sign_in):
    sign_in(person, consented=False)
    notice = PrivacyNotice.current()
    body = client.get(CONSENT).content.decode()
    assert notice.title in body
    assert notice.version in body
    assert "Nghị định 13/2023/NĐ-CP" in body
    assert "Tôi đã đọc và đồng ý" in body
    checkbox = body[body.index('name="agree"') - 120: body.index('name="agree"') + 120]
    assert "checked" not in checkbox


def test_agreeing_records_who_which_version_and_when_then_goes_on(client, person, sign_in):
    sign_in(person, consented=False)
    response = client.post(CONSENT, {"agree": "on", "next": USABLE}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert response["Location"] == USABLE
    consent = Consent.objects.get(user=person)
    assert consent.notice == PrivacyNotice.current()
    assert consent.given_at is not None
    assert consent.ip_address == "10.1.2.3"
    assert AuditEvent.objects.filter(actor=person, action="consent.give").exists()
    assert client.get(USABLE).status_code == 200


def test_submitting_without_ticking_the_box_records_nothing_and_says_why(client, person, sign_in):
    sign_in(person, consented=False)
    response = client.post(CONSENT, {"next": "/"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy đánh dấu vào ô" in body
    assert 'href="#id_agree"' in body
    assert not Consent.objects.filter(user=person).exists()


def test_an_outside_next_address_is_ignored(client, person, sign_in):
    sign_in(person, consented=False)
    response = client.post(CONSENT, {"agree": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_refusing_explains_what_it_means_and_offers_to_sign_out(client, person, sign_in):
    sign_in(person, consented=False)
    response = client.post(reverse("accounts:consent_refuse"))
    body = response.content.decode()
    assert "Bạn chưa đồng ý" in body
    assert reverse("accounts:logout") in body
    assert not Consent.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(actor=person, action="consent.refuse").exists()
    assert client.get("/").status_code == 302


def test_my_data_stays_reachable_before_consent_because_those_rights_do_not_depend_on_it(client, person, sign_in):
    sign_in(person, consented=False)
    assert client.get(reverse("accounts:my_data")).status_code == 200
    assert client.get(reverse("accounts:my_data_export")).status_code == 200


def test_withdrawing_consent_locks_the_rest_until_agreeing_again(client, person, sign_in):
    sign_in(person)
    assert client.get(USABLE).status_code == 200
    response = client.post(reverse("accounts:consent_withdraw"))
    assert response.status_code == 302
    consent = Consent.objects.get(user=person)
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(actor=person, action="consent.withdraw").exists()
    assert client.get(USABLE).status_code == 302
    page = client.get(CONSENT).content.decode()
    assert "Bạn đã rút lại sự đồng ý" in page
    client.post(CONSENT, {"agree": "on"})
    assert client.get(USABLE).status_code == 200
    assert Consent.objects.filter(user=person).count() == 2


def test_a_new_version_of_the_notice_asks_again(client, person, sign_in):
    sign_in(person)
    PrivacyNotice.objects.create(version="2026.2", title="Thông báo mới", body="Nội dung mới")
    response = client.get(USABLE)
    assert response.status_code == 302
    assert "Thông báo mới" in client.get(CONSENT).content.decode()


def test_the_consent_check_is_read_with_the_user_in_one_query(client, person, sign_in):
    sign_in(person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(USABLE).status_code == 200
    about_consent = [q["sql"] for q in queries if "accounts_privacynotice" in q["sql"] or "accounts_consent" in q["sql"]]
    assert len(about_consent) == 1
    assert 'LEFT JOIN "accounts_user" u ON u.id = s.user_id' in about_consent[0]  # read with the session


def test_withdrawing_on_one_device_locks_the_others_at_once(person, sign_in):
    phone, laptop = Client(), Client()
    consent(person)
    phone.force_login(person)
    laptop.force_login(person)
    assert laptop.get(USABLE).status_code == 200

    phone.post(reverse("accounts:consent_withdraw"))

    response = laptop.get(USABLE)
    assert response.status_code == 302 and response["Location"].startswith(CONSENT)


def test_a_notice_scheduled_for_later_asks_again_as_soon_as_it_is_published(client, person, sign_in):
    sign_in(person)
    later = PrivacyNotice.objects.create(version="2026.3", title="Thông báo sắp có", body="Nội dung",
                                         published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(USABLE).status_code == 200  # not yet in force

    PrivacyNotice.objects.filter(pk=later.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get(USABLE).status_code == 302
    client.post(CONSENT, {"agree": "on"})
    assert client.get(USABLE).status_code == 200
    assert Consent.objects.get(user=person, withdrawn_at=None, notice__version="2026.3")


def test_people_with_no_notice_published_are_not_asked(client, person):
    PrivacyNotice.objects.all().delete()
    client.force_login(person)
    assert client.get(USABLE).status_code == 200

