import posixpath

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from sangkien.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri-he-thong/", admin.site.urls),
    path("tai-khoan/", include("sangkien.accounts.urls")),
    path("don-vi/", include("sangkien.orgs.urls")),
    path("sang-kien/", include("sangkien.initiatives.urls")),
    path("tien-do/", include("sangkien.progress.urls")),
    path("api/v1/", include("sangkien.api.urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("sangkien.kit.urls")),
    path("", include("sangkien.core.urls")),
]



def public_media(request, path):
    """Media files for development. Never media/private/: evidence files go out only through
    the initiatives' attachment view, which checks who may see the entry."""
    if posixpath.normpath(path).lstrip("/").startswith("private/"):  # "x/../private/…" too
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", public_media)]

# Wagtail's page tree answers whatever no app claimed; it stays last.
urlpatterns += [path("trang/", include(wagtail_urls))]
