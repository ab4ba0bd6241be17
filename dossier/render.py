"""Render Word templates (docxtpl) safely.

* Jinja runs in a **sandboxed** environment (a template cannot reach Python
  internals), with **autoescape** (``&``, ``<`` in values cannot break the
  XML) and **StrictUndefined** (a missing value is an error naming the
  template and the variable — never a silent blank).
* The sandbox is tightened further: a template cannot load other files
  (``include``/``import``/``extends``), and the obvious ways to exhaust memory
  (``'x' * 10**9``, ``2 ** 10**9``, ``'%999999999d'``, padding methods and
  filters with huge widths, a rendered document over :data:`MAX_OUTPUT_CHARS`)
  are refused. Whatever a template does wrong becomes a
  :class:`~dossier.errors.TemplateError` naming the template, never a crash.
* Template files are read once and cached as bytes; every render builds a
  fresh docxtpl document from them, with what does not change between
  renders of one template prepared once (:mod:`dossier.docx_template`): its
  parts as read from the zip, and each part compiled by Jinja, kept as
  bytecode in the user's cache folder for later runs.
* Page margins come from the organisation and are applied after rendering.
* A template may not link to anything outside itself (a picture "linked to
  file" or to a web address, an attached template, an OLE object, an
  INCLUDEPICTURE/INCLUDETEXT field): LibreOffice would fetch it while
  converting, and dossier never opens a network connection. Hyperlinks stay.
* The .docx is built in memory, then written atomically.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import zipfile
from pathlib import Path

import jinja2
from docx.shared import Mm
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from dossier import resources
from dossier.docx_template import CompiledTemplate, compiled, docx_bytes, external_reference
from dossier.errors import TemplateError
from dossier.fsutil import write_bytes

TEMPLATE_DIR = resources.TEMPLATES

DEFAULT_MARGINS_MM = {"le_tren_mm": 25, "le_duoi_mm": 25, "le_trai_mm": 35, "le_phai_mm": 15}

MAX_OUTPUT_CHARS = 20_000_000  # rendered XML of one part of a document (a long lý lịch is ~1 MB)
MAX_REPEAT = 1_000_000  # length of a string or list a template may build by * or %
MAX_WIDTH = 10_000  # a padding width, a printf width or precision
MAX_POWER_BITS = 4_096  # size of a number a template may build by **

_PADDING_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}
_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice")
_PRINTF_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_WIDTH = re.compile(r"\{[^{}]*:(?:[^{}]*?\d{5,}|[^{}]*\{)")  # a huge or a nested width


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"__limit__:{what}")


def _check_printf(fmt: str) -> None:
    for match in _PRINTF_WIDTH.finditer(fmt):
        for group in match.groups():
            if group == "*" or (group and int(group) > MAX_WIDTH):
                raise _too_big("định dạng %")


def _sized(value) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus: no loading of other templates or files, and bounds
    on what a template can build (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options):
        super().__init__(loader=jinja2.FunctionLoader(lambda name: None), **options)
        self.globals.pop("lipsum", None)
        for name in _WIDTH_FILTERS:
            if name in self.filters:
                self.filters[name] = _bounded_filter(self.filters[name], name)
        self.filters["format"] = _bounded_format(self.filters["format"])

    def from_string(self, source, globals=None, template_class=None):
        """Compiled once per text (see :func:`dossier.docx_template.compiled`); a
        text with nothing for Jinja in it (most document properties, a header
        without a tag) is given back as it is, as Jinja would give it — without
        copying the whole context into a new one for each."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if "{" not in source and "\r" not in source and not source.endswith("\n") and len(source) <= MAX_OUTPUT_CHARS:
            return _Verbatim(source)
        return compiled(self, f"text-{hashlib.sha256(source.encode()).hexdigest()}", lambda: source)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _sized(seq) and isinstance(n, int) and len(seq) * max(n, 0) > MAX_REPEAT:
                    raise _too_big("phép nhân chuỗi")
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1:
                if right * math.log2(abs(left)) > MAX_POWER_BITS:
                    raise _too_big("phép lũy thừa")
        elif operator == "%" and isinstance(left, str):
            _check_printf(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        if getattr(__obj, "__name__", None) in _PADDING_METHODS and isinstance(getattr(__obj, "__self__", None), str):
            if any(isinstance(a, int) and a > MAX_WIDTH for a in (*args, *kwargs.values())):
                raise _too_big("độ rộng")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _FORMAT_WIDTH.search(value.__self__):
            raise _too_big("định dạng format")
        return wrapped

    @staticmethod
    def concat(chunks) -> str:
        parts, total = [], 0
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise _too_big("văn bản dựng ra quá dài")
            parts.append(chunk)
        return "".join(parts)


class _Verbatim:
    """A text without a tag, comment or expression: what rendering it gives is
    the text itself (Jinja changes a text only at ``{``, at a line ending — a
    carriage return and line feed become a line feed — and by dropping one
    newline at its end; a text over the output bound is left to Jinja, which
    refuses it)."""

    def __init__(self, text: str):
        self.text = text

    def render(self, *args, **kwargs) -> str:
        return self.text


def _bounded_filter(function, name: str):
    first = 2 if getattr(function, "jinja_pass_arg", None) else 1  # after the environment and the value

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        if any(isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_WIDTH
               for a in (*args[first:], *kwargs.values())):
            raise _too_big(f"bộ lọc {name}")
        return function(*args, **kwargs)
    return bounded


def _bounded_format(function):
    @functools.wraps(function)
    def bounded(value, *args, **kwargs):
        _check_printf(str(value))
        return function(value, *args, **kwargs)
    return bounded


def page_margins(org_data: dict) -> dict:
    """The organisation's page margins (``trang.le_*_mm``) as render_docx takes them."""
    return {k: v for k, v in (org_data.get("trang") or {}).items() if k.startswith("le_")}


def make_environment() -> SandboxedEnvironment:
    return _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined)


_environment = functools.lru_cache(maxsize=1)(make_environment)  # the one every render shares

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


def _security_message(name: str, exc: SecurityError) -> str:
    text = str(exc)
    if text.startswith("__limit__:"):
        return (f"mẫu {name} bị dừng vì lệnh trong mẫu tạo ra dữ liệu quá lớn ({text.split(':', 1)[1]}); "
                "mẫu văn bản chỉ nên chứa các thẻ {{ bien }} và vòng lặp đơn giản")
    attribute = re.search(r"attribute '([^']+)'", text)
    what = f"thuộc tính '{attribute.group(1)}'" if attribute else "một lệnh"
    return (f"mẫu {name} dùng {what} bị chặn vì lý do an toàn: mẫu văn bản không được truy cập vào bên trong "
            "chương trình; hãy xóa thẻ này khỏi mẫu")


def render_docx(template: Path, context: dict, output: Path, margins: dict | None = None,
                draft: bool = False, pictures: bool = False) -> Path:
    """Render ``template`` with ``context`` into ``output`` (.docx). A workspace's
    own template is checked first by the caller (:func:`dossier.template_check.refuse_broken`).
    A ``draft`` (its step not dated yet) opens with a boxed "DỰ THẢO" line.
    ``pictures``: the context holds :class:`dossier.docx_picture.Picture` values."""
    name = Path(template).name
    where = str(template)
    data = template_bytes(template)
    try:
        document = CompiledTemplate(data, whole=pictures)
        if pictures:
            from dossier import docx_picture

            context = docx_picture.bind(context, document)
        document.render(context, jinja_env=_environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        variable = re.findall(r"'([^']+)'", str(exc))
        what = f"'{variable[-1]}'" if variable else str(exc)
        raise TemplateError(
            f"mẫu {name} dùng biến {what} mà dữ liệu không có{_paragraph_hint(exc)}", path=where
        ) from None
    except SecurityError as exc:
        raise TemplateError(_security_message(name, exc) + _paragraph_hint(exc), path=where) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"mẫu {name} có lỗi cú pháp Jinja: {exc.message}{_paragraph_hint(exc)}", path=where
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"mẫu {name} dùng lệnh include/import/extends để nạp '{exc.name}'; mẫu văn bản không được nạp "
            "tệp khác, hãy xóa lệnh này", path=where
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"mẫu {name} không dựng được: {exc}", path=where) from None
    except (zipfile.BadZipFile, KeyError) as exc:
        raise TemplateError(
            f"mẫu {name} không phải tệp Word (.docx) hợp lệ hoặc đã bị hỏng ({type(exc).__name__}); "
            "hãy mở và lưu lại bằng Word dưới dạng .docx, hoặc xóa tệp để dùng mẫu có sẵn", path=where
        ) from None
    except RecursionError:
        raise TemplateError(f"mẫu {name} có macro gọi lại chính nó không dừng", path=where) from None
    except MemoryError:
        raise TemplateError(f"mẫu {name} bị dừng vì dùng hết bộ nhớ", path=where) from None
    except Exception as exc:  # noqa: BLE001 - whatever a user-edited template does wrong is the template's error
        if type(exc).__module__.startswith("lxml"):
            problem = "nội dung XML của tệp Word bị hỏng"
        elif isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
            problem = "vòng lặp range() quá lớn, tối đa 100.000 lần (OverflowError)"
        elif isinstance(exc, (OverflowError, ArithmeticError, TypeError, ValueError, AttributeError, IndexError)):
            problem = f"lệnh trong mẫu gây lỗi: {type(exc).__name__}: {exc}"
        else:
            raise
        raise TemplateError(f"mẫu {name} không dựng được ({problem}){_paragraph_hint(exc)}", path=where) from None
    external = external_reference(document.docx)
    if external is not None:
        raise TemplateError(
            f"mẫu {name} có ảnh hoặc tệp liên kết ra ngoài ({external}); khi chuyển sang PDF, LibreOffice sẽ "
            "tải nó qua mạng hoặc đọc tệp ngoài thư mục hồ sơ. Hãy chèn ảnh trực tiếp vào mẫu (Chèn > Ảnh, "
            "không chọn «Liên kết tới tệp») và xóa trường INCLUDEPICTURE/INCLUDETEXT nếu có", path=where)
    if draft:
        _mark_draft(document.docx)
    margins = {**DEFAULT_MARGINS_MM, **(margins or {})}
    for section in document.docx.sections:
        section.top_margin = Mm(margins["le_tren_mm"])
        section.bottom_margin = Mm(margins["le_duoi_mm"])
        section.left_margin = Mm(margins["le_trai_mm"])
        section.right_margin = Mm(margins["le_phai_mm"])
    write_bytes(output, docx_bytes(document.docx))  # in memory first: a full disk leaves no half-closed zip
    return Path(output)


DRAFT_MARK = "DỰ THẢO"


def _mark_draft(docx) -> None:
    """A boxed, red "DỰ THẢO" at the top right of the body, the way offices mark
    a draft: never mistaken for the document itself. The box is the paragraph's
    border, narrowed by its left indent (a border on the run would be drawn in
    two pieces when the joined conversion puts its bookmark on this paragraph)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    border = '<w:{side} w:val="single" w:sz="8" w:space="1" w:color="C00000"/>'
    mark = parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr>'
        f'<w:pBdr>{"".join(border.format(side=side) for side in ("top", "left", "bottom", "right"))}</w:pBdr>'
        '<w:spacing w:before="0" w:after="160"/><w:ind w:left="6800" w:right="0"/><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:b/><w:color w:val="C00000"/><w:sz w:val="26"/></w:rPr>'
        f'<w:t>{DRAFT_MARK}</w:t></w:r></w:p>')
    docx.element.body.insert(0, mark)
