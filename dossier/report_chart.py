"""The chart of results against targets per unit (issue #21): one drawing,
laid out once in points at its printed size, drawn two ways — a PNG for the
Word report (Pillow, Liberation Serif like the documents, 300 dpi, the same
bytes for the same figures) and an inline SVG for the office board (no script,
no network). Each unit gets a bar of its target (light grey) and a bar of its
admissions (dark grey), both labelled with their figures, so the chart reads
the same printed in black and white.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from html import escape

from PIL import Image, ImageDraw, ImageFont

from dossier import typeset, vietnamese
from dossier.report_counts import Report

WIDTH_MM = 160  # the text width of an A4 page with the Party's margins
PT_PER_MM = 72 / 25.4
DPI = 300
LABEL_PT, FIGURE_PT = 12, 11
TARGET_FILL, RESULT_FILL, INK, GRID = "#d9d9d9", "#404040", "#000000", "#bfbfbf"
TARGET_LABEL, RESULT_LABEL = "Chỉ tiêu", "Kết nạp"
NO_TARGET = "chưa giao chỉ tiêu"


@dataclass(frozen=True)
class Bar:
    """One unit of the chart."""

    ten: str
    ket_nap: int
    chi_tieu: int | None


@dataclass(frozen=True)
class Shape:
    """A rectangle, a line or a text (``y`` of a text is its baseline), in points."""

    kind: str  # rect | line | text
    x: float
    y: float
    w: float = 0  # rect: width; line: x of the other end
    h: float = 0  # rect: height; line: y of the other end
    fill: str = INK
    text: str = ""
    size: float = LABEL_PT
    bold: bool = False
    anchor: str = "start"  # start | end | middle


def bars_of(report: Report) -> list[Bar]:
    return [Bar(u.ten, u.figures.ket_nap, u.figures.chi_tieu) for u in report.units]


@functools.cache
def _font(size_pt: float, bold: bool, scale: float) -> ImageFont.FreeTypeFont:
    path = typeset.font_file("bold" if bold else "regular")
    return ImageFont.truetype(str(path), max(1, round(size_pt * scale)))


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width in points of ``text`` in Liberation Serif."""
    return _font(size_pt, bold, 10).getlength(text) / 10


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        tried = f"{line} {word}".strip()
        if line and text_width(tried, size) > width:
            lines.append(line)
            line = word
        else:
            line = tried
    return lines + ([line] if line else [])


def _ticks(largest: int) -> tuple[int, int]:
    """(step, top) of the axis: 1, 2 or 5 times a power of ten, five steps or so."""
    raw = max(largest, 1) / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    step = max(int(step), 1)
    return step, step * math.ceil(max(largest, 1) / step)


def _figure(bar: Bar) -> str:
    text = vietnamese.so(bar.ket_nap)
    if bar.chi_tieu:
        text += f" ({vietnamese.phan_tram(bar.ket_nap, bar.chi_tieu)})"
    return text


def layout(bars: list[Bar], width_mm: float = WIDTH_MM) -> tuple[float, float, list[Shape]]:
    """(width, height, shapes) of the chart in points."""
    width = width_mm * PT_PER_MM
    label_w, right_room, bar_h, gap = width * 0.36, text_width("1.000 (100,00%)", FIGURE_PT) + 8, 11.0, 9.0
    plot_x, plot_w = label_w + 6, width - label_w - 6 - right_room
    shapes: list[Shape] = []
    # the legend
    y = 12.0
    x = plot_x
    for fill, label in ((TARGET_FILL, TARGET_LABEL), (RESULT_FILL, RESULT_LABEL)):
        shapes += [Shape("rect", x, y - 8, 14, 8, fill), Shape("text", x + 18, y, text=label, size=FIGURE_PT)]
        x += 18 + text_width(label, FIGURE_PT) + 16
    top = y + 12
    step, axis_top = _ticks(max([max(b.ket_nap, b.chi_tieu or 0) for b in bars] + [1]))
    scale = plot_w / axis_top
    rows = []
    y = top
    for bar in bars:
        lines = _wrap(bar.ten, label_w, LABEL_PT)
        height = max(2 * bar_h + 2, len(lines) * LABEL_PT * 1.2)
        rows.append((bar, lines, y, height))
        y += height + gap
    bottom = y - gap + 4
    for tick in range(0, axis_top + 1, step):  # the grid first, under the bars
        tx = plot_x + tick * scale
        shapes += [Shape("line", tx, top - 2, tx, bottom, GRID),
                   Shape("text", tx, bottom + FIGURE_PT + 2, text=vietnamese.so(tick), size=FIGURE_PT,
                         anchor="middle")]
    for bar, lines, y, height in rows:
        first = y + (height - len(lines) * LABEL_PT * 1.2) / 2 + LABEL_PT
        shapes += [Shape("text", label_w, first + i * LABEL_PT * 1.2, text=line, anchor="end")
                   for i, line in enumerate(lines)]
        by = y + (height - 2 * bar_h - 2) / 2
        if bar.chi_tieu is None:
            shapes.append(Shape("text", plot_x + 3, by + bar_h - 2.5, text=NO_TARGET, size=FIGURE_PT))
        else:
            shapes.append(Shape("rect", plot_x, by, bar.chi_tieu * scale, bar_h, TARGET_FILL))
            shapes.append(Shape("text", plot_x + bar.chi_tieu * scale + 4, by + bar_h - 2.5,
                                text=vietnamese.so(bar.chi_tieu), size=FIGURE_PT))
        by += bar_h + 2
        shapes.append(Shape("rect", plot_x, by, bar.ket_nap * scale, bar_h, RESULT_FILL))
        shapes.append(Shape("text", plot_x + bar.ket_nap * scale + 4, by + bar_h - 2.5, text=_figure(bar),
                            size=FIGURE_PT, bold=True))
    shapes.append(Shape("line", plot_x, top - 2, plot_x, bottom, INK))
    return width, bottom + FIGURE_PT + 6, shapes


def png(bars: list[Bar], width_mm: float = WIDTH_MM) -> bytes:
    """The chart as a 300-dpi PNG, the same bytes for the same bars."""
    width, height, shapes = layout(bars, width_mm)
    k = DPI / 72
    image = Image.new("RGB", (math.ceil(width * k), math.ceil(height * k)), "white")
    draw = ImageDraw.Draw(image)
    for s in shapes:
        if s.kind == "rect":
            if s.w > 0:
                draw.rectangle([s.x * k, s.y * k, (s.x + s.w) * k, (s.y + s.h) * k], fill=s.fill, outline=INK,
                               width=max(1, round(0.5 * k)))
        elif s.kind == "line":
            draw.line([s.x * k, s.y * k, s.w * k, s.h * k], fill=s.fill, width=max(1, round(0.5 * k)))
        else:
            anchor = {"start": "ls", "end": "rs", "middle": "ms"}[s.anchor]
            draw.text((s.x * k, s.y * k), s.text, fill=s.fill, font=_font(s.size, s.bold, k), anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), optimize=False)
    return buffer.getvalue()


def svg(bars: list[Bar], title: str, width_mm: float = WIDTH_MM) -> str:
    """The chart as an inline SVG element (the board), with ``title`` for screen readers."""
    width, height, shapes = layout(bars, width_mm)
    parts = [f'<svg class="bieu-do" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.1f} {height:.1f}" '
             f'role="img" aria-label="{escape(title)}" '
             'font-family="\'Times New Roman\', \'Liberation Serif\', serif">', f"<title>{escape(title)}</title>"]
    for s in shapes:
        if s.kind == "rect":
            if s.w > 0:
                parts.append(f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" '
                             f'fill="{s.fill}" stroke="{INK}" stroke-width="0.5"/>')
        elif s.kind == "line":
            parts.append(f'<line x1="{s.x:.1f}" y1="{s.y:.1f}" x2="{s.w:.1f}" y2="{s.h:.1f}" stroke="{s.fill}" '
                         'stroke-width="0.5"/>')
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            parts.append(f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" text-anchor="{s.anchor}"{weight}>'
                         f"{escape(s.text)}</text>")
    return "\n".join(parts + ["</svg>"])
