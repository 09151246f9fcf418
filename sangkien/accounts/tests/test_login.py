import pytest
from django.core import mail
from django.urls import reverse

from sangkien.accounts import throttle
from sangkien.accounts.models import User
from sangkien.factories import UserFactory

from .conftest import PASSWORD

LOGIN = reverse("accounts:login")


@pytest.fixture
def person(db):
    return UserFactory(email="lan.nguyen@truong.edu.vn", phone="+84912345678", full_name="Nguyễn Thị Lan")


def post_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_login_page_asks_for_email_or_phone_in_one_field(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Thư điện tử hoặc số điện thoại" in response.content.decode()


@pytest.mark.parametrize("written", ["0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "0912345678"])
def test_it_signs_in_by_phone_written_any_common_way(client, person, written):
    response = post_login(client, written)
    assert response.status_code == 302
    assert signed_in_as(client) == str(person.pk)


@pytest.mark.parametrize("written", ["lan.nguyen@truong.edu.vn", "Lan.Nguyen@Truong.EDU.vn", "  lan.nguyen@truong.edu.vn "])
def test_it_signs_in_by_email_whatever_the_case(client, person, written):
    post_login(client, written)
    assert signed_in_as(client) == str(person.pk)


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, person):
    response = post_login(client, "0912345678", "sai-mat-khau")
    assert response.status_code == 200
    assert signed_in_as(client) is None
    body = response.content.decode()
    assert "Thư điện tử, số điện thoại hoặc mật khẩu chưa đúng" in body
    assert 'class="error-summary"' in body


def test_an_unknown_identifier_gets_the_same_message_as_a_wrong_password(client, person):
    response = post_login(client, "0987654321", PASSWORD)
    assert signed_in_as(client) is None
    assert "Thư điện tử, số điện thoại hoặc mật khẩu chưa đúng" in response.content.decode()


def test_an_inactive_account_cannot_sign_in_even_with_the_right_password(client, person):
    person.is_active = False
    person.save()
    response = post_login(client, "lan.nguyen@truong.edu.vn")
    assert signed_in_as(client) is None
    assert response.status_code == 200


def test_an_invited_person_without_a_password_cannot_sign_in(client, db):
    User.objects.create_user("moi@truong.edu.vn", full_name="Người mới")
    post_login(client, "moi@truong.edu.vn", "")
    post_login(client, "moi@truong.edu.vn", "bat-ky")
    assert signed_in_as(client) is None


def test_after_five_failures_even_the_right_password_waits(client, person):
    for _ in range(throttle.MAX_FAILURES):
        post_login(client, "0912 345 678", "sai-mat-khau")
    # Another way of writing the same number is the same identifier.
    response = post_login(client, "+84912345678")
    assert signed_in_as(client) is None
    assert "Bạn đã nhập sai nhiều lần" in response.content.decode()


def test_the_pause_holds_for_one_identifier_from_one_address_only(client, person):
    other = UserFactory(email="khac@truong.edu.vn")
    for _ in range(throttle.MAX_FAILURES):
        post_login(client, "0912345678", "sai-mat-khau")
    post_login(client, "khac@truong.edu.vn")
    assert signed_in_as(client) == str(other.pk)
    client.logout()
    post_login(client, "0912345678", REMOTE_ADDR="10.0.0.9")
    assert signed_in_as(client) == str(person.pk)


def test_a_successful_sign_in_forgets_earlier_failures(client, person):
    for _ in range(throttle.MAX_FAILURES - 1):
        post_login(client, "0912345678", "sai-mat-khau")
    post_login(client, "0912345678")
    client.logout()
    for _ in range(throttle.MAX_FAILURES - 1):
        post_login(client, "0912345678", "sai-mat-khau")
    post_login(client, "0912345678")
    assert signed_in_as(client) == str(person.pk)


def test_logout_takes_a_post_and_not_a_get(client, person, sign_in):
    sign_in(person)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_as(client) == str(person.pk)
    client.post(reverse("accounts:logout"))
    assert signed_in_as(client) is None


def test_a_signed_in_person_changes_their_password(client, person, sign_in):
    sign_in(person)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "mot-mat-khau-moi-2024", "new_password2": "mot-mat-khau-moi-2024",
    })
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("mot-mat-khau-moi-2024")


def test_changing_the_password_needs_the_old_one(client, person, sign_in):
    sign_in(person)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "sai", "new_password1": "mot-mat-khau-moi-2024", "new_password2": "mot-mat-khau-moi-2024",
    })
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_is_for_signed_in_people_only(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def _link_in(message):
    return next(line for line in message.body.splitlines() if "://" in line).strip()


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, person):
    response = client.post(reverse("accounts:password_reset"), {"email": "LAN.nguyen@truong.edu.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan.nguyen@truong.edu.vn"]
    assert "Đặt lại mật khẩu" in mail.outbox[0].subject
    link = _link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "mat-khau-moi-rat-dai", "new_password2": "mat-khau-moi-rat-dai"})
    post_login(client, "0912345678", "mat-khau-moi-rat-dai")
    assert signed_in_as(client) == str(person.pk)


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, person):
    response = client.post(reverse("accounts:password_reset"), {"email": "khong-co@truong.edu.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_an_invited_person_who_lost_the_invitation_can_use_the_reset(client, db):
    User.objects.create_user("moi@truong.edu.vn", full_name="Người mới")
    client.post(reverse("accounts:password_reset"), {"email": "moi@truong.edu.vn"})
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_reset_email(client, person):
    person.is_active = False
    person.save()
    client.post(reverse("accounts:password_reset"), {"email": "lan.nguyen@truong.edu.vn"})
    assert mail.outbox == []


def test_an_empty_password_change_says_which_password_is_missing(client, person, sign_in):
    sign_in(person)
    body = client.post(reverse("accounts:password_change"), {}).content.decode()
    for message in ("Nhập mật khẩu hiện tại", "Nhập mật khẩu mới", "Nhập lại mật khẩu mới để xác nhận"):
        assert message in body
    assert 'href="#id_old_password"' in body
