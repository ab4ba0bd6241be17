"""Rendering through the output folder's manifest (dossier.manifest): a .docx
is rendered only when what decides it changed or its bytes are not the ones
recorded; a PDF is converted only when it was not made from the .docx's
current bytes; a .docx edited by hand is set aside, never overwritten."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from dossier import __version__
from dossier.findings import WARNING, Finding, Location
from dossier.forms import Rendered
from dossier.manifest import Manifest, digest
from dossier.render import render_docx, template_bytes, template_path
from dossier.template_check import refuse_broken
from dossier.workspace import display_path


def render_inputs(form: Rendered, margins: dict, workspace_root: Path, draft: bool = False) -> tuple[Path, dict]:
    """The template of ``form`` and what decides its .docx (the manifest's
    ``from``): the template's bytes, the values, the margins, whether it is a
    draft, and the toolkit's version."""
    template = refuse_broken(template_path(form.template, workspace_root))
    key = digest(template_bytes(template), __version__.encode(),
                 json.dumps([form.values, margins, draft], ensure_ascii=False, sort_keys=True, default=str).encode())
    return template, {"render": key}


def render_cached(form: Rendered, folder: Path, store: Manifest, margins: dict, workspace_root: Path,
                   stem: str | None = None, result=None,
                   draft: bool = False, findings: list[Finding] | None = None) -> list[tuple[Path, Path]]:
    """Render ``form`` into ``folder/<stem>.docx`` unless the manifest shows the
    same inputs made the .docx there now; return the conversion still needed
    (none when the PDF there was converted from this .docx's bytes). A .docx
    changed since it was written (fixed by hand in Word) is moved aside as
    ``<stem>-da-sua-<time>.docx`` with a warning in ``findings``, never overwritten."""
    stem = stem or form.stem
    docx = folder / f"{stem}.docx"
    pdf = docx.with_suffix(".pdf")
    store.claim(docx, pdf)
    template, inputs = render_inputs(form, margins, workspace_root, draft)
    if not store.fresh(docx, inputs):
        aside = store.set_aside(docx) if store.damaged(docx) else None
        render_docx(template, form.values, docx, margins, draft=draft)
        store.record(docx, inputs)
        if aside is not None:
            _edited_by_hand(aside, docx, findings if findings is not None else result.findings
                            if result is not None else [])
        if result is not None:
            result.rendered += 1
    if store.fresh(pdf, {"docx": store.sha(docx)}):
        return []
    return [(docx, pdf)]


def _edited_by_hand(aside: Path, docx: Path, findings: list[Finding]) -> None:
    """``aside`` held ``docx`` with other bytes than the toolkit wrote: the same
    bytes as rendered now (a run stopped before its manifest was written) go;
    others are the user's and stay, with a warning."""
    if _same_content(aside, docx):
        aside.unlink()
        return
    findings.append(Finding(WARNING, "output.edited",
                            f"tệp {docx.name} đã bị sửa ngoài chương trình sau lần dựng trước; bản đã sửa được giữ lại "
                            f"là {aside.name} (không đóng vào hồ sơ), {docx.name} được dựng lại từ dữ liệu. Muốn "
                            "giữ nội dung đã sửa thì hãy sửa trong dữ liệu YAML hoặc đính kèm bản scan có chữ ký.",
                            Location(display_path(aside))))


def _same_content(a: Path, b: Path) -> bool:
    """The same .docx content: the same parts with the same bytes (the zip's
    own time stamps differ from one rendering to the next)."""
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            names = sorted(za.namelist())
            return names == sorted(zb.namelist()) and all(za.read(n) == zb.read(n) for n in names)
    except (OSError, zipfile.BadZipFile, KeyError):
        return a.read_bytes() == b.read_bytes()


def record_conversions(conversions, store: Manifest) -> None:
    """Record each PDF converted as made from its .docx's recorded bytes."""
    for conversion in conversions:
        if conversion.ok and Path(conversion.target).is_file():
            store.record(Path(conversion.target), {"docx": store.sha(Path(conversion.source))})
