from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("progress/<str:code>", views.progress, name="progress"),
]
