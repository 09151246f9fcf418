from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<str:code>/", views.unit_detail, name="detail"),
]
