"""Checking Word templates before they are used, and exporting the built-in ones.

Users edit templates in Word, which silently breaks them: it splits a
``{{ tag }}`` across several runs (spell-check, a change of formatting), so the
tag is no longer seen; a typo in a variable name only shows when a document is
rendered. :func:`check_template` finds, for one .docx:

* tags split across runs (``template.split_tag``), quoting the paragraph;
* Jinja syntax errors (``template.syntax``), quoting the paragraph;
* variables the data does not provide (``template.unknown_variable``): every
  dotted reference (``uv.ho_ten``, ``n.quan_he`` inside ``{%tr for n in
  tt.nguoi_than %}``) is compared with the variables the form's builder
  produces for the sample candidates.
"""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import dataclass, field
import zipfile
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

from dossier.errors import TemplateError
from dossier.fsutil import write_bytes
from dossier.findings import ERROR, WARNING, Finding, Location
from dossier.docx_template import jinja_sources
from dossier.render import TEMPLATE_DIR, make_environment, template_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
XML_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
ALWAYS_KNOWN = {"loop", "loop.index", "loop.index0", "loop.first", "loop.last", "loop.length"}


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"«{text[:160]}{'…' if len(text) > 160 else ''}»"


_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{[{%#]")
_MARKUP = re.compile(r"</?[A-Za-z]\w*:\w+[^>]*>")  # an element of the Word XML (w:t, w:sdt, …)
# what Jinja leaves as text although it looks like part of a tag: "{ {", "% }", a stray "}}"
_LITERAL = re.compile(r"\{[ \t\u00a0]+[{%#]|[}%#][ \t\u00a0]*\}")


def unclosed_tags(data: bytes) -> list[tuple[str, str]]:
    """(opener, paragraph text) for every tag opened in a paragraph of the
    template's text (runs joined, as Word shows it) that does not close in that
    paragraph. docxtpl's pre-processing takes everything up to the next closer
    as the tag, whatever paragraphs lie between: the build then merges those
    paragraphs into one, or fails on the text it swallowed."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not XML_PARTS.fullmatch(name):
                continue
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{W}p"):
                text = _paragraph_text(paragraph)
                position = 0
                while (opener := _OPENER.search(text, position)) is not None:
                    end = text.find(_CLOSERS[opener.group()], opener.end())
                    if end < 0:
                        found.append((opener.group(), text))
                        break
                    position = end + 2
    return found


def _unjoined_tags(source: str) -> list[tuple[str, str]]:
    """(tag, paragraph text) for every tag of a pre-processed part that still
    holds Word XML: split in a way docxtpl does not join (across a content
    control, a field, a hyperlink…). Jinja cannot read such a tag."""
    found = []
    for line in source.splitlines():
        for match in TAG.finditer(line):
            if _MARKUP.search(match.group()):
                found.append((_MARKUP.sub("", match.group()), _MARKUP.sub("", line)))
    return found


def _broken_xml(source: str) -> str | None:
    """The paragraph at which a pre-processed part stops being well-formed XML
    (docxtpl joined a split tag across an element it cut in half), or None."""
    try:
        etree.fromstring(TAG.sub("", source).encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        lines = source.splitlines()
        line = lines[min(max(exc.lineno - 1, 0), len(lines) - 1)] if lines else ""
        return _text(line)
    return None


def _text(xml: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def literal_tags(tree: nodes.Template, source: str) -> list[tuple[str, str]]:
    """(fragment, paragraph text) for every piece of the template's literal text
    — what Jinja copies into the document unchanged — that looks like part of a
    tag: ``{ { uv.ho_ten }}`` (a space between the braces), a stray ``}}``.
    ``source`` is the text ``tree`` was parsed from (one paragraph a line)."""
    lines = source.splitlines()
    found = []
    for node in tree.find_all(nodes.TemplateData):
        for offset, piece in enumerate(node.data.split("\n")):
            for match in _LITERAL.finditer(_text(piece)):
                found.append((match.group(), _text(lines[node.lineno - 1 + offset])))
    return found


def references(tree: nodes.Template) -> set[str]:
    """Dotted variable references in a parsed template, with loop variables
    replaced by ``<iterable>[]`` (so ``n.ho_ten`` in ``for n in tt.nguoi_than``
    is ``tt.nguoi_than[].ho_ten``)."""
    found: set[str] = set()

    def dotted(node, scope) -> str | None:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, node.name)
        if isinstance(node, nodes.Getattr):
            base = dotted(node.node, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            base = dotted(node.node, scope)
            return f"{base}.{node.arg.value}" if base else None
        return None

    def visit(node, scope):
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            inner = dict(scope)
            source = dotted(node.iter, scope)
            targets = [node.target] if isinstance(node.target, nodes.Name) else list(node.target.items)
            for target in targets:
                if isinstance(target, nodes.Name) and source:
                    inner[target.name] = f"{source}[]"
            inner["loop"] = "loop"
            for child in node.body + node.else_:
                visit(child, inner)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            path = dotted(node, scope)
            if path:
                found.add(path)
                return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, {})
    return found


def variable_paths(values, prefix: str = "") -> set[str]:
    """Every dotted path in a template context (``uv``, ``uv.ho_ten``, ``tt.nguoi_than[].ho_ten``)."""
    paths: set[str] = set()
    if isinstance(values, dict):
        for key, value in values.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            paths.add(path)
            paths |= variable_paths(value, path)
    elif isinstance(values, list):
        paths.add(f"{prefix}[]")
        for item in values:
            paths |= variable_paths(item, f"{prefix}[]")
    return paths


def structural_findings(data: bytes, display: str) -> list[Finding]:
    """The findings of :func:`check_template` that do not depend on the data:
    what the render's own pre-processing (:func:`dossier.docx_template.jinja_sources`)
    leaves broken, or what it renders other than the user meant. Each is an
    error that the build refuses too (``render_docx``), with the same words."""
    location = Location(display)
    findings = []
    for opener, paragraph in unclosed_tags(data):
        findings.append(Finding(ERROR, "template.unclosed_tag",
                                f"thẻ mở '{opener}' không có thẻ đóng '{_CLOSERS[opener]}' trong cùng đoạn văn, "
                                "nên khi dựng, các đoạn văn đến thẻ đóng tiếp theo bị nhập làm một hoặc mẫu báo lỗi "
                                f"cú pháp — đoạn văn: {_quote(paragraph)}", location))
    for _part, source in jinja_sources(data):
        for tag, paragraph in _unjoined_tags(source):
            findings.append(Finding(ERROR, "template.split_tag",
                                    f"thẻ {_quote(tag)} bị Word tách qua một thành phần khác của tệp (ô nhập liệu, "
                                    "trường, liên kết…) nên không ghép lại được khi dựng; hãy xóa và gõ lại cả thẻ "
                                    f"trong một lần — đoạn văn: {_quote(paragraph)}", location))
        paragraph = None if findings and findings[-1].code == "template.split_tag" else _broken_xml(source)
        if paragraph is not None:
            findings.append(Finding(ERROR, "template.split_tag",
                                    "một thẻ bị Word tách qua một thành phần khác của tệp (ô nhập liệu, liên kết…) "
                                    "nên khi dựng, cấu trúc tệp Word bị cắt hỏng (mất chữ, mất đoạn văn); hãy xóa và gõ lại cả thẻ trong một lần — "
                                    f"đoạn văn: {_quote(paragraph)}", location))
        try:
            tree = make_environment().parse(source)
        except TemplateSyntaxError:
            continue  # reported by check_template, and by the build itself
        fragments: dict[str, list[str]] = {}
        for fragment, text in literal_tags(tree, source):
            fragments.setdefault(text, []).append(f"'{fragment}'")
        for text, found in fragments.items():
            findings.append(Finding(ERROR, "template.literal_tag",
                                    f"{', '.join(found)} không phải thẻ nên sẽ được in nguyên văn, không được thay "
                                    "(hai dấu ngoặc của thẻ phải liền nhau: {{ … }}, {% … %}) — "
                                    f"đoạn văn: {_quote(text)}", location))
    return findings


@functools.lru_cache(maxsize=64)
def build_problem(data: bytes) -> str | None:
    """The first error of :func:`structural_findings` for the template ``data``,
    with how many more, for the build to refuse the template with; None if there
    is none (or the file is unreadable: the render says so itself)."""
    try:
        errors = [f.message for f in structural_findings(data, "") if f.is_error]
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return None
    if not errors:
        return None
    more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
    return f"{errors[0]}{more}; xem `dossier templates check`"


def refuse_broken(template: Path) -> Path:
    """``template`` if it may be rendered: a workspace's own template (``mau/``)
    with a structural error (:func:`build_problem`) is refused with a
    :class:`TemplateError` naming it; the built-in ones are checked by the tests."""
    if Path(template).resolve().parent != TEMPLATE_DIR:
        problem = build_problem(template_bytes(template))
        if problem is not None:
            raise TemplateError(f"mẫu {Path(template).name}: {problem}", path=str(template))
    return template


def check_template(docx: Path, known: set[str] | None, display: str | None = None) -> list[Finding]:
    """Findings for one template. ``known`` is the set of variable paths the data
    provides (None: do not check variable names).

    Everything is judged on the template as the build renders it — after the
    same pre-processing (:func:`dossier.docx_template.jinja_sources`) — so a tag that
    Word split across formatting runs but the render joins again is no finding."""
    display = display or str(docx)
    try:
        data = docx.read_bytes()
        findings = structural_findings(data, display)
        sources = [source for _part, source in jinja_sources(data)]
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        return [Finding(ERROR, "template.unreadable", f"không phải tệp Word .docx hợp lệ ({exc})", Location(display))]
    if any(f.code == "template.split_tag" for f in findings):
        return findings  # Jinja would only repeat them as syntax errors
    paths: set[str] = set()
    for source in sources:
        try:
            paths |= references(make_environment().parse(source))
        except TemplateSyntaxError as exc:
            lines = source.splitlines()
            around = " ".join(re.sub(r"<[^>]+>", "", line) for line in lines[max(exc.lineno - 2, 0):exc.lineno + 1])
            findings.append(Finding(ERROR, "template.syntax",
                                    f"lỗi cú pháp trong thẻ: {_explain(exc.message or '')} — đoạn văn: {_quote(around)}",
                                    Location(display)))
    if known is not None:
        allowed = known | ALWAYS_KNOWN
        for path in sorted(paths):
            if path not in allowed:
                findings.append(Finding(ERROR, "template.unknown_variable",
                                        f"biến '{path}' không có trong dữ liệu của mẫu này"
                                        + _suggest(path, allowed), Location(display)))
    if not findings and not any(TAG.search(source) for source in sources):
        findings.append(Finding(WARNING, "template.no_tags", "mẫu không có thẻ {{ … }} nào; văn bản sẽ giống hệt mẫu",
                                Location(display)))
    return findings


_JINJA_MESSAGES = [
    ("Unexpected end of template", "thiếu thẻ đóng khối ({% endfor %} hoặc {% endif %})"),
    ("unexpected '}'", "dấu '}' thừa hoặc thiếu một dấu '}' của cặp '}}'"),
    ("unexpected end of template", "thẻ chưa được đóng"),
    ("Encountered unknown tag", "thẻ lệnh không được hỗ trợ"),
    ("expected token", "thẻ viết sai cú pháp"),
    ("unexpected char", "có ký tự không được phép trong thẻ"),
]


def _explain(message: str) -> str:
    for needle, text in _JINJA_MESSAGES:
        if needle in message:
            return f"{text} ({message})"
    return message


def _suggest(path: str, allowed: set[str]) -> str:
    import difflib

    guess = difflib.get_close_matches(path, sorted(allowed), n=1, cutoff=0.75)
    return f"; có phải ý bạn là '{guess[0]}'?" if guess else ""


@dataclass
class Export:
    """What :func:`export_templates` did with each built-in template."""

    written: list[Path] = field(default_factory=list)  # new in the folder
    same: list[Path] = field(default_factory=list)  # already there with the same content: left as it is
    kept: list[Path] = field(default_factory=list)  # already there with other content: not overwritten
    overwritten: list[Path] = field(default_factory=list)  # already there with other content, replaced (force)


def export_templates(target: Path, force: bool = False) -> Export:
    """Copy the built-in Word templates into ``target`` for editing. A file
    already there with other content — most likely a template the user has
    edited — is never overwritten unless ``force``. The catalog is not copied:
    nothing reads a workspace's copy of it."""
    target.mkdir(parents=True, exist_ok=True)
    result = Export()
    for source in sorted(TEMPLATE_DIR.glob("*.docx")):
        destination = target / source.name
        data = source.read_bytes()
        if destination.exists():
            if destination.is_file() and destination.read_bytes() == data:
                result.same.append(destination)
                continue
            if not force:
                result.kept.append(destination)
                continue
            result.overwritten.append(destination)
        else:
            result.written.append(destination)
        write_bytes(destination, data)
    return result


def known_variables(workspace_root: Path) -> dict[str, set[str]]:
    """Template file name -> the variable paths its builder produces for the
    candidates (and classes) of a workspace. A template none of whose
    documents can be produced from the workspace's data is absent."""
    from dossier import context, forms
    from dossier.workspace import DocumentCache, collect_files

    forms.load_all()
    cache = DocumentCache()
    known: dict[str, set[str]] = {}
    files, _ = collect_files([workspace_root])
    for path in files:
        doc, own = cache.get(path)
        if doc is None or any(f.is_error for f in own):
            continue
        if doc.kind == "ung_vien":
            subject, builders = context.open_candidate(path, cache), forms.CANDIDATE_FORMS
        elif doc.kind == "lop" and forms.CLASS_FORMS:
            from dossier.classes import open_class

            subject, builders = open_class(path, cache), forms.CLASS_FORMS
        else:
            continue
        for code, builder in builders.items():
            try:
                made = builder(subject)
            except forms.NotReady:
                continue
            except Exception:  # noqa: BLE001 - a broken sample must not hide the other templates
                continue
            for item in made:
                known.setdefault(item.template, set()).update(variable_paths(item.values))
    from dossier.report_forms import sample_values  # the documents of the admission plan (dossier report)

    for name, values in sample_values(Path(workspace_root)).items():
        known.setdefault(name, set()).update(variable_paths(values))
    return known
