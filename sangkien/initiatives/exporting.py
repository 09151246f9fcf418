"""Any filtered list to .xlsx or .csv, with the confidentiality rule applied row by row.

Rows are read in chunks (`iterator(chunk_size=…)`, authors prefetched per chunk), so memory
stays bounded: the CSV streams as it is read, the XLSX is written row by row by openpyxl's
write-only workbook. Text is never a formula: write_xlsx types every string as text, and
CSV cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe.
"""

import codecs
import csv

from django.utils import timezone
from django.utils.translation import gettext as _

from .presenting import present

CHUNK = 2000
MAX_ROWS = 100_000
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses longer cells.
_CELL_LIMIT = 32_000


def headers():
    return [
        _("Mã số"), _("Tên sáng kiến"), _("Mã đơn vị"), _("Công đoàn cơ sở"), _("Trạng thái"), _("Tác giả"),
        _("Loại giải pháp"), _("Lĩnh vực"), _("Giai đoạn"), _("Phạm vi ảnh hưởng"), _("Ngày áp dụng"),
        _("Giá trị làm lợi (đồng)"), _("Tóm tắt hiệu quả"), _("Hiệu quả"), _("Đơn vị công nhận"),
        _("Số quyết định"), _("Ngày quyết định"), _("Khen thưởng"), _("Ngày nhập"), _("Sáng kiến mật"),
    ]


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _text(value):
    return (value or "")[:_CELL_LIMIT]


def row_for(initiative, user):
    """One row: every cell the user may see; a hidden cell is empty."""
    p = present(initiative, user)
    full = p.full
    authors = "; ".join(f"{a.full_name} ({a.share}%)" for a in initiative.authors.all()) if full else ""
    created = initiative.created_at
    return [
        initiative.pk,
        _text(p.title),
        initiative.unit.code,
        initiative.unit.name,
        str(initiative.get_status_display()),
        _text(authors),
        str(initiative.get_solution_type_display()) if full else "",
        (initiative.field.name if initiative.field_id else "") if full else "",
        (initiative.phase.name if initiative.phase_id else "") if full else "",
        str(initiative.get_scope_display()) if full else "",
        _date(initiative.first_used_on) if full else "",
        initiative.benefit_vnd if full else None,
        _text(p.effect_summary),
        _text(initiative.effect) if full else "",
        _text(initiative.recognised_by) if full else "",
        _text(initiative.decision_number) if full else "",
        _date(initiative.decision_date) if full else "",
        _text(p.rewards),
        _date(timezone.localtime(created) if created else None),
        _("Có") if initiative.confidential else _("Không"),
    ]


def rows(queryset, user):
    qs = queryset.select_related("unit", "field", "phase").prefetch_related("authors")
    for initiative in qs.iterator(chunk_size=CHUNK):
        yield row_for(initiative, user)


def csv_safe(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_stream(queryset, user):
    """The CSV as a stream of encoded chunks: UTF-8 with a byte-order mark, so Excel reads
    Vietnamese correctly when the file is opened by double-click."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8
    yield writer.writerow(headers()).encode("utf-8")
    for row in rows(queryset, user):
        yield writer.writerow([csv_safe(v) for v in row]).encode("utf-8")


def xlsx_bytes(queryset, user):
    from sangkien.core.tabular import write_xlsx

    return write_xlsx(headers(), rows(queryset, user), sheet_title=_("Sáng kiến"))
