from django.urls import path

from . import documents, views

app_name = "comms"
urlpatterns = [
    path("van-ban/", documents.document_list, name="documents"),
    path("trang-chu-noi-bat/", views.home_features, name="home_features"),
    path("cung-cap/", views.offer_list, name="offers"),
    path("cung-cap/moi/", views.offer_new, name="offer_new"),
    path("cung-cap/<int:pk>/", views.offer_detail, name="offer"),
    path("cung-cap/<int:pk>/nhan/", views.offer_take, name="offer_take"),
    path("cung-cap/<int:pk>/tu-choi/", views.offer_decline, name="offer_decline"),
]
