"""Unicode and ASCII forms of Vietnamese text: NFC, invisible characters,
text without diacritics, file names.

Pure functions only: no I/O, no locale, no global state. Every function that
returns text returns it in Unicode NFC (the form Word and the Party templates
expect; third-party data often arrives decomposed, NFD).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NBSP = "\u00a0"

# Invisible characters that copy-paste from web pages and PDFs leaves in names.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def nfc(text: str) -> str:
    """Return ``text`` in Unicode Normalisation Form C (composed diacritics)."""
    return unicodedata.normalize("NFC", text)


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
