import posixpath

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.generic import RedirectView
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
    path("truyen-thong/", include("sangkien.comms.urls")),
    # One sign-in: Wagtail's own login page sends people to the project's.
    path("cms/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("cms/", include("sangkien.comms.admin_guards")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("sangkien.kit.urls")),
    path("", include("sangkien.comms.public_urls")),
    path("", include("sangkien.core.urls")),
]



def public_media(request, path):
    """Public media (images, renditions), served by the app itself even with DEBUG off: closed
    networks have no CDN. Never media/private/: evidence files go out only through the
    initiatives' attachment view, which checks who may see the entry; never documents/:
    Wagtail documents go out through /documents/ (serve_view), which checks their privacy."""
    clean = posixpath.normpath(path).lstrip("/")  # "x/../private/…" too
    if clean.startswith(("private/", "documents/")):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns += [path(settings.MEDIA_URL.lstrip("/") + "<path:path>", public_media)]

# Wagtail's page tree answers whatever no app claimed; it stays last.
urlpatterns += [path("trang/", include(wagtail_urls))]
