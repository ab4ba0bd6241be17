"""Dates the Vietnamese way: parsing what people write, formatting for the
Party's documents, and counting months.

Pure functions only: no I/O, no locale, no global state; text is returned in
Unicode NFC. Decisions recorded here (see the domain notes §7, §9):

* **Date line padding** (36-HD/VPTW Phụ lục 3): the day is zero-padded below 10;
  the month is zero-padded only for January and February ("tháng 01",
  "tháng 02"); other months are written bare ("tháng 4", "tháng 12").
* **Completed months** (ages and validity periods): a month counted from day
  *D* is complete on day *D* of the later month; when that month has no day
  *D* (born 29/02, 30/…, 31/…) it is complete on the last day of that month.
  So someone born 29/02/2008 completes 216 months (18 years) on 28/02/2026.
  This is the rule of Bộ luật Dân sự 2015, Điều 148 khoản 3 for periods in
  months, and it is exactly the inverse of :func:`cong_thang`, which clamps to
  the end of the month: ``so_thang_tron(a, b) >= n`` iff ``cong_thang(a, n) <= b``.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re

from dossier.vn_text import INVISIBLE, NBSP, nfc

#: The gap left for a hand-written day or month on a blank date line: eight
#: non-breaking spaces (about 2 em, room for two hand-written digits at 14 pt).
#: Non-breaking, so Word neither collapses nor wraps nor stretches them.
KHOANG_TRONG = NBSP * 8

# ---------------------------------------------------------------------------
# Dates: parsing
# ---------------------------------------------------------------------------

_RE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_RE_DMY = re.compile(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]+)", re.ASCII)
_RE_LINE = re.compile(
    r"(?:ngày\s*)?([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]+)", re.IGNORECASE
)
_RE_YM = re.compile(r"([0-9]{4})-([0-9]{1,2})", re.ASCII)
_RE_MY = re.compile(r"(?:tháng\s*)?([0-9]{1,2})\s*[/.-]\s*([0-9]+)", re.IGNORECASE)

#: How to write a date or a month: said once in a message about a spelling the
#: parser does not understand (the schema checker adds nothing of its own).
HINT_NGAY = "ghi ngày dạng 15/03/2026 hoặc 2026-03-15"
HINT_THANG = "ghi tháng dạng 09/2018 hoặc 2018-09"


def _named(noun: str, text: str) -> str:
    """``"Ngày 2026-13-01"``; ``"ngày 5 tháng 13 năm 2026"`` already says it."""
    return text if text.casefold().startswith(noun.casefold()) else f"{noun} {text}"


def _no_such_month(what: str, year: int, month: int, day: int | None = None) -> str:
    """Why ``what`` (a date or a month as written) names no month: ``"… không
    tồn tại: không có tháng 13 (tháng chỉ từ 1 đến 12)"``, and when the month
    and the day look swapped (``2026-13-01``, ``01/13/2026``), how to write the
    date that was probably meant."""
    if year < datetime.MINYEAR:
        return f"{what} không tồn tại: không có năm {year}"
    message = f"{what} không tồn tại: không có tháng {month} (tháng chỉ từ 1 đến 12)"
    if day is not None and 1 <= day <= 12 and 13 <= month <= 31:
        message += f"; nếu {month} là ngày thì ghi {month:02d}/{day:02d}/{year:04d}"
    return message


def _make_date(text: str, year: str, month: str, day: str) -> datetime.date:
    if len(year) != 4:
        raise ValueError(f"Năm trong ngày '{text}' phải có đủ 4 chữ số ({HINT_NGAY})")
    y, m, d = int(year), int(month), int(day)
    what = _named("Ngày", text)
    if not 1 <= m <= 12 or y < datetime.MINYEAR:
        raise ValueError(_no_such_month(what, y, m, d))
    last = calendar.monthrange(y, m)[1]
    if d < 1:
        raise ValueError(f"{what} không tồn tại: không có ngày {d} (ngày bắt đầu từ 1)")
    if d > last:
        raise ValueError(f"{what} không tồn tại: tháng {m} năm {y} chỉ có {last} ngày")
    return datetime.date(y, m, d)


def parse_ngay(text: str | datetime.date) -> datetime.date:
    """Parse a date written by a person.

    Accepted: ISO ``2026-03-15`` (also ``2026-3-5``); day first ``15/03/2026``,
    ``5/3/2026``, ``15-03-2026``, ``15.03.2026``; and the formal line
    ``ngày 15 tháng 3 năm 2026``. The year must have four digits. A
    :class:`datetime.date` (YAML may already have produced one) is returned as a
    date (a ``datetime`` loses its time).

    Raises :class:`ValueError` with a Vietnamese message that says what is wrong:
    ``"Ngày 31/02/2026 không tồn tại: tháng 2 năm 2026 chỉ có 28 ngày"``, ``"Ngày
    2026-13-01 không tồn tại: không có tháng 13 …"`` (the date as written), or,
    for a spelling it does not understand, how to write a date (once).
    """
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    if not isinstance(text, str):
        raise ValueError(f"Không hiểu ngày {text!r}: {HINT_NGAY}")
    return _parse_ngay_text(text)


@functools.lru_cache(maxsize=4096)  # the checker and the forms read the same dates many times
def _parse_ngay_text(text: str) -> datetime.date:
    s = nfc(text).translate(INVISIBLE).strip()
    if m := _RE_ISO.fullmatch(s):
        return _make_date(s, m[1], m[2], m[3])
    if m := _RE_DMY.fullmatch(s):
        return _make_date(s, m[4], m[3], m[1])
    if m := _RE_LINE.fullmatch(s):
        return _make_date(s, m[3], m[2], m[1])
    raise ValueError(f"Không hiểu ngày '{text}': {HINT_NGAY}")


def parse_thang(text: str) -> tuple[int, int]:
    """Parse a month of a year; return ``(year, month)``.

    Accepted: ``2018-09``, ``09/2018``, ``9/2018``, ``9-2018`` and
    ``tháng 9-2018`` (the lý lịch spelling). Raises :class:`ValueError` with a
    Vietnamese message for month 0 or 13+, a two-digit year or other spellings.
    """
    s = nfc(str(text)).translate(INVISIBLE).strip()
    if m := _RE_YM.fullmatch(s):
        year, month = m[1], m[2]
    elif m := _RE_MY.fullmatch(s):
        month, year = m[1], m[2]
    else:
        raise ValueError(f"Không hiểu tháng '{text}': {HINT_THANG}")
    if len(year) != 4:
        raise ValueError(f"Năm trong '{text}' phải có đủ 4 chữ số ({HINT_THANG})")
    y, mo = int(year), int(month)
    if not 1 <= mo <= 12 or y < datetime.MINYEAR:
        raise ValueError(_no_such_month(_named("Tháng", s), y, mo))
    return y, mo


# ---------------------------------------------------------------------------
# Dates: formatting
# ---------------------------------------------------------------------------


def _thang_dong_ngay(month: int) -> str:
    """Month as written on the date line: 01, 02, then 3 … 12 unpadded."""
    return f"{month:02d}" if month <= 2 else str(month)


def ngay_thang_nam(d: datetime.date) -> str:
    """Formal date: ``"ngày 03 tháng 4 năm 2018"``, ``"ngày 20 tháng 01 năm 2025"``.

    Party padding rule (36-HD/VPTW Phụ lục 3): day < 10 zero-padded; months 1
    and 2 zero-padded; months 3–12 not padded.
    """
    return f"ngày {d.day:02d} tháng {_thang_dong_ngay(d.month)} năm {d.year}"


def dong_ngay(dia_danh: str, d: datetime.date | None, *, nam: int | None = None) -> str:
    """The place-and-date line: ``"Hạ Long, ngày 20 tháng 02 năm 2018"``.

    With ``d`` None, a line to fill in by hand, the gaps made of non-breaking
    spaces (:data:`KHOANG_TRONG`): ``"Hạ Long, ngày ␣␣␣ tháng ␣␣␣ năm 20…"``;
    pass ``nam=2026`` to print the year when it is already known
    (``"… tháng ␣␣␣ năm 2026"``). An empty place gives the date part alone.
    """
    place = " ".join(nfc(dia_danh or "").split())
    if d is not None:
        date_part = ngay_thang_nam(d)
    else:
        year = str(nam) if nam is not None else "20…"
        date_part = f"ngày{KHOANG_TRONG}tháng{KHOANG_TRONG}năm {year}"
    return f"{place}, {date_part}" if place else date_part


def ngay_ngan(d: datetime.date) -> str:
    """Short date for running text, no padding: ``"26/5/2025"``, ``"3/4/2018"``."""
    return f"{d.day}/{d.month}/{d.year}"


def ngay_van_ban(d: datetime.date) -> str:
    """Short date in the body of a document, padded as the căn cứ lines print
    theirs (``ngày 09/6/2025``, ``20/01/2025``: the rule of :func:`ngay_thang_nam`):
    ``"05/10/1999"``, ``"26/5/2025"``, ``"27/02/1997"``."""
    return f"{d.day:02d}/{_thang_dong_ngay(d.month)}/{d.year}"


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"Tháng {month} không tồn tại")


def thang_nam(year: int, month: int) -> str:
    """Lý lịch period: ``thang_nam(2000, 9) == "9-2000"`` (month unpadded)."""
    _check_month(month)
    return f"{month}-{year}"


def thang_nam_day_du(year: int, month: int) -> str:
    """Lý lịch period with its word: ``"tháng 9-2000"``."""
    return f"tháng {thang_nam(year, month)}"


# ---------------------------------------------------------------------------
# Months between dates
# ---------------------------------------------------------------------------


def cong_thang(d: datetime.date, months: int) -> datetime.date:
    """``d`` plus ``months`` calendar months (negative allowed), clamped to month end.

    ``cong_thang(date(2024, 2, 29), 12) == date(2025, 2, 28)``;
    ``cong_thang(date(2025, 1, 31), 1) == date(2025, 2, 28)``.
    """
    total = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(total, 12)
    month = month0 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"Năm {year} nằm ngoài phạm vi tính được")
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(d.day, last))


def so_thang_tron(tu: datetime.date, den: datetime.date) -> int:
    """Completed months from ``tu`` to ``den`` (for ages counted in months, §7).

    Born 10/03/2008: 216 months on 10/03/2026, 215 on 09/03/2026. When the
    later month has no day matching ``tu`` (born 29/02, 30th, 31st), the month
    is complete on that month's last day: born 29/02/2008 → 216 months on
    28/02/2026 (BLDS 2015 Điều 148 khoản 3). Equivalently, the largest ``n``
    with ``cong_thang(tu, n) <= den``. If ``den`` is before ``tu`` the result is
    ``-so_thang_tron(den, tu)`` (negative), never an exception.
    """
    if den < tu:
        return -so_thang_tron(den, tu)
    months = (den.year - tu.year) * 12 + (den.month - tu.month)
    last_day = calendar.monthrange(den.year, den.month)[1]
    if den.day < tu.day and den.day != last_day:
        months -= 1
    return months
