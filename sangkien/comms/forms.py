from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

MAX_OFFER_IMAGES = 10


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class OfferImagesField(forms.FileField):
    """Several photos; each checked like a Wagtail upload (opened by the image library, in the
    format its name claims, within WAGTAILIMAGES_MAX_UPLOAD_SIZE)."""

    widget = MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"})

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not uploads:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > MAX_OFFER_IMAGES:
            raise forms.ValidationError(_("Gửi tối đa %(n)s ảnh một lần.") % {"n": MAX_OFFER_IMAGES})
        checker = WagtailImageField()
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(checker.clean(upload))
            except forms.ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class OfferForm(forms.Form):
    from_unit = forms.ModelChoiceField(queryset=None, label=_("Đơn vị cung cấp"), empty_label=None)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Viết như một bản tin; cấp trên có thể sửa trước khi đăng."))
    images = OfferImagesField(label=_("Ảnh"), required=False,
                              help_text=_("Ảnh JPG, PNG, GIF hoặc WebP; tối đa 10 ảnh."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        from sangkien.orgs.models import Unit

        self.fields["from_unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Lý do không nhận"), widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Ghi lý do không nhận bài để đơn vị cung cấp biết.")})
