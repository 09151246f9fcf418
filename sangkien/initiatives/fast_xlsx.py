"""The first sheet of an .xlsx as `tabular.read_rows` returns it, several times faster.

openpyxl's read-only reader builds a cell object through descriptors for every cell: 12 s of
CPU for the 280,000 cells of a 20,000-row import file, most of the import's time. Here
openpyxl still opens the workbook and reads what is tricky (which part is the first sheet,
shared strings, which styles are dates, the 1900/1904 epoch); only the loop over the cells
is replaced by a plain iterparse of the sheet's XML, with openpyxl's own conversions, and
the same result (tests compare the two). Anything unexpected falls back to read_rows.
"""

import datetime
import io
from functools import lru_cache
from xml.etree.ElementTree import iterparse

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

from sangkien.core.tabular import read_rows

_NS = "{" + SHEET_MAIN_NS + "}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN = (_NS + "row", _NS + "c", _NS + "v", _NS + "is", _NS + "t", _NS + "r")


def _safe_expat():
    import pyexpat

    version = tuple(int(p) for p in pyexpat.EXPAT_VERSION.rpartition("_")[2].split("."))
    return version >= (2, 4, 1)


SAFE_EXPAT = _safe_expat()


def read_table(source, filename):
    """(header, rows) like tabular.read_rows; .xlsx through the fast path."""
    if not filename.lower().endswith(".xlsx") or not SAFE_EXPAT:
        return read_rows(source, filename)
    if not isinstance(source, str) and hasattr(source, "read"):
        source = io.BytesIO(source.read())
    try:
        return _read(source)
    except Exception:  # anything this reader did not foresee: the reference reader decides
        if hasattr(source, "seek"):
            source.seek(0)
        return read_rows(source, filename)


@lru_cache(maxsize=4096)
def _column_of_letters(letters):
    return column_index_from_string(letters)


def _column(reference):
    return _column_of_letters(reference.rstrip("0123456789"))


def _inline_text(element):
    node = element.find(_INLINE)
    if node is None:
        return None
    plain = node.find(_TEXT)
    parts = [plain.text or ""] if plain is not None else []
    parts += [run.findtext(_TEXT) or "" for run in node.findall(_RUN)]
    return "".join(parts)


def _to_text(value):  # as tabular.cell_to_text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value
    return str(value).strip()


def _read(source):
    from openpyxl import load_workbook

    workbook = load_workbook(source, read_only=True, data_only=True)  # on failure read_rows says why
    try:
        sheet = workbook.worksheets[0]
        strings = workbook.shared_strings
        dates = workbook._date_formats
        durations = workbook._timedelta_formats
        epoch = workbook.epoch
        rows = {}
        with workbook._archive.open(sheet._worksheet_path) as xml:
            row_number = 0
            # The C parser: defusedxml's (which openpyxl prefers) runs every event through Python
            # and costs 2.5 times as much. Safe here: expat >= 2.4.1 refuses entity expansion
            # attacks and ElementTree never fetches external entities (Python's XML docs).
            for _event, element in iterparse(xml):  # noqa: S314
                if element.tag != _ROW:
                    continue
                row_number = int(element.get("r") or row_number + 1)
                values = {}
                column = 0
                for cell in element.iter(_CELL):
                    reference = cell.get("r")
                    column = _column(reference) if reference else column + 1
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        value = _inline_text(cell)
                    else:
                        value = cell.findtext(_VALUE) or None
                        if value is not None:
                            if kind == "n":
                                value = float(value) if ("." in value or "E" in value or "e" in value) \
                                    else int(value)
                                style = int(cell.get("s", 0))
                                if style in dates:
                                    try:
                                        value = from_excel(value, epoch, timedelta=style in durations)
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"
                            elif kind == "s":
                                value = strings[int(value)]
                            elif kind == "b":
                                value = bool(int(value))
                            elif kind == "d":
                                value = from_ISO8601(value)
                    values[column] = value
                element.clear()
                rows[row_number] = values
    finally:
        workbook.close()

    first = rows.pop(1, {})
    width = max(first, default=0)
    header = [str(first[c]).strip() if first.get(c) is not None else "" for c in range(1, width + 1)]
    while header and header[-1] == "":
        header.pop()
    # Every row as wide as the widest, as openpyxl's read-only rows are.
    width = max([width, *(max(values, default=0) for values in rows.values())])
    out = []
    for number in sorted(rows):
        values = rows[number]
        cells = [_to_text(values.get(c)) for c in range(1, width + 1)]
        if any(c != "" for c in cells):
            out.append((number, cells))
    return header, out
