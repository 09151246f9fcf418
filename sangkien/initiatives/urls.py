from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("cho-toi-xu-ly/", views.waiting, name="waiting"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/chuyen/<str:action>/", views.move, name="move"),
]
