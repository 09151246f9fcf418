"""Section isolation, by URL: an editor or approver of one unit's section is refused every
admin action on another section's pages (a sibling unit's, a parent's, a child's), and never
sees them in the explorer, its search or the page chooser; the same for the other section's
images and documents. Inside their own section, editors submit and approvers publish.

Cast (tests/conftest.py `sections`): sections for cdgd (upper) and its two schools.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from sangkien.comms.models import ArticlePage

from .helpers import document_in, draft, image_in, submitted

pytestmark = pytest.mark.django_db

# (actor in the `sections` cast, their own section, the other section, how they are related)
SCENES = [
    ("school_editor", "school", "school2", "sibling"),
    ("school_approver", "school", "school2", "sibling"),  # officer
    ("school_admin", "school", "school2", "sibling"),  # unit admin
    ("school2_editor", "school2", "school", "sibling"),
    ("school2_approver", "school2", "school", "sibling"),
    ("school_editor", "school", "cdgd", "child to parent"),
    ("school_approver", "school", "cdgd", "child to parent"),
    ("school_admin", "school", "cdgd", "child to parent"),
    ("cdgd_editor", "cdgd", "school", "parent to child"),
    ("cdgd_approver", "cdgd", "school", "parent to child"),  # upper officer
]


def scene_id(scene):
    return f"{scene[0]}-on-{scene[2]}"


@pytest.fixture
def world(sections):
    for name in ("cdgd", "school", "school2"):
        section = getattr(sections, name)
        editor = getattr(sections, f"{name}_editor")
        setattr(sections, f"{name}_draft", draft(section, f"Nháp riêng ({section.unit.code})", user=editor))
        setattr(sections, f"{name}_submitted",
                submitted(section, f"Chờ duyệt ({section.unit.code})", user=editor))
        setattr(sections, f"{name}_image", image_in(section.collection, f"Ảnh riêng ({section.unit.code})"))
        setattr(sections, f"{name}_document", document_in(section.collection, f"Tệp riêng ({section.unit.code})"))
    return sections


def refused(response, secret=None, home=None):
    """Refused: a 403 / 404 / 405, or Wagtail's redirect to the admin home (or to the login
    page) with an error message, or the explorer's redirect to the user's own section (`home`);
    never the page itself, and never its title."""
    if secret is not None and secret in response.content.decode():
        return False
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"].split("?")[0]
        assert location != reverse("accounts:consent"), "the consent page is not a refusal"
        return location in (reverse("wagtailadmin_home"), reverse("accounts:login"), home)
    return False


def page_urls(page, own_page, own_section, other_section):
    revision = page.latest_revision
    state = page.workflow_states.first()
    task_state = state.current_task_state if state else None
    urls = [
        ("get", reverse("wagtailadmin_pages:edit", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:edit", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:view_draft", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:add_subpage", args=[other_section.pk])),
        ("get", reverse("wagtailadmin_pages:add", args=["comms", "articlepage", other_section.pk])),
        ("post", reverse("wagtailadmin_pages:add", args=["comms", "articlepage", other_section.pk])),
        ("get", reverse("wagtailadmin_pages:delete", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:delete", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:move", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:move_confirm", args=[page.pk, own_section.pk])),
        # Their own page moved into the other section.
        ("post", reverse("wagtailadmin_pages:move_confirm", args=[own_page.pk, other_section.pk])),
        ("get", reverse("wagtailadmin_pages:copy", args=[page.pk])),
        ("post", reverse("wagtailadmin_pages:unpublish", args=[other_section.pk])),
        ("post", reverse("wagtailadmin_pages:lock", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:set_privacy", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:history", args=[page.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"])),
        ("get", reverse("wagtailadmin_pages:workflow_history", args=[page.pk])),
        ("get", reverse("wagtailadmin_explore", args=[other_section.pk])),
        ("get", reverse("wagtailadmin_explore", args=[page.pk])),
    ]
    if task_state:
        urls += [
            ("post", reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])),
            ("post", reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])),
            ("get", reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id])),
            ("get", reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[page.pk])),
        ]
    return urls


@pytest.mark.parametrize("scene", SCENES, ids=scene_id)
def test_every_admin_action_on_the_other_sections_pages_is_refused_by_url(client, world, scene):
    actor_name, own_name, other_name, _ = scene
    actor = getattr(world, actor_name)
    own_section, other_section = getattr(world, own_name), getattr(world, other_name)
    own_page = getattr(world, f"{own_name}_draft")
    client.force_login(actor)

    reached = []
    for page in (getattr(world, f"{other_name}_draft"), getattr(world, f"{other_name}_submitted")):
        secret = page.title
        for method, url in page_urls(page, own_page, own_section, other_section):
            data = {"title": "Đã bị sửa", "slug": "da-bi-sua", "lead": "x", "action-publish": "1",
                    "comment": "x", "new_title": "x", "new_slug": "x"} if method == "post" else None
            response = getattr(client, method)(url, data)
            if not refused(response, secret, home=reverse("wagtailadmin_explore", args=[own_section.pk])):
                reached.append(f"{method.upper()} {url}: {response.status_code} {response.get('Location', '')}")
    assert reached == [], f"{actor_name} reached the other section"

    # Nothing changed on the other side, and nothing of ours went there.
    for page in (getattr(world, f"{other_name}_draft"), getattr(world, f"{other_name}_submitted")):
        fresh = Page.objects.get(pk=page.pk)
        assert fresh.title == page.title and not fresh.live and fresh.get_parent().pk == other_section.pk
        assert not fresh.locked
    assert Page.objects.get(pk=own_page.pk).get_parent().pk == own_section.pk
    submitted_state = getattr(world, f"{other_name}_submitted").workflow_states.get()
    assert submitted_state.status == "in_progress"
    assert Page.objects.get(pk=other_section.pk).live
    assert not ArticlePage.objects.child_of(other_section).filter(title="Đã bị sửa").exists()


@pytest.mark.parametrize("scene", SCENES, ids=scene_id)
def test_the_other_sections_drafts_are_not_listed_in_explorer_search_or_chooser(client, world, scene):
    actor_name, own_name, other_name, _ = scene
    client.force_login(getattr(world, actor_name))
    other_draft = getattr(world, f"{other_name}_draft")
    own_draft = getattr(world, f"{own_name}_draft")
    other_section = getattr(world, other_name)

    listings = [
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[other_section.get_parent().pk]),
        reverse("wagtailadmin_pages:search") + "?q=Nháp",
        reverse("wagtailadmin_pages:search_results") + "?q=Nháp",
        reverse("wagtailadmin_explore", args=[getattr(world, own_name).pk]) + "?q=Nháp&search_all=1",
        reverse("wagtailadmin_choose_page_child", args=[other_section.pk]),
        reverse("wagtailadmin_choose_page") + "?q=Nháp",
        reverse("wagtailadmin_choose_page_search") + "?q=Nháp",
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:page_types_usage"),
    ]
    shown = []
    for url in listings:
        body = client.get(url).content.decode()
        for page in (other_draft, getattr(world, f"{other_name}_submitted")):
            if page.title in body:
                shown.append(f"{url} shows {page.title}")
    assert shown == []

    # The same searches do find the actor's own drafts: the listings are not simply empty.
    response = client.get(reverse("wagtailadmin_pages:search_results") + "?q=Nháp")
    assert own_draft.title in response.content.decode()


@pytest.mark.parametrize("scene", SCENES, ids=scene_id)
def test_the_other_sections_images_and_documents_are_refused(client, world, scene):
    actor_name, own_name, other_name, _ = scene
    client.force_login(getattr(world, actor_name))
    image, document = getattr(world, f"{other_name}_image"), getattr(world, f"{other_name}_document")

    for method, url in [
        ("get", reverse("wagtailimages:edit", args=[image.pk])),
        ("post", reverse("wagtailimages:edit", args=[image.pk])),
        ("post", reverse("wagtailimages:delete", args=[image.pk])),
        ("get", reverse("wagtailimages:url_generator", args=[image.pk])),
        ("get", reverse("wagtailimages:preview", args=[image.pk, "original"])),
        ("get", reverse("wagtailimages:image_usage", args=[image.pk])),
        ("get", reverse("wagtaildocs:document_usage", args=[document.pk])),
        ("get", reverse("wagtaildocs:edit", args=[document.pk])),
        ("post", reverse("wagtaildocs:delete", args=[document.pk])),
    ]:
        response = getattr(client, method)(url, {"title": "Đã bị sửa"} if method == "post" else None)
        assert refused(response), f"{actor_name} reached {method.upper()} {url}"
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.title.startswith("Ảnh riêng") and document.title.startswith("Tệp riêng")

    for url in [reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose"),
                reverse("wagtaildocs:index"), reverse("wagtaildocs_chooser:choose")]:
        body = client.get(url).content.decode()
        assert image.title not in body and document.title not in body, url
    # Their own collection's files are listed.
    assert getattr(world, f"{own_name}_image").title in client.get(reverse("wagtailimages:index")).content.decode()


def test_the_page_types_report_is_for_system_admins_only(client, world):
    from sangkien.accounts.models import PrivacyNotice
    from sangkien.accounts.services import consent_give
    from sangkien.factories import UserFactory

    url = reverse("wagtailadmin_reports:page_types_usage")
    client.force_login(world.cdgd_approver)
    assert refused(client.get(url), world.school2_draft.title)

    admin = UserFactory(is_superuser=True, is_staff=True)
    consent_give(acting_user=admin, notice=PrivacyNotice.current())
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200 and "Chờ duyệt (" in response.content.decode()


def test_confirm_workflow_cancellation_still_answers_the_pages_own_editor(client, world):
    client.force_login(world.school_editor)

    response = client.get(reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[world.school_submitted.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("actor", ["school_editor", "cdgd_editor", "cdgd_approver", "school_admin"])
def test_only_system_admins_edit_the_portal_home_or_add_sections(client, world, actor):
    home = world.cdgd.get_parent()
    client.force_login(getattr(world, actor))

    for method, url in [
        ("get", reverse("wagtailadmin_pages:edit", args=[home.pk])),
        ("post", reverse("wagtailadmin_pages:edit", args=[home.pk])),
        ("get", reverse("wagtailadmin_pages:add_subpage", args=[home.pk])),
        ("get", reverse("wagtailadmin_pages:add", args=["comms", "sectionpage", home.pk])),
        ("get", reverse("wagtailadmin_pages:add", args=["comms", "sectionpage", world.cdgd.pk])),
    ]:
        response = getattr(client, method)(url, {"title": "Đã bị sửa"} if method == "post" else None)
        assert refused(response), f"{actor} reached {method.upper()} {url}"
    assert Page.objects.get(pk=home.pk).title != "Đã bị sửa"
