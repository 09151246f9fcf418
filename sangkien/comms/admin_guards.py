"""Wagtail admin views that check no permission of their own, wrapped with the check.

`confirm_workflow_cancellation` answers any admin user about any page (it names the page's
workflow and current task); here it first asks whether the user may edit the page. Mounted
in sangkien/urls.py ahead of Wagtail's admin URLs, under the same path.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page


@require_admin_access
def confirm_workflow_cancellation(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _wagtail_view(request, page_id=page_id)


_wagtail_view = page_viewset_registry.as_view("confirm_workflow_cancellation", page_id_kwarg="page_id")


urlpatterns = [
    path("pages/workflow/confirm_cancellation/<int:page_id>/", confirm_workflow_cancellation),
]
