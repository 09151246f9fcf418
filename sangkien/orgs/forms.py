from django import forms
from django.utils.translation import gettext_lazy as _


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách đơn vị"),
        help_text=_(
            "Tệp .xlsx hoặc .csv (UTF-8). Dòng đầu là dòng tiêu đề: "
            "code,parent_code,name,short_name,kind,headcount,cluster."
        ),
        error_messages={
            "required": _("Chọn tệp danh sách đơn vị để tải lên"),
            "empty": _("Tệp đã chọn không có nội dung"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Tệp phải có đuôi .xlsx hoặc .csv"))
        return upload
