from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard_default, name="default"),
    path("anh-chia-se.png", views.share_image, name="share_image"),
    path("<str:code>/", views.dashboard_view, name="dashboard"),
    path("<str:code>/xuat.xlsx", views.dashboard_export, name="export"),
    path("<str:code>/chi-tieu/", views.targets, name="targets"),
    path("<str:code>/chi-tieu/mau.xlsx", views.targets_template, name="targets_template"),
    path("<str:code>/nhung/", views.embed, name="embed"),
]
