from django.urls import path

from . import views, views_import, views_lists, views_scoring

app_name = "initiatives"
urlpatterns = [
    path("danh-sach/", views_lists.initiative_list, name="list"),
    path("danh-sach/tai-ve/", views_lists.export, name="export"),
    path("cua-toi/", views_lists.mine, name="mine"),
    path("cho-toi-xu-ly/", views_lists.waiting, name="waiting"),
    path("xu-ly-nhieu/", views_lists.bulk, name="bulk"),
    path("thong-bao/", views_lists.notifications, name="notifications"),
    path("thong-bao/<int:pk>/da-doc/", views_lists.notification_read, name="notification_read"),
    path("thong-bao/da-doc-het/", views_lists.notifications_read_all, name="notifications_read_all"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/chuyen/<str:action>/", views.move, name="move"),
    # Entering and editing (views.py): a task list of short sections, saved as the author types.
    path("moi/", views.create, name="create"),
    path("moi/luu-tu-dong/", views.autosave_new, name="autosave_new"),
    path("tuong-tu/", views.similar, name="similar"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/sua/<slug:section>/", views.edit_section, name="edit_section"),
    path("<int:pk>/sua/<slug:section>/luu-tu-dong/", views.autosave, name="autosave"),
    path("<int:pk>/gui/", views.submit, name="submit"),
    path("<int:pk>/da-gui/", views.submitted, name="submitted"),
    path("<int:pk>/tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/tep/<int:attachment_id>/xoa/", views.attachment_remove, name="attachment_remove"),
    # Bulk entry from a spreadsheet (views_import.py): template, upload and preview, import.
    path("nhap/", views_import.import_page, name="import"),
    path("nhap/thuc-hien/", views_import.import_run, name="import_run"),
    path("nhap/tep-mau.xlsx", views_import.import_template, name="import_template"),
    # Council scoring (views_scoring.py): a unit's scheme, assigning scorers, the scorer's queue.
    path("hoi-dong/", views_scoring.units, name="scoring_units"),
    path("hoi-dong/<str:unit_code>/", views_scoring.scheme, name="scoring_scheme"),
    path("hoi-dong/<str:unit_code>/phan-cong/", views_scoring.assign, name="scoring_assign"),
    path("hoi-dong/<str:unit_code>/phan-cong/<int:assignment_id>/bo/", views_scoring.unassign,
         name="scoring_unassign"),
    path("cho-toi-cham/", views_scoring.queue, name="scoring_queue"),
    path("<int:pk>/cham-diem/", views_scoring.score, name="score"),
]
