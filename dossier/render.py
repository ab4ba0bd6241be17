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
  fresh ``DocxTemplate`` from them (reusing one object makes every document
  of a batch equal the first). Each part of a template is compiled by Jinja
  once per process and kept as bytecode in the user's cache folder for later
  runs (:func:`_compiled`).
* Page margins come from the organisation and are applied after rendering.
* A template may not link to anything outside itself (a picture "linked to
  file" or to a web address, an attached template, an OLE object, an
  INCLUDEPICTURE/INCLUDETEXT field): LibreOffice would fetch it while
  converting, and dossier never opens a network connection. Hyperlinks stay.
* The .docx is built in memory, then written atomically.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import math
import re
import sys
import threading
import zipfile
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from dossier import resources
from dossier.errors import TemplateError
from dossier.fsutil import user_cache_dir, write_bytes

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
        """Compiled once per text (see :func:`_compiled`)."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return _compiled(self, f"text-{hashlib.sha256(source.encode()).hexdigest()}", lambda: source)

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

_COMPILED: dict[str, jinja2.Template] = {}  # key -> compiled template
_COMPILED_MAX = 512
_COMPILED_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in the user's cache folder, in a folder of its own for
    this Python, these libraries and this module (its sandbox decides the code
    Jinja generates); None when the folder cannot be made (templates are then
    compiled at every run, as without it)."""
    import docxtpl
    import lxml

    version = f"{sys.version}|{jinja2.__version__}|{docxtpl.__version__}|{lxml.__version__}|".encode()
    folder = user_cache_dir() / f"jinja-{hashlib.sha256(version + Path(__file__).read_bytes()).hexdigest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _compiled(environment: SandboxedEnvironment, key: str, source) -> jinja2.Template:
    """The template compiled from ``source()``, kept under ``key`` (a digest of
    what decides that text) in this process and, as bytecode, for later runs.

    Every render compiles a template's body, headers and document properties:
    that was a fifth of a render in a build, and with docxtpl's clean-up of the
    body most of the first render of each template in a rebuild (measurements:
    bench/README.md). A text that does not compile raises each time and is
    never kept."""
    with _COMPILED_LOCK:
        template = _COMPILED.get(key)
    if template is not None:
        return template
    cache = _bytecode_cache()
    bucket = None if cache is None else cache.get_bucket(environment, key, None, key)
    if bucket is not None and bucket.code is not None:
        code = bucket.code
    else:
        code = environment.compile(source())
        if bucket is not None:
            bucket.code = code
            with contextlib.suppress(OSError):  # a full disk, a read-only home: compiled again next time
                cache.set_bucket(bucket)
    template = environment.template_class.from_code(environment, code, environment.make_globals(None))
    with _COMPILED_LOCK:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = template
    return template


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


_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_FETCHING_FIELD = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE)\s", re.IGNORECASE)
_FIELD_TEXT = re.compile(rb"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"")


def _external_reference(document) -> str | None:
    """The first thing in the rendered document that a program would fetch from
    outside it, or None."""
    for part in document.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and rel.reltype != _HYPERLINK:
                return rel.target_ref
        blob = getattr(part, "blob", b"") if part.content_type.endswith("+xml") else b""
        if b"instr" in blob:
            for match in _FIELD_TEXT.finditer(blob):
                instruction = (match.group(1) or match.group(2) or b"").strip()
                if _FETCHING_FIELD.match(instruction):
                    return instruction.decode("utf-8", "replace")[:120]
    return None


def _one_paragraph_a_line(xml: str) -> str:
    """docxtpl's pre-processed XML as Jinja gets it: one paragraph a line (so an
    error's line number points at a paragraph)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def jinja_sources(data: bytes) -> list[tuple[str, str]]:
    """(part name, Jinja source) for every part of the template ``data`` that a
    render passes through Jinja — body, headers, footers, footnotes — after
    exactly the XML pre-processing a render applies (docxtpl's ``patch_xml``:
    it joins a tag that Word split across formatting runs, removes the
    paragraph or row around ``{%p``/``{%tr`` tags, …). ``dossier templates
    check`` reads these, so that it judges what the build renders."""
    document = _CompiledTemplate(data)
    document.init_docx()
    sources = [("word/document.xml", document._source())]
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for _key, part in document.get_headers_footers(uri):
            sources.append((str(part.partname).lstrip("/"), document.get_part_xml(part)))
    for part in document.docx.part.package.parts:
        if part.content_type == _FOOTNOTES:
            sources.append((str(part.partname).lstrip("/"), part.blob.decode("utf-8")))
    return [sources[0]] + [(name, _one_paragraph_a_line(document.patch_xml(xml))) for name, xml in sources[1:]]


class _CompiledTemplate(DocxTemplate):
    """A fresh docxtpl document per render (reusing one makes every document of a
    batch equal the first), but the body's Jinja source — docxtpl's slow XML
    clean-up — and its compiled template are prepared once per template file
    content (:func:`_compiled`): about half of a render's time."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._key = hashlib.sha256(data).hexdigest()

    def _source(self) -> str:
        return _one_paragraph_a_line(self.patch_xml(self.get_xml()))

    def map_tree(self, tree):
        """The rendered body in place of the template's. The template's body is
        emptied first: its elements, which nothing else refers to, are freed at
        once, where taking the body out whole made lxml copy namespace
        declarations onto each of its elements before dropping them (a notable
        share of a class build's Python time: bench/README.md)."""
        body = self.docx._element.body
        del body[:]
        self.docx._element.replace(body, tree)

    def build_xml(self, context, jinja_env=None):
        self.current_rendering_part = self.docx._part
        try:
            xml = _compiled(jinja_env, f"body-{self._key}", self._source).render(context)
        except jinja2.TemplateError as exc:  # the paragraph around the error, as docxtpl gives it
            if getattr(exc, "lineno", None) is not None:
                start = max(exc.lineno - 4, 0)
                lines = self._source().splitlines()[start:start + 7]
                exc.docx_context = [re.sub(r"<[^>]+>", "", line) for line in lines]
            raise
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(xml)


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
        document = _CompiledTemplate(data)
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
    external = _external_reference(document.docx)
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
    buffer = io.BytesIO()  # in memory first: a full disk must not leave a half-closed zip behind
    document.save(buffer)
    write_bytes(output, buffer.getvalue())
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
