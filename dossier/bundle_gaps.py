"""The gap of an incomplete bundle, shown where a reader cannot miss it.

A bundle built while one of its documents failed (conversion failed twice, a
broken workspace template: see :mod:`dossier.build`) is still written, marked
incomplete: the cover says so in a line naming what is missing ("Tình trạng: HỒ SƠ CHƯA ĐỦ…"), and the
contents table ends with a group "Tài liệu chưa có — hồ sơ chưa đủ" listing
each missing document with the reason and "THIẾU" in the page column, in bold.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.bundle_front import CELL_PAD_X, COLUMNS, TABLE_SIZE, Row, _roman, _row_height
from dossier.typeset import nfc, wrap

GAP_GROUP = "Tài liệu chưa có — hồ sơ chưa đủ"
GAP_PAGE = "THIẾU"


@dataclass(frozen=True)
class Missing:
    """A document that belongs in the bundle and could not be made."""

    code: str
    title: str
    why: str


def normalised(missing) -> list[Missing]:
    return [Missing(nfc(m.code), nfc(m.title), " ".join(nfc(m.why).split())) for m in missing]


def cover_line(missing: list[Missing]) -> str:
    """The cover's line, printed like the candidate's particulars (label, value
    in bold): ``Tình trạng: HỒ SƠ CHƯA ĐỦ, còn thiếu 9-KNĐ (xem mục lục)``."""
    return f"Tình trạng: HỒ SƠ CHƯA ĐỦ, còn thiếu {', '.join(m.code for m in missing)} (xem mục lục)"


def gap_rows(missing: list[Missing], fonts: dict[str, str], first_number: int, groups_before: int) -> list[Row]:
    """The rows of the missing documents, after the parts' rows: a group row,
    then one row per document numbered on from ``first_number``."""
    if not missing:
        return []
    regular, bold, italic = fonts["regular"], fonts["bold"], fonts["italic"]
    inner = [w - 2 * CELL_PAD_X for w in COLUMNS]
    cells = [[_roman(groups_before + 1)], wrap(GAP_GROUP, bold, TABLE_SIZE, COLUMNS[1] + COLUMNS[2] - 2 * CELL_PAD_X),
             [GAP_PAGE]]
    rows = [Row("gap-group", cells, [bold] * 3, _row_height(cells))]
    for number, item in enumerate(missing, start=first_number):
        text = wrap(item.title or item.code, italic, TABLE_SIZE, inner[2])
        text += wrap(f"Chưa có: {item.why}", italic, TABLE_SIZE, inner[2])
        cells = [[str(number)], wrap(item.code, regular, TABLE_SIZE, inner[1]), text, [GAP_PAGE]]
        rows.append(Row("gap", cells, [regular, regular, italic, bold], _row_height(cells)))
    return rows
