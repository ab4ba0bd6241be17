"""Names of places and committees compared as people mean them: one key for
the old and the new tone placement ("uỷ"/"ủy"), and names that differ by one
letter or by diacritics only, worth a warning.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from dossier.vn_text import khong_dau, nfc

# Tone marks (grave, acute, hook, tilde, dot below): the old and the new
# spelling put them on different vowels ("uỷ"/"ủy", "hoà"/"hòa").
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    base = nfc("".join(ch for ch in decomposed if ch not in _TONES))
    return base + (tones[0] if tones else "")  # the tone, wherever it was written, goes to the end


@functools.lru_cache(maxsize=65536)
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
    return _edit_distance_at_most_one(_plain(ka), _plain(kb))


@functools.lru_cache(maxsize=65536)
def _plain(key: str) -> str:
    return khong_dau(key)


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
