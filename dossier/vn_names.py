"""Names of people: capitals, a carelessly typed name made tidy, the given
name, and Vietnamese alphabetical order.

Pure functions only: no I/O, no locale, no global state; text is returned in
Unicode NFC. Decision recorded here (see the domain notes §10):

* **Alphabetical order of people**: given name (tên) first, then the rest of the
  name as written (surname, then middle names). Within a word, letters are
  compared first, by the Vietnamese alphabet
  ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`` (the Latin
  letters f j w z, used in foreign and ethnic-minority names, sit at their
  Latin places); only if the letters are equal do the tones decide, in the
  common dictionary order: không dấu (ngang), huyền, hỏi, ngã, sắc, nặng.
  Case is ignored. Tone placement ("Hoà"/"Hòa") does not matter: the tone
  belongs to the syllable, not to a letter.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, TypeVar

from dossier.vn_text import INVISIBLE, nfc

T = TypeVar("T")

# ---------------------------------------------------------------------------
# Characters of a person's name
# ---------------------------------------------------------------------------

#: The data fields that hold a person's name: every field whose schema is
#: ``#/$defs/ho_ten`` (tests/test_names.py keeps this list equal to the schemas).
PERSON_NAME_FIELDS = frozenset({"ho_ten", "ho_ten_khai_sinh", "chu_tri", "thu_ky", "nguoi_gioi_thieu_lan_dau"})

# Characters that make an emoji what it is without being a symbol themselves:
# joiner, variation selectors, the keycap mark and the tag characters of flags.
_EMOJI_PARTS = re.compile("[\u200d\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]")


def is_person_name(path: tuple) -> bool:
    """Whether the value at ``path`` (keys and list indexes) is a person's name:
    ``("ho_ten",)``, ``("gia_dinh", 0, "ho_ten")``, ``("nguoi_gioi_thieu_lan_dau", 1)``."""
    field = path[-1] if path and isinstance(path[-1], str) else path[-2] if len(path) > 1 else None
    return field in PERSON_NAME_FIELDS


def normalise_name(text: str) -> str:
    """A name in Unicode NFKC: fullwidth letters ("Ｎｇｕｙễｎ", typed with an East
    Asian input method) and other compatibility forms become ordinary letters;
    Vietnamese letters are unchanged (NFKC composes them as NFC does)."""
    return unicodedata.normalize("NFKC", text)


def name_char_problem(text: str) -> str | None:
    """Why ``text`` cannot be a person's name, or None: an emoji or other symbol, a
    private-use character, or a code point Unicode has not assigned. (Such a
    character has no glyph in the documents' font: it would vanish from the
    cover or print as a box, and the name would no longer match the identity card.)"""
    for char in text:
        category = unicodedata.category(char)
        code = f"U+{ord(char):04X}"
        if category in ("So", "Sk") or _EMOJI_PARTS.match(char):
            return (f"tên người có biểu tượng cảm xúc (emoji) hoặc ký hiệu “{char}” ({code}), không phải chữ cái; "
                    "trên bìa và các văn bản nó sẽ mất hoặc in thành ô vuông. Tên phải ghi đúng như trên căn cước: "
                    "hãy xóa ký tự đó")
        if category == "Co":
            return (f"tên người có ký tự vùng dùng riêng ({code}), không phải chữ cái, thường lẫn vào khi chép từ "
                    "phông chữ riêng hay bộ gõ cũ; trên bìa và các văn bản nó sẽ mất hoặc in thành ô vuông. "
                    "Hãy gõ lại tên bằng bộ gõ Unicode")
        if category == "Cn":
            return (f"tên người có mã {code} chưa phải là ký tự nào trong Unicode; hãy gõ lại tên bằng bộ gõ Unicode")
    return None

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
    words = nfc(text).translate(INVISIBLE).split()
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
