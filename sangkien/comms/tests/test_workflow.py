"""The editor → approver flow inside one section, through the admin's own URLs: an editor
submits but cannot publish; an approver publishes or sends back with a comment. And the
admin is one sign-in with the rest of the system, in Vietnamese."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from .helpers import draft, submitted

pytestmark = pytest.mark.django_db


def edit_data(page, **extra):
    return nested_form_data({
        "title": page.title, "slug": page.slug, "lead": page.lead, "kind": "news",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung bài</p>"))]),
        "tags": "", "related_initiatives": inline_formset([]), "comments": inline_formset([]),
        **extra,
    })


def test_an_editor_opens_and_saves_a_draft_of_their_own_section(client, sections):
    page = draft(sections.school, "Bài của trường", user=sections.school_editor)
    client.force_login(sections.school_editor)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, page.latest_revision.pk])
                      ).status_code == 200
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]),
                           edit_data(page, title="Bài của trường (sửa)"))

    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk).specific
    assert page.get_latest_revision_as_object().title == "Bài của trường (sửa)"
    assert page.revisions.count() == 3  # two from the helper, one from this save


def test_an_editor_submits_for_approval_but_cannot_publish(client, sections):
    page = draft(sections.school, "Bài chờ gửi", user=sections.school_editor)
    client.force_login(sections.school_editor)

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_data(page, **{"action-publish": "1"}))
    assert not Page.objects.get(pk=page.pk).live

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_data(page, **{"action-submit": "1"}))

    assert response.status_code == 302
    state = page.workflow_states.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.groups.get() == sections.school.approvers_group
    assert not Page.objects.get(pk=page.pk).live


@pytest.mark.parametrize("approver", ["school_approver", "school_admin"])
def test_the_sections_approver_publishes_a_submitted_page(client, sections, approver):
    page = submitted(sections.school, "Bài chờ duyệt", user=sections.school_editor)
    task_state = page.workflow_states.get().current_task_state
    client.force_login(getattr(sections, approver))

    response = client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]))

    assert response.status_code in (200, 302)
    assert Page.objects.get(pk=page.pk).live
    assert page.workflow_states.get().status == WorkflowState.STATUS_APPROVED


def test_the_approver_sends_back_with_a_comment(client, sections):
    page = submitted(sections.school, "Bài cần sửa", user=sections.school_editor)
    task_state = page.workflow_states.get().current_task_state
    client.force_login(sections.school_approver)

    client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
                {"comment": "Thêm ảnh và ghi nguồn số liệu."})

    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "Thêm ảnh và ghi nguồn số liệu."
    assert page.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not Page.objects.get(pk=page.pk).live


def test_an_editor_cannot_approve_their_own_submission(client, sections):
    page = submitted(sections.school, "Tự duyệt", user=sections.school_editor)
    task_state = page.workflow_states.get().current_task_state
    client.force_login(sections.school_editor)

    client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]))

    assert not Page.objects.get(pk=page.pk).live
    assert page.workflow_states.get().status == WorkflowState.STATUS_IN_PROGRESS


def test_the_admin_signs_in_through_the_projects_login_page(client):
    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = client.get("/cms/login/?next=/cms/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_admin_speaks_vietnamese(client, sections):
    client.force_login(sections.school_editor)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Trang" in html and "Dashboard" not in html
    assert reverse("comms:offers") in html  # the admin menu leads to the offers


def test_someone_without_a_section_role_is_kept_out_of_the_admin(client, sections):
    from sangkien.orgs.roles import Role

    from .conftest import person

    member = person(sections.tree.school, Role.MEMBER)
    client.force_login(member)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("wagtailadmin_home"))


@pytest.mark.parametrize("actor", ["school_editor", "school_approver", "school_admin"])
def test_no_one_but_a_system_admin_deletes_moves_or_unpublishes_a_section(client, sections, actor):
    empty = sections.school  # no pages yet: a leaf, which Wagtail would let "change" delete
    client.force_login(getattr(sections, actor))

    client.post(reverse("wagtailadmin_pages:delete", args=[empty.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[empty.pk]))
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[empty.pk, sections.cdgd.pk]))
    client.post(reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={empty.pk}")

    section = Page.objects.get(pk=empty.pk)
    assert section.live and section.get_parent().pk == sections.cdgd.get_parent().pk


def test_an_approver_deletes_a_page_of_their_section_and_an_editor_only_an_unpublished_one(client, sections):
    from .helpers import draft

    unpublished = draft(sections.school, "Nháp bỏ đi", user=sections.school_editor)
    live = draft(sections.school, "Bài đã đăng", user=sections.school_editor)
    live.save_revision().publish()

    client.force_login(sections.school_editor)
    client.post(reverse("wagtailadmin_pages:delete", args=[live.pk]))
    assert Page.objects.filter(pk=live.pk).exists()
    client.post(reverse("wagtailadmin_pages:delete", args=[unpublished.pk]))
    assert not Page.objects.filter(pk=unpublished.pk).exists()

    client.force_login(sections.school_approver)
    client.post(reverse("wagtailadmin_pages:delete", args=[live.pk]))
    assert not Page.objects.filter(pk=live.pk).exists()


def test_signing_in_on_the_projects_page_opens_the_admin(client, sections):
    response = client.get(reverse("wagtailadmin_home"))
    login_url = response["Location"]

    response = client.post(login_url, {"username": sections.school_editor.email, "password": "mat-khau-dai-123"})

    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
