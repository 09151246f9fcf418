from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Target


def phase_choices(campaign):
    return [(0, _("Cả chương trình")), *((p.number, p.name) for p in campaign.phases.all())]


class _TargetFields(forms.Form):
    phase_no = forms.TypedChoiceField(label=_("Giai đoạn"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=Target.Kind.choices, initial=Target.Kind.ABSOLUTE,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Chọn loại chỉ tiêu")})
    value = forms.IntegerField(
        label=_("Giá trị"), min_value=0, max_value=Target.MAX_VALUE,
        help_text=_("Số sáng kiến, hoặc tỷ lệ % số đoàn viên (không quá 100)."),
        error_messages={"required": _("Nhập giá trị chỉ tiêu"), "invalid": _("Giá trị phải là số nguyên, ví dụ 30"),
                        "min_value": _("Giá trị không được âm"), "max_value": _("Giá trị quá lớn")},
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase_no"].choices = phase_choices(campaign)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Target.Kind.SHARE and (data.get("value") or 0) > 100:
            self.add_error("value", _("Tỷ lệ không quá 100%"))
        return data


class TargetOneForm(_TargetFields):
    prefix = "one"
    code = forms.CharField(label=_("Mã đơn vị"), max_length=64,
                           help_text=_("Mã của một đơn vị cấp dưới, ví dụ HB-GD-001."),
                           error_messages={"required": _("Nhập mã đơn vị cần giao chỉ tiêu")})

    field_order = ["code", "phase_no", "kind", "value"]


class TargetAllForm(_TargetFields):
    prefix = "all"


class TargetFileForm(forms.Form):
    prefix = "file"
    file = forms.FileField(
        label=_("Tệp chỉ tiêu (.xlsx)"),
        help_text=_("Dùng tệp mẫu: mỗi dòng một đơn vị; cột Giai đoạn để trống là cả chương trình."),
        error_messages={"required": _("Chọn tệp chỉ tiêu để tải lên"), "empty": _("Tệp đã chọn không có nội dung")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Tệp phải có đuôi .xlsx hoặc .csv"))
        return upload
