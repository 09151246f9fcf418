"""Import files for tests and the benchmark: rows in the template's layout, as .csv or .xlsx."""

import csv
import io
import itertools

from sangkien.initiatives.importing import COLUMNS

GOOD = {
    "Mã CĐCS": "HB-GD-001",
    "Tên sáng kiến": "Sổ tay điện tử theo dõi chuyên cần của học sinh",
    "Tác giả": "Nguyễn Thị Hoa (60%); Lê Văn Nam (40%)",
    "Loại giải pháp": "Giải pháp quản lý",
    "Lĩnh vực": "Quản lý giáo dục",
    "Thực trạng": "Điểm danh trên giấy, cuối tháng tổng hợp mất nhiều giờ.",
    "Nội dung": "Biểu mẫu trực tuyến cho giáo viên chủ nhiệm, tự tổng hợp theo tuần.",
    "Hiệu quả": "Tiết kiệm 6 giờ mỗi tháng cho mỗi lớp.",
    "Giá trị làm lợi (đồng)": "1.500.000",
    "Phạm vi ảnh hưởng": "Đơn vị",
    "Ngày áp dụng": "07/3/2022",
    "Đơn vị công nhận": "Hội đồng sáng kiến nhà trường",
    "Số quyết định": "15/QĐ-THPT",
    "Ngày quyết định": "20/5/2022",
}


def row(**changes):
    """A good row with some cells changed: row(title="…") or row(**{"Tác giả": "…"})."""
    aliases = {"unit": "Mã CĐCS", "title": "Tên sáng kiến", "authors": "Tác giả", "type": "Loại giải pháp",
               "field": "Lĩnh vực", "benefit": "Giá trị làm lợi (đồng)", "scope": "Phạm vi ảnh hưởng",
               "first_used": "Ngày áp dụng", "decision_date": "Ngày quyết định", "content": "Nội dung",
               "effect": "Hiệu quả", "situation": "Thực trạng"}
    data = dict(GOOD)
    for key, value in changes.items():
        data[aliases.get(key, key)] = value
    return [data[name] for name in COLUMNS]


def csv_bytes(rows, header=COLUMNS, bom=True):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows, header=COLUMNS):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for cells in rows:
        sheet.append(list(cells))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_VERBS = ["Ứng dụng", "Đổi mới", "Xây dựng", "Tổ chức", "Số hóa", "Cải tiến", "Thiết kế", "Sử dụng"]
_THINGS = ["phiếu học tập", "sổ liên lạc điện tử", "ngân hàng câu hỏi", "bảng theo dõi chuyên cần",
           "trò chơi học tập", "góc thư viện lớp", "quy trình họp phụ huynh", "kho học liệu số",
           "lịch trực bán trú", "hồ sơ chủ nhiệm"]
_SUBJECTS = ["môn Toán", "môn Ngữ văn", "môn Tiếng Anh", "môn Vật lý", "môn Lịch sử", "môn Địa lý",
             "môn Sinh học", "môn Tin học", "hoạt động trải nghiệm", "giáo dục thể chất"]
_NAMES = ["Nguyễn Thị Hoa", "Lê Văn Nam", "Trần Thị Bình", "Phạm Minh Đức", "Hoàng Thu Trang", "Đinh Văn Khánh",
          "Bùi Thị Lan", "Đặng Quốc Huy"]


def generated_rows(count, unit_codes):
    """`count` good rows spread over `unit_codes`, titles unique within each unit."""
    combos = itertools.product(_VERBS, _THINGS, _SUBJECTS)
    rows = []
    for i in range(count):
        verb, thing, subject = next(combos, None) or (_VERBS[i % 8], _THINGS[i % 10], _SUBJECTS[i % 10])
        title = f"{verb} {thing} trong {subject} - đợt {i + 1}"
        first, second = _NAMES[i % 8], _NAMES[(i + 3) % 8]
        authors = first if i % 3 == 0 else f"{first} ({50 + i % 30}%); {second} ({50 - i % 30}%)"
        rows.append(row(unit=unit_codes[i % len(unit_codes)], title=title, authors=authors,
                        benefit=f"{(i % 50) * 100_000:,}".replace(",", "."),
                        first_used=f"{1 + i % 28:02d}/{1 + i % 12}/2022",
                        content=f"Nội dung chi tiết của sáng kiến số {i + 1}: cách làm, các bước, tính mới."))
    return rows
