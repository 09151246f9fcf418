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
