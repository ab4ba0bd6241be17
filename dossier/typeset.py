"""Setting text on the pages the toolkit draws itself (the bundle's cover,
contents and page numbers, scans placed on a page): Liberation Serif
(metric-compatible with Times New Roman) registered with reportlab once and
embedded as a TrueType subset, a deterministic reportlab canvas, and line
breaking for Vietnamese text."""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from dossier.errors import EnvironmentFailure

MM = 72 / 25.4

_FONT_FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}
_FC_STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation-serif",  # Fedora
    "/usr/share/fonts/liberation",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)


def _find_font_file(face: str) -> Path:
    filename = _FONT_FACES[face]
    for folder in _FONT_DIRS:
        candidate = Path(folder) / filename
        if candidate.is_file():
            return candidate
    if shutil.which("fc-match"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", f"Liberation Serif:style={_FC_STYLES[face]}"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
            # fc-match always answers something; only accept the real face.
            if found and Path(found).name == filename and Path(found).is_file():
                return Path(found)
    raise EnvironmentFailure(
        f"Không tìm thấy phông chữ {filename} (Liberation Serif). "
        "Hãy cài gói fonts-liberation2 (Debian/Ubuntu: apt-get install fonts-liberation2)."
    )


def font_file(face: str) -> Path:
    """The Liberation Serif file of ``face`` (regular, bold, italic), for drawings (the report's chart)."""
    return _find_font_file(face)


@functools.cache
def serif_fonts() -> dict[str, str]:
    """Register Liberation Serif (regular, bold, italic) with reportlab once per process;
    return the reportlab font name of each face."""
    names = {}
    for face in _FONT_FACES:
        name = f"DossierSerif-{face}"
        path = _find_font_file(face)
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:
            raise EnvironmentFailure(f"Không đọc được phông chữ {path}: {exc}") from exc
        names[face] = name
    return names


_A85_LOCK = threading.Lock()


@contextlib.contextmanager
def canvas_for(target: io.BytesIO, pagesize: tuple[float, float]) -> Iterator[rl_canvas.Canvas]:
    """A reportlab canvas with fixed dates/IDs and binary (not ASCII85) streams.

    ``rl_config.useA85`` is global; it is switched off only while we draw."""
    with _A85_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas = rl_canvas.Canvas(
                target,
                pagesize=pagesize,
                invariant=True,
                pageCompression=1,
                # Not Helvetica: reportlab declares the initial font on every page.
                initialFontName=serif_fonts()["regular"],
                initialFontSize=12,
            )
            yield canvas
            canvas.save()
        finally:
            rl_config.useA85 = saved


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", nfc(text).upper())


def sentence_case(heading: str) -> str:
    """'HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN' -> 'Hồ sơ đề nghị kết nạp đảng viên'.
    Headings not written all in capitals are kept as they are."""
    if heading != heading.upper():
        return heading
    lower = heading.lower()
    return lower[:1].upper() + lower[1:]



def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line is cut."""
    lines: list[str] = []
    current = ""
    for word in _tokens(text):
        trial = f"{current} {word}" if current else word
        if text_width(trial, font, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, font, size) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut], font, size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return lines


def _tokens(text: str) -> list[str]:
    """Words, with a free-standing dash glued to its neighbours ("chính trị - xã
    hội" never breaks around the dash)."""
    tokens: list[str] = []
    glue = False
    for word in text.split():
        if word in ("-", "–", "—") and tokens:
            tokens[-1] += " " + word
            glue = True
        elif glue:
            tokens[-1] += " " + word
            glue = False
        else:
            tokens.append(word)
    return tokens


def balanced_wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """As few lines as greedy wrapping needs, but of similar lengths (headings)."""
    lines = wrap(text, font, size, width)
    if len(lines) < 2:
        return lines
    low, high = 0.0, width
    for _ in range(20):
        middle = (low + high) / 2
        if len(wrap(text, font, size, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, size, high)
