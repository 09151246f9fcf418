from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/nhap/", views.unit_import, name="import"),
    path("<str:code>/xuat.xlsx", views.unit_export, name="export"),
]
