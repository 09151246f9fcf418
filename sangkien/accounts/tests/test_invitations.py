import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sangkien.accounts import selectors, services
from sangkien.accounts.models import User
from sangkien.core.models import AuditEvent
from sangkien.factories import UserFactory
from sangkien.orgs.models import Membership
from sangkien.orgs.roles import Role


def members_url(code):
    return reverse("accounts:unit_members", args=[code])


def invite(client, code, **fields):
    data = {"full_name": "Hoàng Văn Nam", "email": "", "phone": "", "role": "member"}
    data.update(fields)
    return client.post(members_url(code), data)


def link_in(message):
    return next(line for line in message.body.splitlines() if "://" in line).strip()


# ── Who sees the members page ────────────────────────────────────────────────────────────


def test_a_unit_admin_sees_members_of_a_unit_in_their_subtree_with_the_invite_form(client, cast, sign_in):
    sign_in(cast.admin)
    response = client.get(members_url("HB-GD-001"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đoàn viên Đà Bắc" in body and "Cán bộ Trường Đà Bắc" in body
    assert "Mời người dùng" in body
    assert "Nhập danh sách từ tệp" in body


def test_an_officer_sees_the_members_but_no_invite_form(client, cast, sign_in):
    sign_in(cast.officer)
    response = client.get(members_url("HB-GD-001"))
    assert response.status_code == 200
    assert "Đoàn viên Đà Bắc" in response.content.decode()
    assert "Mời người dùng" not in response.content.decode()
    assert "Thu hồi" not in response.content.decode()


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_a_member_or_an_admin_of_another_branch_cannot_see_the_members(client, cast, sign_in, who):
    sign_in(getattr(cast, who))
    assert client.get(members_url("HB-GD-001")).status_code == 403


def test_an_officer_of_a_school_cannot_see_the_members_of_its_parent(client, cast, sign_in):
    sign_in(cast.officer)
    assert client.get(members_url("HB-GD")).status_code == 403


def test_hostile_names_are_escaped_on_the_members_page(client, cast, sign_in):
    sign_in(cast.root)
    body = client.get(members_url("HB-GD")).content.decode()
    assert "Quản trị &lt;script&gt;alert(&#x27;cdgd&#x27;)&lt;/script&gt;" in body
    assert "<script>alert('cdgd')" not in body


def test_the_members_list_takes_the_same_number_of_queries_for_2_or_32_people(client, cast, sign_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(cast.admin)
    url = members_url("HB-GD-001")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        services.user_invite(acting_user=cast.root, unit=cast.tree.school, full_name=f"Người {n}",
                             email=f"nguoi{n}@example.vn", role=Role.MEMBER)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Người 29" in response.content.decode()
    assert len(many) == len(few)


# ── Inviting ─────────────────────────────────────────────────────────────────────────────


def test_an_invitation_end_to_end(client, cast, sign_in, django_capture_on_commit_callbacks):
    sign_in(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, "HB-GD-001", full_name="Hoàng  Văn Nam", email="Nam.Hoang@Truong.edu.vn",
                          phone="0903 111 222", role="officer")
    assert response.status_code == 302
    nam = User.objects.get(email="nam.hoang@truong.edu.vn")
    assert (nam.full_name, nam.phone, nam.has_usable_password()) == ("Hoàng Văn Nam", "+84903111222", False)
    assert nam.invited_at is not None
    assert Membership.objects.filter(user=nam, unit=cast.tree.school, role="officer", granted_by=cast.admin).exists()
    assert AuditEvent.objects.filter(actor=cast.admin, action="user.invite", unit=cast.tree.school).exists()
    assert AuditEvent.objects.filter(actor=cast.admin, action="membership.grant", data__role="officer").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nam.hoang@truong.edu.vn"]
    assert "Cán bộ CĐCS, Công đoàn Trường THPT Đà Bắc" in mail.outbox[0].body

    client.post(reverse("accounts:logout"))
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    assert "Chào mừng bạn tới Sáng kiến" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "mat-khau-cua-nam-2024", "new_password2": "mat-khau-cua-nam-2024"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:consent")
    assert client.session["_auth_user_id"] == str(nam.pk)
    assert AuditEvent.objects.filter(actor=nam, action="user.accept_invite").exists()
    client.post(reverse("accounts:consent"), {"agree": "on"})

    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "0903.111.222", "password": "mat-khau-cua-nam-2024"})
    assert client.session["_auth_user_id"] == str(nam.pk)

    client.post(reverse("accounts:logout"))
    assert "Lời mời không còn dùng được" in client.get(link, follow=True).content.decode()  # works once


def test_inviting_an_existing_person_just_adds_the_role(client, cast, sign_in, django_capture_on_commit_callbacks):
    sign_in(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, "HB-GD-002", full_name="Tên khác hẳn", email=cast.member.email.upper(), role="editor")
    assert response.status_code == 302
    assert User.objects.filter(full_name="Tên khác hẳn").count() == 0
    assert set(Membership.objects.filter(user=cast.member).values_list("unit__code", "role")) == {
        ("HB-GD-001", "member"), ("HB-GD-002", "editor")}
    assert mail.outbox == []
    follow = client.get(members_url("HB-GD-002")).content.decode()
    assert "đã có tài khoản; đã thêm vai trò" in follow


def test_inviting_by_the_phone_of_an_existing_person_finds_them(client, cast, sign_in):
    sign_in(cast.root)
    invite(client, "HB-GD-002", phone="0912.345.678", role="council")
    assert Membership.objects.filter(user=cast.admin, unit=cast.tree.school2, role="council").exists()


def test_an_email_of_one_person_and_a_phone_of_another_is_refused(client, cast, sign_in):
    sign_in(cast.admin)
    response = invite(client, "HB-GD-002", email=cast.member.email, phone="0912345678")
    assert response.status_code == 400
    assert "thuộc về người dùng khác" in response.content.decode()
    assert not Membership.objects.filter(unit=cast.tree.school2).exists()


def test_an_invitation_needs_an_email_or_a_phone(client, cast, sign_in):
    sign_in(cast.admin)
    response = invite(client, "HB-GD-001", full_name="Không liên lạc")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nhập thư điện tử hoặc số điện thoại" in body
    assert 'href="#id_email"' in body
    assert not User.objects.filter(full_name="Không liên lạc").exists()


def test_a_phone_only_invitation_gives_the_admin_a_link_to_pass_on(client, cast, sign_in):
    sign_in(cast.admin)
    response = invite(client, "HB-GD-001", full_name="Chỉ có số", phone="0903 999 888")
    assert response.status_code == 302
    body = client.get(members_url("HB-GD-001")).content.decode()
    assert "chưa có thư điện tử" in body
    assert "/tai-khoan/loi-moi/" in body
    assert mail.outbox == []


def test_a_system_administrator_may_grant_any_role_anywhere(client, cast, sign_in):
    sign_in(cast.root)
    response = invite(client, "TLD", email="quantri.tw@example.vn", role="unit_admin")
    assert response.status_code == 302
    assert Membership.objects.filter(unit=cast.tree.national, role="unit_admin", user__email="quantri.tw@example.vn").exists()
    assert selectors.grantable_roles(cast.root, cast.tree.hn_school) == list(Role)


def test_a_unit_admin_may_grant_up_to_unit_admin_in_their_subtree(client, cast, sign_in):
    sign_in(cast.admin)
    assert invite(client, "HB-GD-001-T1", email="totruong@example.vn", role="unit_admin").status_code == 302
    assert selectors.grantable_roles(cast.admin, cast.tree.section) == list(Role)


def test_granting_above_ones_own_rank_is_refused(client, cast, sign_in):
    sign_in(cast.upper)
    assert selectors.grantable_roles(cast.upper, cast.tree.school) == []
    assert invite(client, "HB-GD-001", email="moi@example.vn", role="unit_admin").status_code == 403
    assert invite(client, "HB-GD-001", email="moi@example.vn", role="member").status_code == 403
    with pytest.raises(PermissionDenied):
        services.membership_grant(acting_user=cast.upper, user=cast.member, unit=cast.tree.school,
                                  role=Role.UPPER_OFFICER)
    assert not User.objects.filter(email="moi@example.vn").exists()


def test_a_role_outside_the_offered_choices_is_refused_with_a_plain_message(client, cast, sign_in):
    sign_in(cast.admin)
    response = invite(client, "HB-GD-001", email="moi@example.vn", role="superuser")
    assert response.status_code == 400
    assert "Bạn không được cấp vai trò này" in response.content.decode()


def test_inviting_outside_ones_subtree_is_refused(client, cast, sign_in):
    sign_in(cast.admin)
    assert invite(client, "HN-001", email="moi@example.vn").status_code == 403
    assert invite(client, "HB", email="moi@example.vn").status_code == 403
    with pytest.raises(PermissionDenied):
        services.user_invite(acting_user=cast.admin, unit=cast.tree.ha_noi, full_name="X", email="x@example.vn",
                             role=Role.MEMBER)
    assert not User.objects.filter(email__in=["moi@example.vn", "x@example.vn"]).exists()


def test_an_officer_cannot_invite(client, cast, sign_in):
    sign_in(cast.officer)
    assert invite(client, "HB-GD-001", email="moi@example.vn").status_code == 403
    assert not User.objects.filter(email="moi@example.vn").exists()


def test_resending_an_invitation_makes_the_old_link_stop_working(client, cast, sign_in, django_capture_on_commit_callbacks):
    sign_in(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "HB-GD-001", email="cham@example.vn")
    person = User.objects.get(email="cham@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitation_resend", args=["HB-GD-001", person.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    client.post(reverse("accounts:logout"))
    assert "Lời mời không còn dùng được" in client.get(link_in(mail.outbox[0]), follow=True).content.decode()
    assert "Chào mừng bạn tới Sáng kiến" in client.get(link_in(mail.outbox[1]), follow=True).content.decode()


def test_resending_is_refused_outside_ones_subtree_and_for_officers(client, cast, sign_in):
    person = services.user_invite(acting_user=cast.root, unit=cast.tree.hn_school, full_name="Người Hà Nội",
                                  email="hn@example.vn", role=Role.MEMBER).user
    sign_in(cast.admin)
    assert client.post(reverse("accounts:invitation_resend", args=["HN-001", person.pk])).status_code == 403
    assert client.post(reverse("accounts:invitation_resend", args=["HB-GD-001", person.pk])).status_code == 403
    client.post(reverse("accounts:logout"))
    sign_in(cast.officer)
    assert client.post(reverse("accounts:invitation_resend", args=["HB-GD-001", cast.member.pk])).status_code == 403


# ── Revoking ─────────────────────────────────────────────────────────────────────────────


def test_a_unit_admin_revokes_a_role_in_their_subtree_with_an_audit_row(client, cast, sign_in):
    membership = Membership.objects.get(user=cast.officer, unit=cast.tree.school)
    sign_in(cast.admin)
    response = client.post(reverse("accounts:membership_revoke", args=["HB-GD-001", membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action="membership.revoke")
    assert (event.actor, event.unit, event.data["role"], event.subject_id) == (
        cast.admin, cast.tree.school, "officer", str(cast.officer.pk))


def test_revoking_outside_ones_subtree_or_without_the_right_is_refused(client, cast, sign_in):
    hn_admin = Membership.objects.get(user=cast.outsider)
    school_member = Membership.objects.get(user=cast.member)
    sign_in(cast.admin)
    assert client.post(reverse("accounts:membership_revoke", args=["HN-001", hn_admin.pk])).status_code == 403
    client.post(reverse("accounts:logout"))
    sign_in(cast.officer)
    assert client.post(reverse("accounts:membership_revoke", args=["HB-GD-001", school_member.pk])).status_code == 403
    assert Membership.objects.filter(pk__in=[hn_admin.pk, school_member.pk]).count() == 2


def test_a_unit_admin_cannot_revoke_their_own_role(cast):
    with pytest.raises(PermissionDenied):
        services.membership_revoke(acting_user=cast.admin, membership=Membership.objects.get(user=cast.admin))


def test_a_role_cannot_be_revoked_through_another_units_page(client, cast, sign_in):
    school_member = Membership.objects.get(user=cast.member)
    sign_in(cast.admin)
    response = client.post(reverse("accounts:membership_revoke", args=["HB-GD-002", school_member.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=school_member.pk).exists()


def test_an_invited_user_gets_no_password_until_they_set_one(cast):
    person = services.user_invite(acting_user=cast.admin, unit=cast.tree.school, full_name="Người mới",
                                  email="nguoimoi@example.vn", role=Role.MEMBER).user
    assert not person.has_usable_password()
    assert selectors.is_pending_invitation(person)
    colleague = UserFactory()
    assert not selectors.is_pending_invitation(colleague)


def test_members_are_listed_by_given_name_in_vietnamese_order(cast):
    unit = cast.tree.school
    for name in ["Lê Văn Đức", "Trần Thị Ánh", "Phạm Văn Dũng", "Nguyễn Văn An"]:
        Membership.objects.create(user=UserFactory(full_name=name), unit=unit, role=Role.MEMBER)
    listed = [u.full_name for u in selectors.unit_members(unit)]
    chosen = [n for n in listed if n in {"Lê Văn Đức", "Trần Thị Ánh", "Phạm Văn Dũng", "Nguyễn Văn An"}]
    assert chosen == ["Nguyễn Văn An", "Trần Thị Ánh", "Phạm Văn Dũng", "Lê Văn Đức"]
    renamed = User.objects.get(full_name="Nguyễn Văn An")
    renamed.full_name = "Nguyễn Văn Hùng"
    renamed.save(update_fields=["full_name"])  # the key follows a partial save too
    listed = [u.full_name for u in selectors.unit_members(unit)]
    assert listed.index("Lê Văn Đức") < listed.index("Nguyễn Văn Hùng")
