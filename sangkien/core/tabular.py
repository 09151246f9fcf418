"""Reading .csv and .xlsx files row by row, and the row errors every import reports.

Every import in the system is all-or-nothing: it reads the whole file, collects every bad
row as `dòng N, cột X: reason` (N as a spreadsheet shows it: the header is row 1), and saves
nothing unless the list is empty.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number: header is 1, first data row is 2
    column: str  # header name, or "" for a problem with the whole row
    message: str

    def __str__(self):
        if self.column:
            return _("dòng %(row)s, cột %(column)s: %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message,
            }
        return _("dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """The file was refused; nothing was saved. `errors` lists every bad row."""

    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda e: (e.row, e.column))
        super().__init__("\n".join(str(e) for e in self.errors))


class UnreadableFile(Exception):
    pass


def cell_to_text(value):
    """A cell as read_rows gives it: text, stripped (12.0 as "12"), dates kept as dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value  # dates are kept as dates for the importer to read
    if isinstance(value, datetime.date):
        return value
    return str(value).strip()


def read_rows(source, filename: str, *, keep_numbers: bool = False):
    """(header, rows) where rows is a list of (row_number, [cells]).

    `source` is a path or a binary file object; the format follows the file name's ending.
    Cells are stripped strings, except Excel dates, which stay dates. With `keep_numbers`,
    Excel number cells stay int/float too, so an importer can tell the number 12.5 from the
    text "12.5" (as text, "." may be a Vietnamese thousands separator).
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(source, keep_numbers=keep_numbers)
    if name.endswith(".csv"):
        return _read_csv(source)
    raise UnreadableFile(_("Chỉ nhận tệp .csv hoặc .xlsx."))


def _read_csv(source):
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    try:
        text = data.decode("utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError:
        raise UnreadableFile(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        rows = []
        for number, cells in enumerate(reader, start=2):
            cells = [c.strip() for c in cells]
            if any(cells):
                rows.append((number, cells))
    except StopIteration:
        raise UnreadableFile(_("Tệp trống, không có dòng tiêu đề.")) from None
    except csv.Error:  # e.g. a cell longer than the csv module allows
        raise UnreadableFile(_("Không đọc được tệp CSV. Hãy kiểm tra lại tệp.")) from None
    return [h.strip() for h in header], rows


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _read_xlsx(source, *, keep_numbers=False):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds; all mean the same thing to the user
        raise UnreadableFile(_("Không đọc được tệp Excel (.xlsx). Hãy kiểm tra lại tệp.")) from None
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        try:
            header = [str(c).strip() if c is not None else "" for c in next(iterator)]
        except StopIteration:
            raise UnreadableFile(_("Tệp trống, không có dòng tiêu đề.")) from None
        while header and header[-1] == "":
            header.pop()
        rows = []
        for number, values in enumerate(iterator, start=2):
            cells = [v if keep_numbers and _is_number(v) else cell_to_text(v) for v in values]
            if any(c != "" for c in cells):
                rows.append((number, cells))
        return header, rows
    finally:
        workbook.close()


def check_header(header, expected):
    """Errors for a header row that is not exactly `expected` (order matters)."""
    if [h.strip().lower() for h in header[: len(expected)]] == [e.lower() for e in expected] and all(
        h == "" for h in header[len(expected):]
    ):
        return []
    return [
        RowError(1, "", _("dòng tiêu đề phải là: %(expected)s (đang là: %(actual)s)") % {
            "expected": ",".join(expected), "actual": ",".join(h for h in header if h),
        })
    ]


def as_dicts(header, rows, expected):
    """Rows as dicts keyed by the expected column names (missing cells are "")."""
    width = len(expected)
    return [(number, dict(zip(expected, (cells + [""] * width)[:width], strict=True))) for number, cells in rows]


def write_xlsx(header, rows, sheet_title="Sheet1"):
    """An .xlsx file in memory. Text is never read as a formula (=, +, -, @ stay text)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(list(header))
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
