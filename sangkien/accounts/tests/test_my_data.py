import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sangkien.accounts import services
from sangkien.accounts.models import Consent, DataRequest, User
from sangkien.core.models import AuditEvent
from sangkien.factories import UserFactory
from sangkien.orgs.models import Membership

from .conftest import PASSWORD

MY_DATA = reverse("accounts:my_data")
EDIT = reverse("accounts:profile_edit")
DELETE = reverse("accounts:account_delete")


@pytest.fixture
def me(cast):
    user = cast.member
    user.full_name = "Lò Thị <script>alert('me')</script>"
    user.phone = "+84987654321"
    user.position = "Giáo viên"
    user.birth_year = 1985
    user.save()
    return user


def test_my_data_shows_profile_roles_consents_and_my_actions(client, me, cast, sign_in):
    sign_in(me)
    services.profile_update(acting_user=me, user=me, position="Tổ trưởng")
    body = client.get(MY_DATA).content.decode()
    assert "Lò Thị &lt;script&gt;alert(&#x27;me&#x27;)&lt;/script&gt;" in body
    assert "<script>alert('me')" not in body
    for text in (me.email, "0987 654 321", "Tổ trưởng", "1985", cast.tree.school.name, "Đoàn viên", "2026.1",
                 "Sửa thông tin cá nhân"):
        assert text in body


def test_my_data_shows_nobody_elses_data(client, me, cast, sign_in):
    sign_in(me)
    services.profile_update(acting_user=cast.officer, user=cast.officer, position="Chức vụ của người khác")
    body = client.get(MY_DATA).content.decode()
    assert cast.officer.email not in body
    assert "Chức vụ của người khác" not in body
    assert "Cán bộ CĐCS" not in body
    assert cast.tree.hn_school.name not in body


def test_my_data_is_for_signed_in_people_only(client, db):
    assert client.get(MY_DATA)["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:my_data_export"))["Location"].startswith(reverse("accounts:login"))


def test_the_export_is_a_json_download_of_my_own_data(client, me, cast, sign_in):
    sign_in(me)
    services.profile_update(acting_user=cast.officer, user=cast.officer, position="Chức vụ của người khác")
    response = client.get(reverse("accounts:my_data_export"))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == me.full_name
    assert data["profile"]["phone"] == "+84987654321"
    assert data["profile"]["birth_year"] == 1985
    assert data["memberships"] == [{
        "unit_code": "HB-GD-001", "unit_name": cast.tree.school.name, "role": "member", "role_label": "Đoàn viên",
        "since": data["memberships"][0]["since"],
    }]
    assert [c["notice_version"] for c in data["consents"]] == ["2026.1"]
    assert cast.officer.email not in response.content.decode()
    assert all(e["action"] != "profile.update" for e in data["audit_events"])
    assert AuditEvent.objects.filter(actor=me, action="personal_data.export").count() == 1


def test_i_correct_my_own_profile_and_it_is_audited(client, me, sign_in):
    sign_in(me)
    response = client.post(EDIT, {
        "full_name": "  Lò   Thị Mai ", "email": "Mai.Lo@Truong.edu.vn", "phone": "0987.654.322",
        "position": "Tổ phó", "birth_year": "1986", "show_name_publicly": "on",
    })
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.full_name, me.email, me.phone, me.position, me.birth_year, me.show_name_publicly) == (
        "Lò Thị Mai", "mai.lo@truong.edu.vn", "+84987654322", "Tổ phó", 1986, True)
    event = AuditEvent.objects.get(actor=me, action="profile.update")
    assert set(event.data["fields"]) == {"full_name", "email", "phone", "position", "birth_year", "show_name_publicly"}
    assert "mai.lo" not in json.dumps(event.data)  # field names, not the personal values


def test_another_persons_email_cannot_be_taken(client, me, cast, sign_in):
    sign_in(me)
    response = client.post(EDIT, {"full_name": "Lò Thị Mai", "email": cast.officer.email.upper(), "phone": ""})
    assert response.status_code == 200
    assert "Thư điện tử này đã được dùng cho một tài khoản khác" in response.content.decode()
    me.refresh_from_db()
    assert me.full_name.startswith("Lò Thị <script>")


def test_a_profile_needs_an_email_or_a_phone_and_a_readable_phone(client, me, sign_in):
    sign_in(me)
    body = client.post(EDIT, {"full_name": "Lò Thị Mai", "email": "", "phone": ""}).content.decode()
    assert "Nhập thư điện tử hoặc số điện thoại" in body
    body = client.post(EDIT, {"full_name": "Lò Thị Mai", "email": "", "phone": "12345"}).content.decode()
    assert "Nhập số điện thoại Việt Nam" in body
    assert 'href="#id_phone"' in body
    me.refresh_from_db()
    assert me.phone == "+84987654321"


def test_nobody_corrects_someone_elses_profile_through_the_service(me, cast):
    with pytest.raises(PermissionDenied):
        services.profile_update(acting_user=cast.admin, user=me, full_name="Đổi tên hộ")
    with pytest.raises(PermissionDenied):
        services.profile_update(acting_user=cast.root, user=me, full_name="Đổi tên hộ")


def test_deleting_my_account_anonymises_it_and_signs_me_out(client, me, sign_in):
    sign_in(me)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 200
    assert "Đã xóa tài khoản" in response.content.decode()
    assert client.session.get("_auth_user_id") is None
    me.refresh_from_db()
    assert (me.full_name, me.email, me.phone, me.position, me.birth_year, me.is_active) == ("", None, None, "", None, False)
    assert not me.has_usable_password()
    assert not Membership.objects.filter(user=me).exists()
    request = DataRequest.objects.get(user=me)
    assert (request.kind, request.status, request.handled_by) == ("delete", "done", me)
    assert request.handled_at is not None
    assert AuditEvent.objects.filter(actor=me, action="user.anonymise").exists()
    assert Consent.objects.filter(user=me).exists()  # the record of what was agreed stays


def test_deleting_my_account_needs_my_password(client, me, sign_in):
    sign_in(me)
    response = client.post(DELETE, {"password": "sai"})
    assert response.status_code == 200
    assert "Mật khẩu chưa đúng" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active and me.email
    assert not DataRequest.objects.exists()


def test_someone_with_authored_records_gets_a_request_not_an_instant_deletion(client, me, sign_in, monkeypatch):
    monkeypatch.setattr(services, "_authored_record_checks", [lambda user: user.pk == me.pk])
    sign_in(me)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.is_active and me.full_name
    request = DataRequest.objects.get(user=me)
    assert (request.kind, request.status, request.handled_at) == ("delete", "pending", None)
    assert AuditEvent.objects.filter(actor=me, action="data_request.create").exists()
    assert "Đang chờ xử lý" in client.get(MY_DATA).content.decode()


def test_nobody_anonymises_someone_else_but_a_system_administrator(me, cast):
    with pytest.raises(PermissionDenied):
        services.user_anonymise(acting_user=cast.admin, user=me)
    with pytest.raises(PermissionDenied):
        services.user_anonymise(acting_user=cast.officer, user=me)
    services.user_anonymise(acting_user=cast.root, user=me)
    assert not User.objects.get(pk=me.pk).is_active


def test_a_deleted_account_cannot_sign_in_again(client, me, sign_in):
    email = me.email
    sign_in(me)
    client.post(DELETE, {"password": PASSWORD})
    client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") is None


def test_my_data_page_lists_nothing_of_a_colleague_with_the_same_unit(client, me, cast, sign_in):
    colleague = UserFactory(full_name="Đồng nghiệp <i>cùng trường</i>")
    services.membership_grant(acting_user=cast.root, user=colleague, unit=cast.tree.school, role="member")
    sign_in(me)
    assert "Đồng nghiệp" not in client.get(MY_DATA).content.decode()


def test_a_system_administrator_carries_out_a_pending_deletion(me, cast, monkeypatch):
    monkeypatch.setattr(services, "_authored_record_checks", [lambda user: True])
    request = services.data_request_create(acting_user=me, kind=DataRequest.Kind.DELETE)
    assert request.status == "pending"
    services.data_request_handle(acting_user=cast.root, data_request=request, status=DataRequest.Status.DONE)
    me.refresh_from_db()
    request.refresh_from_db()
    assert (me.is_active, me.email, request.status, request.handled_by) == (False, None, "done", cast.root)
    assert AuditEvent.objects.filter(actor=cast.root, action="data_request.handle").exists()


def test_only_a_system_administrator_handles_data_requests(me, cast, monkeypatch):
    monkeypatch.setattr(services, "_authored_record_checks", [lambda user: True])
    request = services.data_request_create(acting_user=me, kind=DataRequest.Kind.DELETE)
    for someone in (cast.admin, me):
        with pytest.raises(PermissionDenied):
            services.data_request_handle(acting_user=someone, data_request=request, status=DataRequest.Status.DONE)
    me.refresh_from_db()
    assert me.is_active
