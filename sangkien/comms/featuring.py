"""Featuring: an upper unit's section (or the portal home) shows a page from the section of
a unit strictly below it. It never edits that page; the page stays its own section's."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def featuring_error(*, host, page):
    """None when `host` may feature `page`, else a Vietnamese message saying why not."""
    from .models import CommsPage, PortalHomePage, SectionPage

    host, page = host.specific, page.specific
    if not isinstance(page, CommsPage):
        return _("Chỉ nêu bật được bài viết, câu chuyện, bài đăng lại, hướng dẫn, văn bản hoặc video.")
    section = page.section
    if section is None:
        return _("Trang này không thuộc chuyên trang của đơn vị nào.")
    if isinstance(host, PortalHomePage):
        return None
    if isinstance(host, SectionPage):
        if section.unit.path.startswith(host.unit.path) and section.unit.path != host.unit.path:
            return None
        return _("Chỉ nêu bật được bài của đơn vị cấp dưới %(unit)s.") % {"unit": host.unit.display_name}
    return _("Chỉ chuyên trang đơn vị và trang chủ mới nêu bật bài.")


class FeaturingPageForm(WagtailAdminPageForm):
    """The edit form of a section or the portal home: every featured page must pass
    featuring_error(), checked here because a new FeaturedPage row has no host until saved."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("featured_pages")
        if formset is None:
            return cleaned
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("page"):
                continue
            error = featuring_error(host=self.instance, page=form.cleaned_data["page"])
            if error:
                form.add_error("page", error)
                self.add_error(None, error)
        return cleaned


# ---- the portal home's featured pages, for the national level's section roles ----
# The portal home itself is edited by system administrators only; what it features is picked
# by the editors and approvers of a top-level unit's section (the national union) through a
# plain page, which publishes a new revision of the home (so history and revert still work).

def can_feature_on_home(user):
    from .sections import sections_of

    return user.is_superuser or sections_of(user).filter(unit__depth=1).exists()


def home_candidates(limit=100):
    """The newest live content pages of every section: what may be featured on the home."""
    from wagtail.models import Page

    from .models import content_page_models, with_hero_images
    from .sections import portal_home

    pages = (Page.objects.descendant_of(portal_home()).live().public().type(*content_page_models())
             .order_by("-first_published_at").defer_streamfields().specific()[:limit])
    return with_hero_images(list(pages))


def _publish_home(home, acting_user):
    revision = home.save_revision(user=acting_user, log_action=True)
    # Our own check (can_feature_on_home) is the gate here, not a Wagtail permission on the home.
    revision.publish(user=acting_user, skip_permission_checks=True)


def home_feature_add(*, acting_user, page):
    from django.core.exceptions import PermissionDenied, ValidationError

    from .models import FeaturedPage
    from .sections import portal_home

    if not can_feature_on_home(acting_user):
        raise PermissionDenied
    home = portal_home().get_latest_revision_as_object()
    error = featuring_error(host=home, page=page)
    if error:
        raise ValidationError(error)
    if any(item.page_id == page.pk for item in home.featured_pages.all()):
        return home
    home.featured_pages.add(FeaturedPage(page=page))
    _publish_home(home, acting_user)
    return home


def home_feature_remove(*, acting_user, page_id):
    from django.core.exceptions import PermissionDenied

    from .sections import portal_home

    if not can_feature_on_home(acting_user):
        raise PermissionDenied
    home = portal_home().get_latest_revision_as_object()
    keep = [item for item in home.featured_pages.all() if item.page_id != page_id]
    home.featured_pages = keep
    _publish_home(home, acting_user)
    return home
