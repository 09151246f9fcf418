"""Wagtail admin hooks for the communications sections.

Page permissions come from the sections' groups (sections.py) and Wagtail enforces them on
every admin view (edit, add, publish, move, delete, revisions, preview, workflow actions);
the explorer and its search list only pages the user may reach. What Wagtail leaves open is
the page chooser, which lists the whole tree, drafts included: here it shows someone who is
not a system administrator only live pages and the pages of their own sections.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from .sections import sections_of


@hooks.register("construct_page_chooser_queryset")
def chooser_hides_other_sections_drafts(pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    own = Q(pk__in=[])
    for section in sections_of(user):
        own |= Q(path__startswith=section.path)
    return pages.filter(Q(live=True) | own | Q(pk__in=Page.get_first_root_node().get_ancestors(inclusive=True)))


class OffersMenuItem(MenuItem):
    def is_shown(self, request):
        from .offers import offer_units_of

        return request.user.is_superuser or bool(offer_units_of(request.user))


@hooks.register("register_admin_menu_item")
def offers_menu_item():
    return OffersMenuItem(_("Bài cung cấp"), reverse("comms:offers"), icon_name="mail", order=250)


@hooks.register("construct_reports_menu")
def page_types_report_for_system_admins_only(request, menu_items):
    # It lists the last page edited of each type across every section (admin_guards.py).
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
