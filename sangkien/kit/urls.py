from django.urls import path, re_path

from . import views

app_name = "kit"
urlpatterns = [
    path("bo-nhan-dien/", views.media_kit, name="media_kit"),
    path("bo-nhan-dien/tai-ve/<int:pk>/", views.kit_download, name="download"),
    path("bo-nhan-dien/anh/<int:pk>/", views.kit_preview, name="preview"),
    re_path(r"^ma-qr\.(?P<fmt>svg|png)$", views.qr_code, name="qr"),
]
