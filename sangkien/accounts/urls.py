from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/",
         auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
         name="password_change_done"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/",
         auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
         name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/",
         auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
         name="password_reset_complete"),
    path("loi-moi/<uidb64>/<token>/", views.AcceptInviteView.as_view(), name="accept_invite"),
    path("dong-y/", views.consent, name="consent"),
    path("dong-y/khong-dong-y/", views.consent_refuse, name="consent_refuse"),
    path("du-lieu-cua-toi/", views.my_data, name="my_data"),
    path("du-lieu-cua-toi/tai-ve/", views.my_data_export, name="my_data_export"),
    path("du-lieu-cua-toi/sua/", views.profile_edit, name="profile_edit"),
    path("du-lieu-cua-toi/rut-lai-dong-y/", views.consent_withdraw, name="consent_withdraw"),
    path("du-lieu-cua-toi/xoa-tai-khoan/", views.account_delete, name="account_delete"),
    path("don-vi/<str:unit_code>/thanh-vien/", views.unit_members, name="unit_members"),
    path("don-vi/<str:unit_code>/thanh-vien/nhap/", views.unit_members_import, name="unit_members_import"),
    path("don-vi/<str:unit_code>/thanh-vien/thu-hoi/<int:pk>/", views.membership_revoke,
         name="membership_revoke"),
    path("don-vi/<str:unit_code>/thanh-vien/<int:user_id>/gui-lai-loi-moi/", views.invitation_resend,
         name="invitation_resend"),
]
