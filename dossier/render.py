"""Render Word templates (docxtpl) safely.

* Jinja runs in a **sandboxed** environment (a template cannot reach Python
  internals), with **autoescape** (``&``, ``<`` in values cannot break the
  XML) and **StrictUndefined** (a missing value is an error naming the
  template and the variable — never a silent blank).
* Template files are read once and cached as bytes; every render builds a
  fresh ``DocxTemplate`` from them (reusing one object makes every document
  of a batch equal the first).
* Page margins come from the organisation and are applied after rendering.
* The .docx is written atomically.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from dossier.errors import TemplateError
from dossier.fsutil import atomic_path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

DEFAULT_MARGINS_MM = {"le_tren_mm": 25, "le_duoi_mm": 25, "le_trai_mm": 35, "le_phai_mm": 15}


def make_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


@functools.lru_cache(maxsize=64)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def template_bytes(path: Path) -> bytes:
    path = Path(path).resolve()
    try:
        return _template_bytes(path, path.stat().st_mtime_ns)
    except OSError as exc:
        raise TemplateError(f"không đọc được mẫu văn bản {path.name}: {exc.strerror or exc}", path=str(path)) from None


WORKSPACE_TEMPLATE_DIR = "mau"  # a workspace's own templates, overriding the built-in ones by file name


def template_path(name: str, workspace_root: Path | None = None) -> Path:
    """The template file ``name``: the workspace's own copy in ``mau/`` when it
    has one, else the built-in one in ``templates/``."""
    if workspace_root is not None:
        own = Path(workspace_root) / WORKSPACE_TEMPLATE_DIR / name
        if own.is_file():
            return own
    return TEMPLATE_DIR / name


def _paragraph_hint(exc: Exception) -> str:
    lines = [line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()]
    return f" — đoạn văn: «{' '.join(lines)[:200]}»" if lines else ""


def render_docx(template: Path, context: dict, output: Path, margins: dict | None = None) -> Path:
    """Render ``template`` with ``context`` into ``output`` (.docx)."""
    name = Path(template).name
    document = DocxTemplate(io.BytesIO(template_bytes(template)))
    try:
        document.render(context, jinja_env=make_environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        variable = re.findall(r"'([^']+)'", str(exc))
        what = f"'{variable[-1]}'" if variable else str(exc)
        raise TemplateError(
            f"mẫu {name} dùng biến {what} mà dữ liệu không có{_paragraph_hint(exc)}", path=str(template)
        ) from None
    except SecurityError as exc:
        raise TemplateError(f"mẫu {name} có lệnh bị chặn vì lý do an toàn: {exc}", path=str(template)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"mẫu {name} có lỗi cú pháp Jinja: {exc.message}{_paragraph_hint(exc)}", path=str(template)
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"mẫu {name} không dựng được: {exc}", path=str(template)) from None
    margins = {**DEFAULT_MARGINS_MM, **(margins or {})}
    for section in document.docx.sections:
        section.top_margin = Mm(margins["le_tren_mm"])
        section.bottom_margin = Mm(margins["le_duoi_mm"])
        section.left_margin = Mm(margins["le_trai_mm"])
        section.right_margin = Mm(margins["le_phai_mm"])
    with atomic_path(output) as tmp:
        document.save(str(tmp))
    return Path(output)
