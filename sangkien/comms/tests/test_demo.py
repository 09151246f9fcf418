"""The communications part of `seed_demo`: about 30 pages in three sections, idempotent."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from sangkien.comms.demo import SEED_PLAN, seed_comms
from sangkien.comms.models import (
    DirectiveDocumentPage,
    GuidePage,
    RelatedInitiative,
    RepostPage,
    SectionPage,
    StoryPage,
)
from sangkien.comms.search import search_all
from sangkien.kit.models import MediaFile, Slogan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return {model.__name__: model.objects.count()
            for model in (Page, Revision, Image, Document, MediaFile, Slogan, RelatedInitiative)}


def test_the_demo_publishes_about_30_pages_and_a_second_run_changes_nothing(demo):
    content = Page.objects.live().filter(depth__gte=4)
    assert 25 <= content.count() <= 35
    assert set(SectionPage.objects.values_list("unit__code", flat=True)) >= {"TLD", "HB", "HB-GD"}
    for section in SectionPage.objects.filter(unit__code__in=["TLD", "HB", "HB-GD"]):
        assert content.child_of(section).count() >= 5
    before = counts()
    assert seed_comms() == 0
    call_command("seed_demo", "--no-initiatives", stdout=io.StringIO())
    assert counts() == before


def test_every_demo_page_reads_well_and_has_a_clean_address(demo, client):
    for page in Page.objects.live().filter(depth__gte=3).specific():
        assert re.fullmatch(r"[a-z0-9-]+", page.slug), page.slug
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert 'property="og:image"' in response.content.decode()


def test_reposts_carry_their_full_attribution(demo):
    reposts = list(RepostPage.objects.live())
    assert len(reposts) >= 3
    assert {"Báo Lao Động", "Báo Giáo dục & Thời đại"} <= {page.outlet for page in reposts}
    for page in reposts:
        page.full_clean()  # the model refuses a repost without every attribution field
        assert page.original_url.startswith("https://") and page.original_author and page.permission_note


def test_stories_tell_about_demo_initiatives_the_programme_counts(demo):
    stories = list(StoryPage.objects.live())
    assert len(stories) >= 5
    for story in stories:
        told = story.told_initiatives()
        assert told and all(initiative.status in ("approved", "nominated", "honoured") for initiative, _ in told)


def test_the_programmes_documents_are_published_with_the_seed_plan_as_a_file(demo, client):
    documents = {page.number_symbol: page for page in DirectiveDocumentPage.objects.live()}
    assert {"147/KH-CĐGD", "3250/CTr-TLĐ", "46/HD-TLĐ"} <= set(documents)
    plan = documents["147/KH-CĐGD"]
    assert plan.section.unit.code == "HB-GD" and plan.issued_on.isoformat() == "2022-06-03"
    with plan.document.file.open("rb") as handle:
        assert handle.read() == SEED_PLAN.read_bytes()
    assert client.get(plan.document.url).status_code == 200
    assert plan.pk in {p.pk for p in search_all("147/KH-CĐGD").pages}


def test_the_two_guides_are_there_with_numbered_steps(demo):
    guides = {page.slug: page for page in GuidePage.objects.live()}
    assert {"huong-dan-nhap-sang-kien", "quy-trinh-duyet-sang-kien"} <= set(guides)
    for guide in guides.values():
        assert len(guide.steps) >= 4
    shots = [block.value["image"] for guide in guides.values() for block in guide.steps]
    from sangkien.comms.demo import SCREENSHOTS

    if any(SCREENSHOTS.glob("*.png")):  # taken by test_browser_guides.py and committed
        assert all(shots)


def test_the_media_kit_has_generated_banners_and_the_footer_a_slogan(demo, client):
    assert MediaFile.objects.filter(item__kind="banner").count() >= 4
    html = client.get("/bo-nhan-dien/").content.decode()
    assert "Băng rôn" in html and 'class="footer-slogan"' in html
