"""Wagtail admin hooks for the communications sections.

Page permissions come from the sections' groups (sections.py) and Wagtail enforces them on
every admin view (edit, add, publish, move, delete, revisions, preview, workflow actions);
the explorer and its search list only pages the user may reach. What Wagtail leaves open is
the page chooser, which lists the whole tree, drafts included: here it shows someone who is
not a system administrator only live pages and the pages of their own sections.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
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


# ---- the tree's frame (portal home, sections) is the system administrators' ----
# A section's groups hold "change" (and approvers "publish") on the section page itself, so
# that editors can set what it features; to Wagtail that would also let them delete an empty
# section, move it, or (approvers) take the whole section offline. Those stay with the system
# administrators, who create sections through sync_comms_sections.

def _is_frame(page):
    from .models import PortalHomePage, SectionPage

    return page.specific_class in (PortalHomePage, SectionPage)


def _refuse(request, page):
    messages.error(request, _("Chỉ quản trị hệ thống mới xóa, di chuyển hoặc gỡ chuyên trang và trang chủ."))
    return redirect("wagtailadmin_explore", page.pk)


@hooks.register("before_delete_page")
def sections_are_not_deleted_by_editors(request, page):
    if _is_frame(page) and not request.user.is_superuser:
        return _refuse(request, page)


@hooks.register("before_move_page")
def sections_are_not_moved_by_editors(request, page, destination):
    if _is_frame(page) and not request.user.is_superuser:
        return _refuse(request, page)


@hooks.register("before_unpublish_page")
def sections_are_not_unpublished_by_editors(request, page):
    if _is_frame(page) and not request.user.is_superuser:
        return _refuse(request, page)


@hooks.register("before_bulk_action")
def sections_are_not_bulk_handled_by_editors(request, action_type, objects, action_class_instance):
    if request.user.is_superuser or action_type not in ("delete", "move", "unpublish"):
        return None
    for page in objects:
        if isinstance(page, Page) and _is_frame(page):
            return _refuse(request, page)
    return None


# ---- documents: public once a published page uses them, else only to their section ----
# Wagtail serves /documents/<id>/<name> to anyone, and the ids count up: without this, the
# file attached to another section's unpublished draft could be fetched by guessing.

@hooks.register("before_serve_document")
def documents_served_only_where_published_or_to_their_section(document, request):
    from django.http import Http404
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())

    user = request.user
    if user.is_authenticated and (
        user.is_superuser
        or permission_policy.user_has_any_permission_for_instance(user, ["change", "choose"], document)
    ):
        return None
    pages = (ReferenceIndex.get_references_to(document)
             .filter(base_content_type=ReferenceIndex._get_base_content_type(Page))
             .values_list("object_id", flat=True))
    if Page.objects.live().public().filter(pk__in=[int(pk) for pk in pages]).exists():
        return None
    raise Http404(_("Không có tài liệu này."))
