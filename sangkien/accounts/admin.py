from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Consent, DataRequest, PrivacyNotice, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "phone", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "is_staff"]
    search_fields = ["full_name", "email", "phone"]
    fields = ["full_name", "email", "phone", "position", "birth_year", "show_name_publicly", "is_active",
              "is_staff", "is_superuser", "date_joined", "invited_at", "last_login"]
    readonly_fields = ["date_joined", "invited_at", "last_login"]
    ordering = ["full_name"]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at"]

    def has_change_permission(self, request, obj=None):
        # A published version is what people agreed to; publish a new version instead.
        return obj is None


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "notice", "given_at", "withdrawn_at"]
    list_filter = ["notice", "withdrawn_at"]
    search_fields = ["user__full_name", "user__email", "user__phone"]
    list_select_related = ["user", "notice"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "status", "created_at", "handled_at", "handled_by"]
    list_filter = ["status", "kind"]
    list_select_related = ["user", "handled_by"]
    readonly_fields = ["user", "kind", "status", "created_at", "handled_at", "handled_by"]
    actions = ["carry_out", "refuse"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Thực hiện yêu cầu (xóa: ẩn danh hóa tài khoản)"))
    def carry_out(self, request, queryset):
        for data_request in queryset.filter(status=DataRequest.Status.PENDING).select_related("user"):
            services.data_request_handle(acting_user=request.user, data_request=data_request,
                                         status=DataRequest.Status.DONE)
        messages.success(request, _("Đã thực hiện các yêu cầu đang chờ đã chọn."))

    @admin.action(description=_("Từ chối yêu cầu"))
    def refuse(self, request, queryset):
        for data_request in queryset.filter(status=DataRequest.Status.PENDING).select_related("user"):
            services.data_request_handle(acting_user=request.user, data_request=data_request,
                                         status=DataRequest.Status.REFUSED)
        messages.success(request, _("Đã từ chối các yêu cầu đang chờ đã chọn."))
