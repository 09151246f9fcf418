"""The .xlsx template for bulk entry: the header row, one example row, drop-down lists, and
a "Hướng dẫn" sheet explaining every column. Read back by importing.py."""

import datetime
import io

from django.utils import translation
from django.utils.translation import gettext as _

from sangkien.core.formatting import vn_date

from . import importing as imp
from .models import Field, Scope, SolutionType

DATA_ROWS = 20_000  # rows the drop-downs cover
LISTS_SHEET = "Danh mục"


def _text_cell(sheet, row, column, value):
    """A cell that holds text, never a formula, whatever it starts with (= + - @)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def example_row(*, unit_code, campaign):
    first_use = max(campaign.eligible_from, min(datetime.date(2022, 3, 7), campaign.eligible_to))
    with translation.override("vi"):
        return {
            imp.UNIT: unit_code,
            imp.TITLE: imp.EXAMPLE_TITLE,
            imp.AUTHORS: "Nguyễn Thị Hoa (60%); Lê Văn Nam (40%)",
            imp.TYPE: str(SolutionType.MANAGEMENT.label),
            imp.FIELD: None,  # the first field in the list, filled below
            imp.SITUATION: "Giáo viên chủ nhiệm ghi điểm và nhận xét trên giấy, khó theo dõi sự tiến bộ.",
            imp.CONTENT: "Lập bảng tính chung cho mỗi lớp, tự động vẽ biểu đồ tiến bộ của từng học sinh.",
            imp.EFFECT: "Giảm một nửa thời gian tổng hợp cuối kỳ; phụ huynh nắm được kết quả của con.",
            imp.BENEFIT: 1_500_000,
            imp.SCOPE: str(Scope.UNIT.label),
            imp.FIRST_USED: first_use,
            imp.RECOGNISED_BY: "Hội đồng sáng kiến nhà trường",
            imp.DECISION_NUMBER: "15/QĐ-THPT",
            imp.DECISION_DATE: first_use + datetime.timedelta(days=60),
        }


def guide_rows(campaign, fields):
    with translation.override("vi"):
        types = ", ".join(str(label) for _value, label in SolutionType.choices)
        scopes = ", ".join(str(label) for _value, label in Scope.choices)
    window = {"start": vn_date(campaign.eligible_from), "end": vn_date(campaign.eligible_to)}
    yes, no = _("Bắt buộc"), _("Không bắt buộc")
    return [
        (imp.UNIT, yes, _("Mã của công đoàn cơ sở có sáng kiến, phải thuộc phạm vi bạn quản lý. Có thể để "
                          "trống nếu khi nhập đã chọn CĐCS mặc định.")),
        (imp.TITLE, yes, _("Tên đầy đủ của sáng kiến, tối đa 500 ký tự. Không được trùng (không kể hoa thường, "
                           "dấu) với sáng kiến khác trong tệp hoặc đã có ở cùng CĐCS.")),
        (imp.AUTHORS, yes, _("Một hoặc nhiều người, cách nhau bằng dấu chấm phẩy, mỗi người ghi Họ tên (NN%), "
                             "ví dụ: Nguyễn Văn An (60%); Trần Thị Bình (40%). Tổng tỷ lệ phải bằng 100%. "
                             "Chỉ một tác giả thì có thể chỉ ghi họ tên (tính 100%).")),
        (imp.TYPE, yes, _("Chọn trong danh sách: %(types)s. Có thể viết gọn, ví dụ “quản lý”.") % {"types": types}),
        (imp.FIELD, yes, _("Chọn trong danh sách: %(fields)s.") % {"fields": ", ".join(f.name for f in fields)}),
        (imp.SITUATION, no, _("Thực trạng trước khi có sáng kiến.")),
        (imp.CONTENT, yes, _("Nội dung và tính mới của sáng kiến.")),
        (imp.EFFECT, yes, _("Hiệu quả kinh tế, xã hội.")),
        (imp.BENEFIT, no, _("Số tiền làm lợi, tính bằng đồng, ví dụ 1.500.000 hoặc 1500000. Để trống là 0.")),
        (imp.SCOPE, no, _("Chọn trong danh sách: %(scopes)s. Để trống là “Đơn vị”.") % {"scopes": scopes}),
        (imp.FIRST_USED, yes, _("Ngày áp dụng lần đầu, dạng ngày/tháng/năm, ví dụ 03/6/2022; phải từ %(start)s "
                                "đến %(end)s.") % window),
        (imp.RECOGNISED_BY, no, _("Hội đồng sáng kiến hoặc thủ trưởng đơn vị đã công nhận sáng kiến.")),
        (imp.DECISION_NUMBER, no, _("Số quyết định công nhận, ví dụ 15/QĐ-THPT.")),
        (imp.DECISION_DATE, no, _("Ngày ký quyết định công nhận, dạng ngày/tháng/năm.")),
    ]


def template_xlsx(*, campaign, unit_code="") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    fields = list(Field.objects.filter(is_active=True))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sáng kiến")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFE8F0FE")
    for column, name in enumerate(imp.COLUMNS, start=1):
        cell = _text_cell(sheet, 1, column, name)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"

    example = example_row(unit_code=unit_code, campaign=campaign)
    example[imp.FIELD] = fields[0].name if fields else ""
    for column, name in enumerate(imp.COLUMNS, start=1):
        cell = _text_cell(sheet, 2, column, example[name])
        if isinstance(example[name], datetime.date):
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(example[name], int):
            cell.number_format = "#,##0"

    widths = {imp.UNIT: 14, imp.TITLE: 48, imp.AUTHORS: 36, imp.TYPE: 24, imp.FIELD: 28, imp.SITUATION: 36,
              imp.CONTENT: 48, imp.EFFECT: 36, imp.BENEFIT: 16, imp.SCOPE: 16, imp.FIRST_USED: 14,
              imp.RECOGNISED_BY: 28, imp.DECISION_NUMBER: 16, imp.DECISION_DATE: 14}
    for column, name in enumerate(imp.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths[name]

    # The drop-downs read their lists from a hidden sheet: an inline list cannot hold the
    # commas inside names like "Giảng dạy, giáo dục", and stops at 255 characters.
    lists = workbook.create_sheet(LISTS_SHEET)
    with translation.override("vi"):
        columns = [
            (imp.TYPE, [str(label) for _v, label in SolutionType.choices]),
            (imp.FIELD, [f.name for f in fields]),
            (imp.SCOPE, [str(label) for _v, label in Scope.choices]),
        ]
    for list_column, (name, values) in enumerate(columns, start=1):
        _text_cell(lists, 1, list_column, name).font = bold
        for row, value in enumerate(values, start=2):
            _text_cell(lists, row, list_column, value)
        letter = get_column_letter(list_column)
        validation = DataValidation(
            type="list", formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${max(len(values), 1) + 1}",
            allow_blank=True, showDropDown=False,  # (sic) False shows the arrow
            promptTitle=name[:32], prompt=_("Chọn trong danh sách.")[:255],
            errorTitle=name[:32], error=_("Hãy chọn một giá trị trong danh sách.")[:255],
            showErrorMessage=True, showInputMessage=True,
        )
        target = get_column_letter(imp.COLUMNS.index(name) + 1)
        validation.add(f"{target}2:{target}{DATA_ROWS + 1}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"

    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 16
    guide.column_dimensions["C"].width = 100
    notes = [
        _("Cách điền tệp nhập sáng kiến"),
        _("Mỗi dòng của trang “Sáng kiến” là một sáng kiến; dòng 1 là tiêu đề, giữ nguyên. Xóa dòng ví dụ "
          "(dòng 2) trước khi nhập."),
        _("Có một dòng sai thì cả tệp không được lưu: hệ thống liệt kê mọi dòng sai dạng “dòng N, cột X: lý do” "
          "để bạn sửa rồi nhập lại cả tệp."),
        _("Sáng kiến nhập từ tệp được gửi ngay cho CĐCS xác nhận (trạng thái “Chờ CĐCS xác nhận”). Cán bộ CĐCS "
          "có thể chọn “xác nhận luôn” khi nhập."),
        _("Chương trình: %(name)s.") % {"name": campaign.name},
        "",
    ]
    row = 1
    for note in notes:
        cell = _text_cell(guide, row, 1, note)
        if row == 1:
            cell.font = Font(bold=True, size=14)
        row += 1
    for column, title in enumerate((_("Cột"), _("Bắt buộc?"), _("Cách ghi")), start=1):
        _text_cell(guide, row, column, title).font = bold
    for name, required, how in guide_rows(campaign, fields):
        row += 1
        _text_cell(guide, row, 1, name)
        _text_cell(guide, row, 2, required)
        _text_cell(guide, row, 3, how).alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
