"""The portal home's featured pages: picked by the national union's section roles (the home
itself stays the system administrators'), published as a new revision of the home."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from sangkien.comms.models import ArticlePage
from sangkien.comms.sections import portal_home, section_ensure
from sangkien.orgs.roles import Role

from .conftest import person
from .helpers import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(sections):
    sections.national_editor = person(sections.tree.national, Role.EDITOR)
    section_ensure(sections.tree.national)
    live = ArticlePage(title="Tin hay của trường <b>Đà Bắc</b>", slug="", lead="x")
    sections.school.add_child(instance=live)
    live.save_revision().publish()
    sections.live = Page.objects.get(pk=live.pk).specific
    sections.unpublished = draft(sections.school, "Nháp chưa đăng", user=sections.school_editor)
    return sections


def test_the_national_editor_features_a_school_page_on_the_home(client, national):
    client.force_login(national.national_editor)
    revisions = portal_home().revisions.count()

    response = client.post(reverse("comms:home_features"), {"action": "add", "page": national.live.pk})

    assert response.status_code == 302
    home = portal_home()
    assert [item.page_id for item in home.featured_pages.all()] == [national.live.pk]
    assert home.revisions.count() == revisions + 1
    assert "Tin hay của trường &lt;b&gt;Đà Bắc&lt;/b&gt;" in client.get(home.url).content.decode()

    client.post(reverse("comms:home_features"), {"action": "remove", "page": national.live.pk})
    assert not portal_home().featured_pages.exists()


def test_a_draft_cannot_be_featured_on_the_home(client, national):
    client.force_login(national.national_editor)

    response = client.post(reverse("comms:home_features"), {"action": "add", "page": national.unpublished.pk})

    assert response.status_code == 400
    assert not portal_home().featured_pages.exists()
    assert "Nháp chưa đăng" not in client.get(reverse("comms:home_features")).content.decode()


@pytest.mark.parametrize("actor", ["cdgd_editor", "cdgd_approver", "school_editor", "school_admin"])
def test_lower_levels_do_not_pick_the_homes_featured_pages(client, national, actor):
    client.force_login(getattr(national, actor))

    assert client.get(reverse("comms:home_features")).status_code == 403
    response = client.post(reverse("comms:home_features"), {"action": "add", "page": national.live.pk})

    assert response.status_code == 403
    assert not portal_home().featured_pages.exists()
