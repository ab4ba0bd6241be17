"""Pictures in rendered Word documents: a :class:`Picture` value in a template
context (PNG bytes and a printed width) becomes a docxtpl ``InlineImage`` of
the document being rendered (:func:`bind`, called by
:func:`dossier.render.render_docx` with ``pictures=True``). Used by the
report's chart (:mod:`dossier.report_chart`)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.shared import Mm
from docxtpl import InlineImage


@dataclass(frozen=True)
class Picture:
    data: bytes  # PNG
    width_mm: float

    def __str__(self) -> str:  # outside a render (a preview of the values): what it is
        return f"[ảnh {self.width_mm:g} mm]"


def bind(values, document):
    """``values`` with every :class:`Picture` (in dicts and lists) made an image of ``document``."""
    if isinstance(values, Picture):
        return InlineImage(document, io.BytesIO(values.data), width=Mm(values.width_mm))
    if isinstance(values, dict):
        return {key: bind(value, document) for key, value in values.items()}
    if isinstance(values, list):
        return [bind(value, document) for value in values]
    return values
