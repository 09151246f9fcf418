from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.orgs.roles import Role

from . import throttle
from .models import User
from .phones import InvalidPhone, normalize_phone

PHONE_HINT = _("Ví dụ: 0912 345 678")


def clean_phone_value(value):
    """'' or +84…; a Vietnamese message when the number cannot be read."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except InvalidPhone:
        raise forms.ValidationError(
            _("Nhập số điện thoại Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678.")
        ) from None


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại"),
        help_text=_("Ví dụ: ten@truong.edu.vn hoặc 0912 345 678"),
        max_length=254,
        error_messages={"required": _("Nhập thư điện tử hoặc số điện thoại của bạn")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        error_messages={"required": _("Nhập mật khẩu")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Thư điện tử, số điện thoại hoặc mật khẩu chưa đúng. Hãy kiểm tra lại, "
            "hoặc chọn “Quên mật khẩu”."
        ),
        "inactive": _("Tài khoản này đã ngừng hoạt động."),
        "throttled": _(
            "Bạn đã nhập sai nhiều lần. Để bảo vệ tài khoản, hãy chờ 15 phút rồi thử lại, "
            "hoặc chọn “Quên mật khẩu”."
        ),
    }

    def _ip(self):
        return self.request.META.get("REMOTE_ADDR") if self.request else None

    def clean(self):
        identifier = self.cleaned_data.get("username")
        if identifier and throttle.is_locked(identifier, self._ip()):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if identifier and self.cleaned_data.get("password"):
                throttle.record_failure(identifier, self._ip())
            raise
        if self.user_cache is not None:
            throttle.clear(identifier, self._ip())
        return cleaned


class _PlainPasswordMessages:
    """Django's generic "This field is required." says nothing; say which password is missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "old_password": _("Nhập mật khẩu hiện tại"),
            "new_password1": _("Nhập mật khẩu mới"),
            "new_password2": _("Nhập lại mật khẩu mới để xác nhận"),
        }
        for name, message in messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class SetPasswordForm(_PlainPasswordMessages, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(_PlainPasswordMessages, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        error_messages={
            "required": _("Nhập thư điện tử của tài khoản"),
            "invalid": _("Nhập thư điện tử đúng dạng, ví dụ ten@truong.edu.vn"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        # Unlike Django's default, people who were invited but never set a password may use
        # this too: for them it is the same as the lost invitation link.
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Hãy đánh dấu vào ô “Tôi đã đọc và đồng ý” nếu bạn đồng ý với thông báo.")
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agree"].label = _(
            "Tôi đã đọc và đồng ý với “%(title)s” (phiên bản %(version)s)."
        ) % {"title": notice.title, "version": notice.version}


class ContactFieldsMixin:
    """Name, e-mail and phone as people type them; at least one of e-mail and phone."""

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", _("Nhập thư điện tử hoặc số điện thoại (ít nhất một trong hai)."))
        return cleaned


def _email_field(hint):
    return forms.EmailField(
        label=_("Thư điện tử"), required=False, max_length=254, help_text=hint,
        error_messages={"invalid": _("Nhập thư điện tử đúng dạng, ví dụ ten@truong.edu.vn")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _phone_field(hint=PHONE_HINT):
    return forms.CharField(
        label=_("Số điện thoại"), required=False, max_length=24, help_text=hint,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )


def _full_name_field():
    return forms.CharField(
        label=_("Họ và tên"), max_length=200,
        error_messages={"required": _("Nhập họ và tên")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class ProfileForm(ContactFieldsMixin, forms.Form):
    full_name = _full_name_field()
    email = _email_field(_("Dùng để đăng nhập và nhận thông báo."))
    phone = _phone_field(_("Dùng để đăng nhập. Số điện thoại không bao giờ được công bố. Ví dụ: 0912 345 678"))
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False,
                               help_text=_("Ví dụ: Giáo viên, Tổ trưởng chuyên môn"))
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), required=False, help_text=_("Không bao giờ được công bố. Ví dụ: 1985"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year", "maxlength": 4}),
        error_messages={"invalid": _("Nhập năm sinh gồm 4 chữ số, ví dụ 1985")},
    )
    show_name_publicly = forms.BooleanField(
        label=_("Cho phép hiện họ và tên của tôi trên các trang công khai (ví dụ: tác giả sáng kiến được khen thưởng)"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Nhập năm sinh gồm 4 chữ số, ví dụ 1985"))
        return year

    def clean_email(self):
        email = super().clean_email()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Thư điện tử này đã được dùng cho một tài khoản khác."))
        return email

    def clean_phone(self):
        phone = super().clean_phone()
        if phone and User.objects.filter(phone=phone).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Số điện thoại này đã được dùng cho một tài khoản khác."))
        return phone


class InviteForm(ContactFieldsMixin, forms.Form):
    full_name = _full_name_field()
    email = _email_field(_("Lời mời đặt mật khẩu được gửi tới địa chỉ này."))
    phone = _phone_field()
    role = forms.ChoiceField(label=_("Vai trò"), error_messages={
        "required": _("Chọn vai trò"),
        "invalid_choice": _("Bạn không được cấp vai trò này ở đơn vị này. Hãy chọn một vai trò trong danh sách."),
    })

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in roles]
        self.fields["role"].initial = Role.MEMBER


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (.csv hoặc .xlsx)"),
        help_text=_("Dòng đầu tiên phải là: full_name,email,phone,unit_code,role"),
        error_messages={"required": _("Chọn tệp để nhập"), "empty": _("Tệp đã chọn đang trống")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        return upload


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu hiện tại"), strip=False,
        help_text=_("Để chắc chắn đúng là bạn."),
        error_messages={"required": _("Nhập mật khẩu hiện tại")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mật khẩu chưa đúng"))
        return password

