"""Wagtail admin views that look across sections, wrapped with a stricter check.

- `confirm_workflow_cancellation` answers any admin user about any page (it names the page's
  workflow and current task): here it first asks whether the user may edit the page.
- The page-types usage report shows, for each page type, the last page edited anywhere,
  drafts of other sections included: here it is for system administrators only.

Mounted in sangkien/urls.py ahead of Wagtail's admin URLs, under the same paths.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page


@require_admin_access
def confirm_workflow_cancellation(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _wagtail_view(request, page_id=page_id)


_wagtail_view = page_viewset_registry.as_view("confirm_workflow_cancellation", page_id_kwarg="page_id")


def superuser_only(view):
    @require_admin_access
    def guarded(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    path("pages/workflow/confirm_cancellation/<int:page_id>/", confirm_workflow_cancellation),
    path("reports/page-types-usage/", superuser_only(PageTypesUsageReportView.as_view())),
    path("reports/page-types-usage/results/", superuser_only(PageTypesUsageReportView.as_view(results_only=True))),
]
