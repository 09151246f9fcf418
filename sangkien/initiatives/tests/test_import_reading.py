"""The fast .xlsx reader gives exactly what the shared reader (tabular.read_rows) gives."""

import datetime
import io
import re
import zipfile

import pytest

from sangkien.core.tabular import UnreadableFile, read_rows
from sangkien.initiatives.fast_xlsx import read_table
from sangkien.initiatives.importing import COLUMNS

from .importfiles import generated_rows, row, xlsx_bytes


def both(data, name="a.xlsx"):
    return read_rows(io.BytesIO(data), name), read_table(io.BytesIO(data), name)


def test_a_generated_file_reads_the_same():
    reference, fast = both(xlsx_bytes(generated_rows(300, ["A", "B"])))
    assert fast == reference


def test_dates_numbers_booleans_and_gaps_read_the_same():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(row(first_used=datetime.datetime(2022, 3, 7), benefit=1500000))  # noqa: DTZ001
    sheet.append([])  # a blank line in the middle
    sheet.append([None, "Chỉ có tên", None, True, 2.5, 3.0, -4, datetime.date(2023, 1, 2), "  khoảng trắng  "])
    sheet["C7"] = "=1+1"  # a formula without a cached value
    sheet["A9"] = datetime.time(8, 30)
    sheet.cell(row=9, column=20, value="xa bên phải")
    buffer = io.BytesIO()
    book.save(buffer)

    reference, fast = both(buffer.getvalue())

    assert fast == reference
    assert fast[1][0][1][10] == datetime.datetime(2022, 3, 7)  # noqa: DTZ001


def test_a_1904_workbook_reads_the_same():
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append(list(COLUMNS))
    book.active.append(row(first_used=datetime.datetime(2022, 3, 7)))  # noqa: DTZ001
    buffer = io.BytesIO()
    book.save(buffer)

    reference, fast = both(buffer.getvalue())

    assert fast == reference


def with_shared_strings(data):
    """The same workbook as Excel writes it: text in xl/sharedStrings.xml, and cell C2 (the
    authors) pointing at a rich-text entry with a phonetic run, which is not part of the text."""
    source = zipfile.ZipFile(io.BytesIO(data))
    strings = []

    def to_shared(match):
        strings.append(match.group(2))  # already escaped as XML text
        return b"<c" + match.group(1) + b' t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<c([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', to_shared, content)
                content = re.sub(rb'<c r="C2" t="s"><v>\d+</v></c>',
                                 b'<c r="C2" t="s"><v>RICH</v></c>', content)
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                          b'sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.'
                                          b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                          b'Target="sharedStrings.xml"/></Relationships>')
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"RICH", str(len(strings)).encode())
            target.writestr(item, content)
        items = "".join(f'<si><t xml:space="preserve">{s.decode()}</t></si>' for s in strings)
        items += ('<si><r><t xml:space="preserve">Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r>'
                  '<rPh sb="0" eb="1"><t>phiên âm</t></rPh></si>')
        target.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main" count="{len(strings) + 1}" uniqueCount="{len(strings) + 1}">{items}</sst>'))
    return out.getvalue()


def test_shared_and_rich_text_strings_read_the_same():
    data = with_shared_strings(xlsx_bytes([row(title="Tên có & và <b>"), row(title="Hai")]))

    reference, fast = both(data)

    assert fast == reference
    assert fast[1][0][1][1] == "Tên có & và <b>"
    assert fast[1][0][1][2] == "Nguyễn Văn An"


def test_a_broken_file_is_refused_as_the_shared_reader_refuses_it():
    with pytest.raises(UnreadableFile, match="Không đọc được tệp Excel"):
        read_table(io.BytesIO(b"PK\x03\x04 not really"), "a.xlsx")


def test_csv_goes_to_the_shared_reader():
    data = "\ufeffMã CĐCS,Tên sáng kiến\nA,B\n".encode()
    assert read_table(io.BytesIO(data), "a.csv") == read_rows(io.BytesIO(data), "a.csv")
