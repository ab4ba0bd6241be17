"""``dossier export xlsx``: a workspace's people as one Excel workbook.

The sheets and columns are those of :mod:`dossier.sheet_columns`. Dates are
date cells (shown 17/03/2026), every other column is formatted as text (an ID
number keeps its leading zero, a value beginning with "=" stays text and is
never a formula), enumerations and codes get drop-down lists (kept on a hidden
sheet ``danh-muc``), and a hidden first column links each row to its file.
``blank=True`` writes the same workbook without rows: the form an office fills in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dossier import fsutil
from dossier.sheet_columns import (
    BOOL, CODE, CODE_FIELDS, DATE, ENUM, INT, KEY_HEADER, LISTS_SHEET, PERSON_HEADER, Column, Sheet,
    milestone_choices, sheets,
)
from dossier.sheet_model import Workspace, read_workspace, row_key, to_cell, value_at

DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
FORMATTED_ROWS = 500  # empty rows below the data that keep the column's format and drop-down list
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass
class Exported:
    path: Path
    rows: dict = field(default_factory=dict)  # sheet name -> number of rows written
    findings: list = field(default_factory=list)


def headers(sheet: Sheet) -> list[str]:
    """The header row of ``sheet``: key, [person], [kind], then its columns."""
    row = [KEY_HEADER]
    if not sheet.is_candidates:
        row.append(PERSON_HEADER)
    if sheet.kind_header:
        row.append(sheet.kind_header)
    return row + [c.header for c in sheet.columns]


def export_workbook(folder: Path, out: Path, blank: bool = False) -> Exported:
    ws = read_workspace(folder)
    book = Workbook()
    book.remove(book.active)
    lists = _Lists(book.create_sheet(LISTS_SHEET))
    result = Exported(Path(out), findings=list(ws.findings))
    for sheet in sheets():
        target = book.create_sheet(sheet.name)
        rows = [] if blank else list(_rows(ws, sheet))
        _write(target, sheet, rows, lists, ws)
        result.rows[sheet.name] = len(rows)
    lists.sheet.sheet_state = "hidden"
    book.move_sheet(lists.sheet, offset=len(book.sheetnames) - 1)  # the people's sheet first
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    fsutil.write_bytes(out, buffer.getvalue())
    return result


def _rows(ws: Workspace, sheet: Sheet):
    """Each row of ``sheet`` as its list of cell values (the header order)."""
    titles = dict(milestone_choices())
    for rel, entry in ws.people.items():
        data = entry.data
        name = data.get("ho_ten")
        if sheet.is_candidates:
            class_rel, index = ws.class_of(rel)
            entry = ws.classes[class_rel].data["hoc_vien"][index] if class_rel else {}
            values = []
            for column in sheet.columns:
                if column.key == "lop":
                    values.append(ws.classes[class_rel].data.get("ma") if class_rel else None)
                else:
                    values.append(to_cell(column, value_at(entry if column.in_class else data, column.path)))
            yield [row_key(rel), *values]
        elif sheet.mapping is not None:
            mapping = value_at(data, sheet.mapping)
            for key, item in (mapping.items() if isinstance(mapping, dict) else ()):
                yield [row_key(rel, (*sheet.mapping, key)), name, titles.get(key, key),
                       *(to_cell(c, value_at(item, c.path)) for c in sheet.columns)]
        else:
            for label, path in sheet.lists.items():
                items = value_at(data, path)
                for i, item in enumerate(items if isinstance(items, list) else ()):
                    kind = [label] if sheet.kind_header else []
                    yield [row_key(rel, path, i), name, *kind, *(to_cell(c, value_at(item, c.path)) for c in sheet.columns)]


class _Lists:
    """The hidden sheet of drop-down choices, one column per list."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.ranges: dict = {}

    def range_of(self, name: str, choices) -> str | None:
        choices = [str(c) for c in choices if str(c)]
        if not choices:
            return None
        if name not in self.ranges:
            column = get_column_letter(len(self.ranges) + 1)
            self.sheet[f"{column}1"] = name
            for i, choice in enumerate(choices, start=2):
                self.sheet[f"{column}{i}"] = choice
                self.sheet[f"{column}{i}"].data_type = "s"
            self.ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${column}$2:${column}${len(choices) + 1}"
        return self.ranges[name]


def _choices(column: Column, ws: Workspace) -> tuple[str, tuple]:
    if column.kind == CODE:
        source = CODE_FIELDS.get(column.name, column.name)
        return source, tuple(ws.codes.get(source, ()))
    if column.kind in (ENUM, BOOL):
        return column.key, column.choices
    return "", ()


def _write(target, sheet: Sheet, rows: list, lists: _Lists, ws: Workspace) -> None:
    names = headers(sheet)
    target.append(names)
    for cell in target[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    offset = len(names) - len(sheet.columns)
    kinds = [None] * offset + [c.kind for c in sheet.columns]
    for row, values in enumerate(rows, start=2):  # not target.max_row: it counts every cell each time
        for j, value in enumerate(values, start=1):
            _put(target.cell(row=row, column=j), value, kinds[j - 1])
    last = 1 + len(rows) + FORMATTED_ROWS
    for j, kind in enumerate(kinds, start=1):
        letter = get_column_letter(j)
        dimension = target.column_dimensions[letter]
        dimension.width = 14 if kind in (DATE, INT, BOOL) else 24
        dimension.number_format = DATE_FORMAT if kind == DATE else ("General" if kind == INT else TEXT_FORMAT)
    target.column_dimensions["A"].hidden = True
    target.freeze_panes = target.cell(row=2, column=offset + 1)
    validations = []
    if sheet.kind_header:
        labels = tuple(title for _, title in milestone_choices()) if sheet.mapping else tuple(sheet.lists)
        validations.append((offset, ("loai:" + sheet.name, labels)))
    validations += [(offset + i + 1, _choices(c, ws)) for i, c in enumerate(sheet.columns)]
    for j, (name, choices) in validations:
        source = lists.range_of(name, choices) if name else None
        if source:
            letter = get_column_letter(j)
            rule = DataValidation(type="list", formula1=source, allow_blank=True, errorStyle="warning",
                                  errorTitle="Giá trị không có trong danh sách",
                                  error="Hãy chọn một giá trị trong danh sách thả xuống.")
            rule.add(f"{letter}2:{letter}{last}")
            target.add_data_validation(rule)


def _put(cell, value, kind) -> None:
    cell.value = value
    if kind == DATE and value is not None and not isinstance(value, str):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
        cell.number_format = TEXT_FORMAT
        if value.startswith(("=", "+", "-", "@")):
            cell.quotePrefix = True
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
