from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.core.text import name_sort_key

from .phones import InvalidPhone, normalize_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, *, phone=None, full_name="", **extra):
        if not email and not phone:
            raise ValueError("A user needs an e-mail address or a phone number.")
        user = self.model(
            email=self.normalize_email(email).lower() if email else None,
            phone=normalize_phone(phone) if phone else None,
            full_name=full_name,
            **extra,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("full_name", "Quản trị hệ thống")
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in by e-mail address or phone number."""

    full_name = models.CharField(_("họ và tên"), max_length=200)
    # Vietnamese lists sort people by given name: kept from full_name by save() (and by the
    # member import, which bulk-creates), see core.text.name_sort_key.
    sort_name = models.CharField(max_length=800, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=16, unique=True, null=True, blank=True,
        help_text=_("Lưu theo dạng +84…"),
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    # Author names are public only when the person opts in (PRODUCT.md §7).
    show_name_publicly = models.BooleanField(_("cho phép hiện tên công khai"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("vào trang quản trị"), default=False)
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    invited_at = models.DateTimeField(_("ngày mời"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.email.strip().lower()
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except InvalidPhone:
                raise ValidationError(
                    {"phone": _("Số điện thoại không hợp lệ. Ví dụ: 0912 345 678.")}
                ) from None
        if not self.email and not self.phone:
            raise ValidationError(_("Cần có thư điện tử hoặc số điện thoại."))

    def save(self, *args, **kwargs):
        self.sort_name = name_sort_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else ""


class PrivacyNotice(models.Model):
    """A version of the privacy notice (thông báo xử lý dữ liệu cá nhân)."""

    version = models.CharField(_("phiên bản"), max_length=32, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    published_at = models.DateTimeField(_("ngày công bố"), default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        verbose_name = _("thông báo xử lý dữ liệu cá nhân")
        verbose_name_plural = _("thông báo xử lý dữ liệu cá nhân")

    def __str__(self):
        return f"{self.title} ({self.version})"

    @classmethod
    def current(cls):
        return cls.objects.filter(published_at__lte=timezone.now()).first()


class Consent(models.Model):
    """Who agreed to which version of the notice, and when; withdrawal is recorded, not deleted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(_("đồng ý lúc"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("sự đồng ý")
        verbose_name_plural = _("sự đồng ý")

    def __str__(self):
        return f"{self.user} · {self.notice.version}"


class DataRequest(models.Model):
    """A request about one's own personal data that someone may have to act on (PRODUCT.md §7).

    Kept after it is handled, as the record that the request was made and answered.
    """

    class Kind(models.TextChoices):
        DELETE = "delete", _("Xóa dữ liệu")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ xử lý")
        DONE = "done", _("Đã thực hiện")
        REFUSED = "refused", _("Từ chối")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_requests")
    kind = models.CharField(_("loại yêu cầu"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("ngày gửi"), default=timezone.now)
    handled_at = models.DateTimeField(_("ngày xử lý"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người xử lý"),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user} · {self.get_status_display()}"


class Session(AbstractBaseSession):
    """A session kept beside its user, so that one query reads both on every signed-in request
    (accounts/sessions.py). `user` is set from the session's data each time it is saved."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("người dùng"))

    class Meta:
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
