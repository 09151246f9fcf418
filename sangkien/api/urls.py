from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("progress/<str:code>", views.progress, name="progress"),
    # The same JSON answer with a trailing slash, which people and HTTP clients often add,
    # rather than the site's HTML 404 (or a redirect, which CORS preflights do not follow).
    path("progress/<str:code>/", views.progress, name="progress_slash"),
]
