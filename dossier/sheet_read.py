"""Reading a workbook, the exported one or a roster typed by hand.

A workbook is untrusted input, like a YAML file:

* an ``.xls`` file (Excel 97-2003) is refused with how to save it as ``.xlsx``;
* the zip's declared sizes are checked before openpyxl opens it (a zip bomb is
  refused without being unpacked), and the workbook is read in openpyxl's
  streaming ``read_only`` mode with bounds on rows, columns and cell length.

A roster typed by hand is read the way people type them:

* a sheet is recognised by its name (``ung-vien``, ``gia-dinh``… or their
  titles) or else by its headers; headers are recognised by their text,
  without case, diacritics or punctuation, with synonyms ("Số CCCD", "Quê
  quán", "Họ tên"), in any order, anywhere in the first rows, also under a
  merged header cell ("Đoàn Thanh niên" over "Ngày vào" and "Nơi vào");
* dates may be date cells, Excel serial numbers or text (``15/3/2006``); text
  in the old TCVN3/VNI encodings is detected as the loader detects it in files
  (:mod:`dossier.text_encoding`).
"""

from __future__ import annotations

import datetime
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dossier.findings import ERROR, WARNING, Finding, Location
from dossier.sheet_columns import DATE, KEY_HEADER, MONTH, PERSON_HEADER, Sheet, header_words, sheets
from dossier.sheet_model import KEEP
from dossier.text_encoding import ENCODING_ADVICE, legacy_findings
from dossier.yaml_values import MAX_VALUE_CHARS

MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # all the parts of the workbook, as the zip declares them
# one part (a sheet's XML): openpyxl scans a sheet without a <dimension> whole when it opens it
# (about 0.4 s a MB), so this bounds the time too; a sheet of 2 000 people with every column is ~5 MB
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_ROWS = 20_000  # rows with data in one sheet
MAX_EMPTY_RUN = 2_000  # this many empty rows in a row end a sheet (formatted but unused rows)
MAX_COLUMNS = 300
HEADER_ROWS = 10  # the header row is looked for among the first rows
_OLE = b"\xd0\xcf\x11\xe0"
CELL_ADVICE = ("Hãy chuyển mã ô này sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey: chọn bảng mã nguồn "
               "TCVN3 hoặc VNI, đích Unicode) hoặc gõ lại bằng Unicode.")

KEY, PERSON, KIND = "#key", "#person", "#kind"
_SPECIAL_WORDS = {
    KEY: (KEY_HEADER, "khoa", "khóa"),
    PERSON: (PERSON_HEADER, "người xin vào đảng", "họ tên người xin vào đảng", "quần chúng", "họ tên quần chúng"),
    KIND: ("loại", "mốc", "loại mốc", "khen thưởng/kỷ luật"),
}


@dataclass
class Row:
    number: int
    cells: dict = field(default_factory=dict)  # column key (or KEY/PERSON/KIND) -> (value, column letter)

    def value(self, key):
        return self.cells.get(key, (None, None))[0]

    def ref(self, sheet: str, key) -> str:
        letter = self.cells.get(key, (None, "A"))[1]
        return f"{sheet}!{letter}{self.number}"


@dataclass
class Table:
    sheet: Sheet
    name: str  # the worksheet's own name
    keys: set = field(default_factory=set)  # the columns present
    rows: list = field(default_factory=list)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


class Unreadable(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def read_workbook(path: Path, display: str) -> tuple[list[Table], list[Finding]]:
    """The tables of the workbook at ``path`` and the problems of reading it.
    A workbook that cannot be read at all gives no tables and one error."""
    try:
        _check_container(Path(path), display)
        return _read(Path(path), display)
    except Unreadable as exc:
        return [], [exc.finding]


def _refuse(display: str, code: str, message: str) -> Unreadable:
    return Unreadable(Finding(ERROR, code, message, Location(display)))


def _check_container(path: Path, display: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _refuse(display, "sheet.unreadable", f"không đọc được tệp: {exc.strerror or exc}") from exc
    if head.startswith(_OLE) or path.suffix.lower() == ".xls":
        raise _refuse(display, "sheet.xls",
                      "đây là tệp Excel 97-2003 (.xls); hãy mở bằng Excel và lưu lại dưới dạng .xlsx "
                      "(Tệp > Lưu thành > Sổ làm việc Excel (*.xlsx)) rồi nhập tệp .xlsx đó")
    if not zipfile.is_zipfile(path):
        raise _refuse(display, "sheet.not_xlsx",
                      "đây không phải tệp Excel .xlsx; hãy lưu bảng tính dưới dạng Sổ làm việc Excel (*.xlsx)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(display, "sheet.not_xlsx", "tệp .xlsx bị hỏng, không mở được; hãy lưu lại bằng Excel") from exc
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES \
            or any(e.file_size > MAX_PART_BYTES for e in entries):
        raise _refuse(display, "sheet.too_large",
                      f"bảng tính quá lớn khi giải nén (hơn {MAX_UNZIPPED_BYTES // 1024 // 1024} MB, một trang hơn "
                      f"{MAX_PART_BYTES // 1024 // 1024} MB hoặc hơn {MAX_ZIP_ENTRIES} phần); một bảng danh sách "
                      "hồ sơ không cần lớn như vậy")


def _read(path: Path, display: str) -> tuple[list[Table], list[Finding]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise _refuse(display, "sheet.not_xlsx",
                      "tệp .xlsx bị hỏng hoặc không đúng định dạng, không mở được; hãy mở bằng Excel và lưu lại") from exc
    findings: list[Finding] = []
    tables: list[Table] = []
    try:
        taken = set()
        for worksheet in book.worksheets:
            if worksheet.sheet_state != "visible" and worksheet.title == "danh-muc":
                continue
            head = [list(r) for r in worksheet.iter_rows(max_row=HEADER_ROWS, max_col=MAX_COLUMNS, values_only=True)]
            match = _which_sheet(worksheet.title, head, taken)
            if match is None:
                continue
            spec, at, columns = match
            taken.add(spec.name)
            table = Table(spec, worksheet.title, set(columns.values()))
            findings += _unknown_headers(display, worksheet.title, head, at, columns)
            _rows(worksheet, table, at, columns, display, findings)
            tables.append(table)
    finally:
        book.close()
    if not tables:
        findings.append(Finding(ERROR, "sheet.no_table", "không tìm thấy trang nào có dòng tiêu đề nhận ra được "
                                "(ví dụ 'Họ và tên', 'Ngày sinh'); hãy xuất mẫu bằng dossier export xlsx --blank",
                                Location(display)))
    return tables, findings


def _words(spec: Sheet) -> dict:
    found = {}
    for key, words in _SPECIAL_WORDS.items():
        if key == PERSON and spec.is_candidates or key == KIND and not spec.kind_header:
            continue
        for word in words:
            found.setdefault(header_words(word), key)
    for column in spec.columns:
        for word in column.words:
            found.setdefault(word, column.key)
    return found


def _header_columns(head: list, at: int, words: dict) -> dict:
    """Column index -> key for header row ``at``, with the row above it (a merged
    parent header, carried over the cells it spans) where the row alone is not enough."""
    above = head[at - 1] if at > 0 else []
    carried, parent = [], None
    for i in range(len(head[at])):
        value = above[i] if i < len(above) else None
        parent = value if value not in (None, "") else parent
        carried.append(parent)
    columns, used = {}, set()
    for i, value in enumerate(head[at]):
        tries = [f"{carried[i]} {value}", value] if carried[i] not in (None, "") and value not in (None, "") \
            else [value if value not in (None, "") else (above[i] if i < len(above) else None)]
        for text in tries:
            key = words.get(header_words(text)) if text not in (None, "") else None
            if key is not None and key not in used:
                columns[i] = key
                used.add(key)
                break
    return columns


def _which_sheet(title: str, head: list, taken: set):
    """(sheet, header row index, columns) for a worksheet: by its name, else by its headers."""
    named = [s for s in sheets() if header_words(title) in (header_words(s.name), header_words(s.title))]
    best = None
    for spec in named or sheets():
        if spec.name in taken:
            continue
        words = _words(spec)
        for at in range(len(head)):
            columns = _header_columns(head, at, words)
            score = len([k for k in columns.values() if not str(k).startswith("#")])
            needed = "ho_ten" if spec.is_candidates else PERSON
            if needed not in columns.values() and KEY not in columns.values():
                continue
            if score >= (1 if named else 2) and (best is None or score > best[0]):
                best = (score, spec, at, columns)
    return best[1:] if best else None


def _unknown_headers(display: str, sheet: str, head: list, at: int, columns: dict) -> list[Finding]:
    found = []
    for i, value in enumerate(head[at]):
        if value not in (None, "") and i not in columns and header_words(value) not in ("stt", "tt", "so tt"):
            found.append(Finding(WARNING, "sheet.unknown_column",
                                 f"cột '{value}' không nhận ra nên không được nhập",
                                 Location(display, field=f"{sheet}!{_letter(i)}{at + 1}")))
    return found


def _rows(worksheet, table: Table, at: int, columns: dict, display: str, findings: list) -> None:
    empty_run = 0
    if (worksheet.max_row or 0) - at > MAX_ROWS + MAX_EMPTY_RUN:
        findings.append(_too_many(display, worksheet.title))
        return
    for number, values in enumerate(worksheet.iter_rows(min_row=at + 2, max_col=MAX_COLUMNS, values_only=True),
                                    start=at + 2):
        cells = {}
        for i, key in columns.items():
            value = values[i] if i < len(values) else None
            if isinstance(value, str) and not value.strip():
                value = None
            if value is not None:
                cells[key] = (_value(table, key, value, display, f"{worksheet.title}!{_letter(i)}{number}",
                                     findings), _letter(i))
        if not cells:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                return
            continue
        empty_run = 0
        if len(table.rows) >= MAX_ROWS:
            findings.append(_too_many(display, worksheet.title))
            table.rows.clear()
            return
        for i, key in columns.items():
            cells.setdefault(key, (None, _letter(i)))
        table.rows.append(Row(number, cells))


def _too_many(display: str, sheet: str) -> Finding:
    return Finding(ERROR, "sheet.too_many_rows", f"trang '{sheet}' có quá nhiều dòng (hơn {MAX_ROWS}); "
                   "một bảng danh sách hồ sơ không cần nhiều như vậy", Location(display, field=sheet))


def _value(table: Table, key, value, display: str, ref: str, findings: list):
    column = next((c for c in table.sheet.columns if c.key == key), None)
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        if len(value) > MAX_VALUE_CHARS:
            findings.append(Finding(ERROR, "sheet.value_too_long",
                                    f"ô dài {len(value)} ký tự, quá giới hạn {MAX_VALUE_CHARS} ký tự",
                                    Location(display, field=ref)))
            return KEEP
        legacy = legacy_findings(ref, value)
        if legacy:
            severity = ERROR if any(f.is_error for f in legacy) else WARNING
            message = legacy[0].message.replace("tệp có vẻ được gõ", "chữ có vẻ được gõ").replace(
                ENCODING_ADVICE, CELL_ADVICE).replace("hãy gõ lại bằng Unicode", CELL_ADVICE.rstrip(".").lower())
            findings.append(Finding(severity, "sheet.encoding_legacy", "ô này: " + message,
                                    Location(display, field=ref)))
            if severity == ERROR:
                return KEEP
        return value
    if column is not None and column.kind in (DATE, MONTH) and isinstance(value, (int, float)) \
            and not isinstance(value, bool) and 10_000 < value < 2_958_466:
        from openpyxl.utils.datetime import from_excel
        return from_excel(value).date()  # an Excel serial number: a date cell formatted as a number
    if isinstance(value, datetime.datetime):
        return value.date()
    return value
