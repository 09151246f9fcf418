"""The entry form, one short form per section, and the fields that read Vietnamese input.

The forms only read and check what was typed; writes go through services.initiative_create
and services.initiative_update. Every field is optional here, because a draft may be
incomplete: what a submission needs is services.completeness_errors' business.
"""

import datetime
import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sangkien.core.formatting import group_thousands, vn_date

from .models import Campaign, Field, Initiative, Phase, Scope, SolutionType

# Above this many CĐCS a select is too long to use: the unit is typed as its code instead.
MAX_UNIT_CHOICES = 300
MAX_BENEFIT = 10**15  # a million billion đồng: more is a typing slip


class VndField(forms.Field):
    """An amount in đồng: `1.500.000`, `1 500 000`, `1500000` or `1.500.000 đ`; empty is 0."""

    default_error_messages = {
        "invalid": _("Nhập số tiền bằng chữ số, ví dụ 1.500.000 (không có phần lẻ)."),
        "too_big": _("Số tiền quá lớn, hãy kiểm tra lại."),
    }
    _GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": "30", "class": "input-money"})
        return attrs

    def prepare_value(self, value):
        return group_thousands(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = str(value or "").strip()[:40]
        text = re.sub(r"\s*(đ|đồng|vnd|vnđ)$", "", text, flags=re.IGNORECASE).strip()
        text = text.replace("\u00a0", " ")
        if not text:
            return 0
        if text.isdigit():
            number = int(text)
        elif self._GROUPED.match(text):
            number = int(re.sub(r"[. ]", "", text))
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if number > MAX_BENEFIT:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        return number


class VnDateField(forms.DateField):
    """A date typed day/month/year: `03/6/2022`, `3/6/2022`, `03-06-2022`, `03.06.2022`."""

    default_error_messages = {
        "invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 03/6/2022."),
    }
    _DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
    _ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "class": "input-date"})
        return attrs

    def prepare_value(self, value):
        return vn_date(value) if isinstance(value, datetime.date) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip().replace(" ", "")
        if match := self._DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
        elif match := self._ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                _("Ngày %(value)s không có thật, hãy kiểm tra lại ngày và tháng."), code="invalid",
                params={"value": text},
            ) from None


class SectionForm(forms.ModelForm):
    """A section of the record. Never saved by itself: the view hands cleaned_data to a service."""

    use_required_attribute = False  # a draft may be saved half-filled
    # Needed before sending to the CĐCS (services.completeness_errors); the rest is optional.
    submit_required = frozenset()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def saveable_data(self):
        """What may be saved now: every field that is valid, even when others are not (autosave)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class GeneralForm(SectionForm):
    """Thông tin chung: what it is, where it belongs, when it was first used."""

    first_used_on = VnDateField(label=_("Ngày áp dụng lần đầu"))
    submit_required = frozenset({"title", "unit", "campaign", "first_used_on", "solution_type", "field"})

    class Meta:
        model = Initiative
        fields = ["title", "unit", "campaign", "first_used_on", "phase", "solution_type", "field",
                  "confidential"]
        labels = {"title": _("Tên sáng kiến"), "unit": _("Công đoàn cơ sở")}
        widgets = {
            "solution_type": forms.RadioSelect,
            "title": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Nhập tên sáng kiến.")
        self.fields["title"].help_text = _(
            "Viết ngắn gọn, đúng như trong quyết định công nhận. Ví dụ: Ứng dụng bảng tương tác "
            "trong dạy học Toán lớp 6."
        )
        self._unit_field()
        # While the title is typed, similar initiatives appear under it (views.similar).
        self.fields["title"].widget.attrs.update({
            "hx-get": reverse("initiatives:similar"), "hx-trigger": "input changed delay:600ms, load",
            "hx-target": "#similar", "hx-swap": "innerHTML", "hx-include": "#draft-id, [name=unit]",
            "hx-sync": "this:replace", "aria-controls": "similar",
        })
        campaigns = Campaign.objects.filter(is_active=True)
        if self.instance.campaign_id:
            campaigns = Campaign.objects.filter(pk=self.instance.campaign_id) | campaigns
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].required = True
        self.fields["campaign"].error_messages["required"] = _("Chọn chương trình.")
        self.fields["campaign"].empty_label = None
        self.campaign = self.instance.campaign if self.instance.campaign_id else campaigns.first()
        if self.campaign and not self.instance.campaign_id:
            self.initial.setdefault("campaign", self.campaign.pk)
        self.fields["phase"].queryset = Phase.objects.filter(campaign=self.campaign) if self.campaign \
            else Phase.objects.none()
        self.fields["phase"].empty_label = _("Theo ngày áp dụng")
        self.fields["phase"].help_text = _("Để trống thì hệ thống chọn theo ngày áp dụng lần đầu.")
        if self.campaign:
            self.fields["first_used_on"].help_text = _(
                "Ví dụ 03/6/2022. Phải trong thời gian của chương trình, từ %(start)s đến %(end)s."
            ) % {"start": vn_date(self.campaign.eligible_from), "end": vn_date(self.campaign.eligible_to)}
        self.fields["solution_type"].choices = list(SolutionType.choices)
        self.fields["field"].queryset = Field.objects.filter(is_active=True)
        self.fields["field"].empty_label = _("— Chọn lĩnh vực —")
        self.fields["confidential"].label = _("Đây là sáng kiến mật")
        self.fields["confidential"].help_text = _(
            "Chọn khi nội dung sáng kiến không được công bố rộng rãi. Ngoài tác giả và cán bộ công "
            "đoàn của đơn vị, người khác chỉ thấy tên sáng kiến, tóm tắt hiệu quả và khen thưởng."
        )

    def _unit_field(self):
        from .entry import units_for_entry

        units = units_for_entry(self.user).select_related(None).order_by("path")
        field = self.fields["unit"]
        field.required = True
        field.error_messages["required"] = _("Chọn công đoàn cơ sở của sáng kiến.")
        count = units.count()
        self.unit_count = count
        if count > MAX_UNIT_CHOICES:
            # Too many to list: the officer types the unit's code (as in the Excel template).
            self.fields["unit"] = forms.ModelChoiceField(
                queryset=units, to_field_name="code", label=_("Mã công đoàn cơ sở"),
                widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input-short"}),
                help_text=_("Mã của CĐCS, ví dụ HB-GD-001."),
                error_messages={"invalid_choice": _("Không có CĐCS nào có mã này trong phạm vi của bạn."),
                                "required": _("Nhập mã công đoàn cơ sở.")},
            )
            if self.instance.unit_id:
                self.initial["unit"] = self.instance.unit.code
            return
        field.queryset = units
        field.empty_label = _("— Chọn công đoàn cơ sở —")
        field.label_from_instance = lambda unit: f"{unit.name} ({unit.code})"
        field.error_messages["invalid_choice"] = _("Bạn không thể nhập sáng kiến cho đơn vị này.")
        if count == 1 and not self.instance.unit_id:
            self.initial["unit"] = units.first().pk
            field.empty_label = None

    def clean(self):
        data = super().clean()
        campaign = data.get("campaign") or self.campaign
        day = data.get("first_used_on")
        if campaign and day and not (campaign.eligible_from <= day <= campaign.eligible_to):
            self.add_error("first_used_on", _(
                "Ngày áp dụng lần đầu phải trong thời gian của chương trình, từ %(start)s đến %(end)s."
            ) % {"start": vn_date(campaign.eligible_from), "end": vn_date(campaign.eligible_to)})
        phase = data.get("phase")
        if campaign and phase and phase.campaign_id != campaign.pk:
            self.add_error("phase", _("Giai đoạn này không thuộc chương trình đã chọn."))
        # The phase follows the first-use date unless the author chose another on purpose.
        if "first_used_on" in self.errors:
            data.pop("phase", None)  # decided again once the date reads right
        elif campaign and "first_used_on" in data and "phase" not in self.errors:
            date_changed = "first_used_on" in self.changed_data
            if phase is None or (date_changed and "phase" not in self.changed_data):
                data["phase"] = campaign.phase_for(data["first_used_on"]) if data["first_used_on"] else None
        return data


class ContentForm(SectionForm):
    submit_required = frozenset({"content"})

    class Meta:
        model = Initiative
        fields = ["situation", "content"]
        labels = {"situation": _("Thực trạng trước khi có sáng kiến"), "content": _("Nội dung và tính mới")}
        help_texts = {
            "situation": _("Trước đây công việc được làm thế nào, còn khó khăn, hạn chế gì."),
            "content": _("Sáng kiến gồm những gì, làm thế nào, điểm mới so với cách làm cũ ở đơn vị."),
        }
        widgets = {"situation": forms.Textarea(attrs={"rows": 6}), "content": forms.Textarea(attrs={"rows": 10})}


class EffectForm(SectionForm):
    submit_required = frozenset({"effect", "scope"})
    benefit_vnd = VndField(
        label=_("Giá trị làm lợi (đồng)"), required=False,
        help_text=_("Số tiền làm lợi ước tính trong một năm, ví dụ 1.500.000. Không tính được thì để 0."),
    )

    class Meta:
        model = Initiative
        fields = ["effect", "effect_summary", "benefit_vnd", "scope"]
        labels = {"effect": _("Hiệu quả kinh tế, xã hội"), "effect_summary": _("Tóm tắt hiệu quả"),
                  "scope": _("Phạm vi ảnh hưởng")}
        help_texts = {
            "effect": _("Sáng kiến đã mang lại gì: thời gian, chi phí tiết kiệm được, chất lượng tốt lên ra sao."),
            "effect_summary": _("Một hai câu, được hiện cả khi sáng kiến là sáng kiến mật."),
        }
        widgets = {"effect": forms.Textarea(attrs={"rows": 8}), "effect_summary": forms.Textarea(attrs={"rows": 2}),
                   "scope": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = list(Scope.choices)
        if self.instance.pk and not self.is_bound:
            self.initial["benefit_vnd"] = self.instance.benefit_vnd


class RecognitionForm(SectionForm):
    decision_date = VnDateField(label=_("Ngày quyết định"), help_text=_("Ví dụ 15/6/2022."))

    class Meta:
        model = Initiative
        fields = ["recognised_by", "recognition_level", "decision_number", "decision_date", "rewards"]
        labels = {"recognised_by": _("Đơn vị công nhận"), "recognition_level": _("Cấp công nhận"),
                  "decision_number": _("Số quyết định công nhận"), "rewards": _("Khen thưởng đã nhận")}
        help_texts = {
            "recognised_by": _("Hội đồng sáng kiến hoặc thủ trưởng đơn vị đã công nhận sáng kiến, "
                               "ví dụ Trường THPT Đà Bắc."),
            "recognition_level": _("Ví dụ: cấp cơ sở, cấp huyện, cấp tỉnh."),
            "decision_number": _("Ví dụ 25/QĐ-THPT."),
            "rewards": _("Giấy khen, bằng khen, tiền thưởng… đã nhận cho sáng kiến này, nếu có."),
        }
        widgets = {"rewards": forms.Textarea(attrs={"rows": 3})}


class AuthorForm(forms.Form):
    """One author row. `user` links the row to an account (the author may then edit and follow it)."""

    use_required_attribute = False

    user = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1930, max_value=2015,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
                                    error_messages={"invalid": _("Năm sinh là 4 chữ số, ví dụ 1985."),
                                                    "min_value": _("Năm sinh từ 1930 đến 2015."),
                                                    "max_value": _("Năm sinh từ 1930 đến 2015.")})
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    workplace = forms.CharField(label=_("Nơi công tác"), max_length=300, required=False)
    share = forms.IntegerField(label=_("Tỷ lệ đóng góp (%)"), required=False, min_value=1, max_value=100,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
                               error_messages={"invalid": _("Tỷ lệ đóng góp là một số từ 1 đến 100."),
                                               "min_value": _("Tỷ lệ đóng góp là một số từ 1 đến 100."),
                                               "max_value": _("Tỷ lệ đóng góp là một số từ 1 đến 100.")})

    def __init__(self, *args, allowed_users=None, **kwargs):
        self.allowed_users = allowed_users or {}
        super().__init__(*args, **kwargs)

    def is_blank(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        raw = [self.data.get(self.add_prefix(name), "") for name in ("full_name", "birth_year", "position",
                                                                      "workplace", "share")]
        return not any((v or "").strip() for v in raw) and not data.get("full_name")

    def clean_user(self):
        user_id = self.cleaned_data.get("user")
        if user_id and user_id not in self.allowed_users:
            return None  # an account may be linked only by the person themself (or kept as it was)
        return user_id

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Nhập họ và tên tác giả."))
        if data.get("share") is None and "share" not in self.errors:
            self.add_error("share", _("Nhập tỷ lệ đóng góp, ví dụ 100 nếu chỉ có một tác giả."))
        return data

    def row(self):
        """The row for services (what is valid of it), or None for an empty row."""
        if self.is_blank():
            return None
        data = self.cleaned_data
        name = (data.get("full_name") or "").strip()
        if not name:
            return None
        user_id = data.get("user")
        return {
            "user": self.allowed_users.get(user_id) if user_id else None,
            "full_name": name,
            "birth_year": data.get("birth_year"),
            "position": (data.get("position") or "").strip(),
            "workplace": (data.get("workplace") or "").strip(),
            "share": data.get("share") or 0,
        }


AuthorFormSet = forms.formset_factory(AuthorForm, extra=0, max_num=30, absolute_max=30)


class HonourForm(forms.Form):
    """The honour an officer records with the move "honour" (khen thưởng)."""

    use_required_attribute = False
    submit_required = frozenset({"title"})

    title = forms.CharField(label=_("Hình thức khen thưởng"), max_length=300,
                            help_text=_("Ví dụ: Bằng khen của Ban Chấp hành LĐLĐ tỉnh."),
                            error_messages={"required": _("Nhập hình thức khen thưởng.")})
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    decision_date = VnDateField(label=_("Ngày quyết định"), required=False, help_text=_("Ví dụ 20/11/2022."))
