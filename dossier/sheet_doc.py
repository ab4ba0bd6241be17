"""The published column list of the workbook (docs/bang-tinh.md), generated from
:mod:`dossier.sheet_columns` so that it never drifts: ``python -m dossier.sheet_doc > docs/bang-tinh.md``."""

from __future__ import annotations

from dossier.sheet_columns import BOOL, CODE, DATE, ENUM, INT, MONTH, Sheet, sheets
from dossier.sheet_export import headers

_KINDS = {DATE: "ngày (ô ngày, hoặc chữ 15/03/2026)", MONTH: "tháng (09/2018 hoặc 2018-09)", INT: "số",
          BOOL: "Có / Không", ENUM: "chọn trong danh sách", CODE: "mã, chọn trong danh sách"}
_CODES = {"chi_bo": "mã chi bộ trong to-chuc.yaml", "lop": "mã lớp (trường ma của tệp lớp)",
          "ma": "mã đảng viên trong to-chuc.yaml", "nguoi_giup_do": "mã đảng viên trong to-chuc.yaml"}


def _rows(sheet: Sheet) -> list[str]:
    lines = []
    fixed = headers(sheet)[: len(headers(sheet)) - len(sheet.columns)]
    notes = {fixed[0]: "ẩn; nối dòng với tệp và mục: không sửa, để trống ở dòng mới"}
    if len(fixed) > 1:
        notes[fixed[1]] = "người xin vào Đảng của dòng (đúng họ tên ở trang ung-vien)"
    if sheet.kind_header:
        notes[sheet.kind_header] = "chọn trong danh sách: " + (
            "tên mốc" if sheet.mapping else ", ".join(sheet.lists))
    for header in fixed:
        lines.append(f"| {header} | | {notes[header]} |")
    for column in sheet.columns:
        kind = _KINDS.get(column.kind, "chữ")
        if column.kind == ENUM:
            kind += ": " + ", ".join(map(str, column.choices))
        if column.kind == CODE:
            kind = _CODES.get(column.name, kind)
        where = f"hoc_vien[].{column.key} (tệp lớp)" if column.in_class else column.key
        required = " (bắt buộc)" if column.required else ""
        lines.append(f"| {column.header} | `{where}` | {kind}{required} |")
    return lines


def column_list() -> str:
    parts = ["# Bảng tính Excel: danh sách cột\n",
             "Tạo tự động từ lược đồ dữ liệu (`python -m dossier.sheet_doc > docs/bang-tinh.md`); "
             "xem README, mục \"Bảng tính Excel / Spreadsheet round-trip\". Tên trường theo lược đồ "
             "`schemas/ung-vien.schema.json`; cột có số (\"Đảng viên giới thiệu 1\") là mục thứ mấy của danh sách.\n"]
    for sheet in sheets():
        where = ", ".join(".".join(p) for p in sheet.lists.values()) or (".".join(sheet.mapping) if sheet.mapping
                                                                          else "một dòng cho mỗi người")
        parts.append(f"\n## Trang `{sheet.name}`: {sheet.title} ({where})\n\n| Cột | Trường | Ghi gì |\n|---|---|---|\n")
        parts.append("\n".join(_rows(sheet)) + "\n")
    return "".join(parts)


if __name__ == "__main__":
    print(column_list(), end="")
