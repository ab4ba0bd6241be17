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
