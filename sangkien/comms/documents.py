"""The public list of directive documents (văn bản chỉ đạo), by type, year, issuer and
number: "3250/CTr-TLD" or "3250 ctr tld" find 3250/CTr-TLĐ (folded, tone marks and đ ignored)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sangkien.core.text import fold

from .models import DirectiveDocumentPage, DocType

PER_PAGE = 20


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Số, ký hiệu hoặc trích yếu"), required=False, max_length=200)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), required=False,
                                 choices=[("", _("Tất cả"))] + list(DocType.choices))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Năm ban hành"), required=False, min_value=1945, max_value=2100,
                              error_messages={"invalid": _("Nhập năm bằng số, ví dụ 2022.")})


def directive_documents(*, q="", doc_type="", issuer="", year=None):
    qs = DirectiveDocumentPage.objects.live().public().select_related("document")
    for word in fold(q).replace("/", " ").replace("-", " ").split():
        qs = qs.filter(search_folded__contains=word)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuer:
        for word in fold(issuer).split():
            qs = qs.filter(search_folded__contains=word)
    if year:
        qs = qs.filter(issued_on__year=year)
    return qs.order_by("-issued_on", "-pk")


def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = directive_documents(**{key: value for key, value in filters.items() if value})
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "comms/documents.html", {"form": form, "page_obj": page},
                  status=400 if form.errors else 200)
