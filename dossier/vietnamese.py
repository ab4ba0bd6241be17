"""Vietnamese text conventions: dates, names, capitals, numbers, alphabetical order.

Pure functions only: no I/O, no locale, no global state. Every function that
returns text returns it in Unicode NFC (the form Word and the Party templates
expect; third-party data often arrives decomposed, NFD).

Decisions recorded here (see the domain notes §7, §9, §10):

* **Date line padding** (36-HD/VPTW Phụ lục 3): the day is zero-padded below 10;
  the month is zero-padded only for January and February ("tháng 01",
  "tháng 02"); other months are written bare ("tháng 4", "tháng 12").
* **Alphabetical order of people**: given name (tên) first, then the rest of the
  name as written (surname, then middle names). Within a word, letters are
  compared first, by the Vietnamese alphabet
  ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`` (the Latin
  letters f j w z, used in foreign and ethnic-minority names, sit at their
  Latin places); only if the letters are equal do the tones decide, in the
  common dictionary order: không dấu (ngang), huyền, hỏi, ngã, sắc, nặng.
  Case is ignored. Tone placement ("Hoà"/"Hòa") does not matter: the tone
  belongs to the syllable, not to a letter.
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
import hashlib
import re
import unicodedata
from fractions import Fraction
from typing import Callable, Iterable, TypeVar

__all__ = [
    "NBSP",
    "KHOANG_TRONG",
    "THU_TU_DAU",
    "nfc",
    "parse_ngay",
    "parse_thang",
    "HINT_NGAY",
    "HINT_THANG",
    "ngay_thang_nam",
    "dong_ngay",
    "ngay_ngan",
    "thang_nam",
    "thang_nam_day_du",
    "in_hoa",
    "viet_hoa_ho_ten",
    "ten_goi",
    "khoa_sap_xep",
    "sap_xep_ten",
    "so",
    "phan_tram",
    "khong_dau",
    "khoa_dia_danh",
    "gan_giong",
    "slug",
    "so_thang_tron",
    "cong_thang",
]

T = TypeVar("T")

NBSP = "\u00a0"
#: The gap left for a hand-written day or month on a blank date line: eight
#: non-breaking spaces (about 2 em, room for two hand-written digits at 14 pt).
#: Non-breaking, so Word neither collapses nor wraps nor stretches them.
KHOANG_TRONG = NBSP * 8

# ---------------------------------------------------------------------------
# Unicode
# ---------------------------------------------------------------------------

# Invisible characters that copy-paste from web pages and PDFs leaves in names.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def nfc(text: str) -> str:
    """Return ``text`` in Unicode Normalisation Form C (composed diacritics)."""
    return unicodedata.normalize("NFC", text)


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
    s = nfc(text).translate(_INVISIBLE).strip()
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
    s = nfc(str(text)).translate(_INVISIBLE).strip()
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
# Names and capitals
# ---------------------------------------------------------------------------


def in_hoa(text: str) -> str:
    """Capitals with their diacritics, in NFC: ``"đảng bộ"`` → ``"ĐẢNG BỘ"``.

    Works on NFD input too (the result is always NFC).
    """
    return nfc(nfc(text).upper())


_RE_WORD_PART = re.compile(r"([-'’])")


def _cap_word(word: str) -> str:
    # Capitalise each part after a hyphen or apostrophe too: "H'Hen", "Y-Moan".
    parts = _RE_WORD_PART.split(word.lower())
    return "".join(p[:1].upper() + p[1:] for p in parts)


def viet_hoa_ho_ten(text: str) -> str:
    """Normalise a carelessly typed name: ``"nguyễn  thị   HOA"`` → ``"Nguyễn Thị Hoa"``.

    NFC; invisible characters removed; any run of whitespace (including
    non-breaking spaces and tabs) becomes one space; each word is capitalised
    (also after a hyphen or apostrophe, for names such as "H'Hen Niê").
    Spelling and tone placement ("Hoà"/"Hòa") are kept as typed: a name must
    match the identity card.
    """
    words = nfc(text).translate(_INVISIBLE).split()
    return " ".join(_cap_word(w) for w in words)


def ten_goi(ho_ten: str) -> str:
    """The given name (tên): the last word, normalised. ``""`` for an empty name."""
    words = viet_hoa_ho_ten(ho_ten).split()
    return words[-1] if words else ""


# Vietnamese alphabet, with f j w z at their Latin places.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}

#: Tone order used for sorting: không dấu, huyền, hỏi, ngã, sắc, nặng.
THU_TU_DAU = ("không dấu", "huyền", "hỏi", "ngã", "sắc", "nặng")
_TONE_MARKS = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a different letter (ă â ê ô ơ ư), not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_DIGIT_BASE = -20  # digits sort before letters
_OTHER_BASE = 1000  # other symbols after letters, by code point


def _khoa_tu(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key of one word: (letter ranks, tones in order of appearance)."""
    letters: list[int] = []
    tones: list[int] = []
    decomposed = unicodedata.normalize("NFD", word.lower())
    i, n = 0, len(decomposed)
    while i < n:
        base = decomposed[i]
        i += 1
        mods = ""
        while i < n and unicodedata.combining(decomposed[i]):
            mark = decomposed[i]
            if mark in _TONE_MARKS:
                tones.append(_TONE_MARKS[mark])
            elif mark in _LETTER_MARKS:
                mods += mark
            i += 1  # other marks (ü, ç …) are ignored
        letter = unicodedata.normalize("NFC", base + mods)
        if letter in _LETTER_RANK:
            letters.append(_LETTER_RANK[letter])
        elif base in _LETTER_RANK:  # e.g. a modifier on a letter that takes none
            letters.append(_LETTER_RANK[base])
        elif base.isdigit():
            letters.append(_DIGIT_BASE + unicodedata.digit(base, 0))
        elif base.isalpha():
            letters.append(_OTHER_BASE + ord(base))
        # punctuation (apostrophe, hyphen, dot) is ignored at this level
    return tuple(letters), tuple(tones)


def khoa_sap_xep(ho_ten: str) -> tuple:
    """Sort key for Vietnamese alphabetical order of people.

    Compares the given name (last word) first, then the other words in the
    order written (surname, then middle names). Each word compares its letters
    by the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t
    u ư v x y), then, if the letters are equal, its tones in the order
    không dấu, huyền, hỏi, ngã, sắc, nặng. Case, spacing and NFC/NFD do not
    matter. The last element of the key is the normalised name itself, so that
    the order is total and stable.
    """
    name = viet_hoa_ho_ten(ho_ten)
    words = name.split()
    ordered = words[-1:] + words[:-1]
    return (tuple(_khoa_tu(w) for w in ordered), name)


def sap_xep_ten(names: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Sort people in Vietnamese alphabetical order (see :func:`khoa_sap_xep`).

    ``names`` are strings, or any objects with ``key`` returning the full name
    (``sap_xep_ten(candidates, key=lambda c: c["ho_ten"])``). The items are
    returned unchanged, in a new list; equal names keep their input order.
    """
    if key is None:
        return sorted(names, key=lambda n: khoa_sap_xep(n))  # type: ignore[arg-type]
    return sorted(names, key=lambda n: khoa_sap_xep(key(n)))


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def so(n: int) -> str:
    """Integer with "." between thousands: ``1234567`` → ``"1.234.567"``; ``-1500`` → ``"-1.500"``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"so() expects an int, got {type(n).__name__}")
    return f"{n:,}".replace(",", ".")


def phan_tram(a: int | Fraction, b: int | Fraction, decimals: int = 2) -> str:
    """Percentage ``a/b`` with a decimal comma: ``phan_tram(2, 3) == "66,67%"``.

    Rounds half up to ``decimals`` places, then drops trailing zeros
    (``"100%"``, ``"75%"``, ``"12,5%"``). Thousands use "." (``"1.250%"``).
    A ratio that is not exactly 1 (or 0) never shows as ``"100%"`` (or ``"0%"``):
    it is held one step away (``"99,99%"``), so a non-unanimous vote never
    reads as unanimous. Raises :class:`ValueError` when ``b`` is 0.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    if b == 0:
        raise ValueError("Không tính được tỉ lệ phần trăm khi mẫu số bằng 0")
    ratio = Fraction(a) / Fraction(b)
    scale = 10**decimals
    scaled = ratio * 100 * scale
    sign = -1 if scaled < 0 else 1
    units = sign * int(abs(scaled) + Fraction(1, 2))  # half up, away from zero
    if abs(units) == 100 * scale and abs(ratio) != 1:
        units -= sign
    if units == 0 and ratio != 0:
        units = sign
    whole, frac = divmod(abs(units), scale)
    text = so(whole)
    if decimals:
        digits = f"{frac:0{decimals}d}".rstrip("0")
        if digits:
            text += "," + digits
    return ("-" if units < 0 else "") + text + "%"


# ---------------------------------------------------------------------------
# ASCII forms
# ---------------------------------------------------------------------------


def khong_dau(text: str) -> str:
    """Remove diacritics: ``"Đặng Thị Ánh"`` → ``"Dang Thi Anh"`` (đ→d, Đ→D)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return nfc(stripped.replace("đ", "d").replace("Đ", "D"))


_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)}


def slug(text: str, max_length: int = 80) -> str:
    """File-name form: ``"Nguyễn Thị Hoa"`` → ``"nguyen-thi-hoa"``.

    ASCII lowercase letters, digits and single hyphens; at most ``max_length``
    characters (cut at a hyphen where possible). Never empty: text without any
    Latin letter or digit gives ``"khong-ten"`` plus, if the text was not blank,
    a short hash so that different inputs stay different. Windows device names
    (``con``, ``nul`` …) get ``-x`` appended.
    """
    ascii_text = khong_dau(text).lower().encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not s:
        s = "khong-ten"
        if text.strip():
            s += "-" + hashlib.sha1(nfc(text).encode("utf-8")).hexdigest()[:8]
    if len(s) > max_length:
        cut = s[:max_length]
        if "-" in cut and s[max_length] != "-":
            cut = cut.rsplit("-", 1)[0]
        s = cut.strip("-") or s[:max_length]
    if s in _WINDOWS_RESERVED:
        s += "-x"
    return s


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


# ---------------------------------------------------------------------------
# Names of places and committees compared as people mean them
# ---------------------------------------------------------------------------

# Tone marks (grave, acute, hook, tilde, dot below): the old and the new
# spelling put them on different vowels ("uỷ"/"ủy", "hoà"/"hòa").
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    base = nfc("".join(ch for ch in decomposed if ch not in _TONES))
    return base + (tones[0] if tones else "")  # the tone, wherever it was written, goes to the end


def khoa_dia_danh(text: str) -> str:
    """A key under which two spellings of one committee or place are equal:
    NFC, lower case, runs of spaces collapsed, spaces before a comma dropped and
    the tone mark placed the same way whether written on the old or the new
    vowel. ``"Đảng uỷ xã Yên Thành,  tỉnh Nghệ An"`` and ``"Đảng ủy xã Yên
    Thành, tỉnh Nghệ An"`` have the same key; ``"An Khánh"`` and ``"An Khang"``
    do not (see :func:`gan_giong`)."""
    text = re.sub(r"\s+", " ", nfc(text)).strip().lower()
    text = re.sub(r" ?, ?", ", ", text)
    return " ".join(_word_key(w) for w in text.split(" "))


def gan_giong(a: str, b: str) -> bool:
    """Two names that are not the same (different :func:`khoa_dia_danh`) but
    differ only by diacritics or by one letter: ``"An Khánh"`` / ``"An Khang"``.
    They may be two communes, or one typed wrongly: worth a warning, never a merge."""
    ka, kb = khoa_dia_danh(a), khoa_dia_danh(b)
    if ka == kb:
        return False
    return _edit_distance_at_most_one(khong_dau(ka), khong_dau(kb))


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
