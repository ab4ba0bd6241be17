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

import io
import re
import shutil
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

from dossier.findings import ERROR, WARNING, Finding, Location
from dossier.render import TEMPLATE_DIR, make_environment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
XML_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
ALWAYS_KNOWN = {"loop", "loop.index", "loop.index0", "loop.first", "loop.last", "loop.length"}


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"«{text[:160]}{'…' if len(text) > 160 else ''}»"


def split_tags(docx: Path) -> list[tuple[str, str, bool]]:
    """(tag, paragraph text, unclosed) for every Jinja tag that spans more than
    one text run, or that opens without closing in the same paragraph."""
    found = []
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            if not XML_PARTS.fullmatch(name):
                continue
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{W}p"):
                pieces = [t.text or "" for t in paragraph.iter(f"{W}t")]
                text = "".join(pieces)
                if "{" not in text:
                    continue
                bounds, position = [], 0
                for piece in pieces:
                    bounds.append((position, position + len(piece)))
                    position += len(piece)
                for match in TAG.finditer(text):
                    runs = {i for i, (a, b) in enumerate(bounds) if a < match.end() and b > match.start()}
                    if len(runs) > 1:
                        found.append((match.group(0), text, False))
                # an opening without its closing in the same paragraph
                for opener, closer in (("{{", "}}"), ("{%", "%}")):
                    if text.count(opener) != text.count(closer):
                        found.append((opener, text, True))
    return found


def _source(docx: Path) -> str:
    """The template's XML as docxtpl hands it to Jinja (one paragraph per line)."""
    template = DocxTemplate(io.BytesIO(docx.read_bytes()))
    template.init_docx()
    xml = template.patch_xml(template.get_xml())
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


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


def check_template(docx: Path, known: set[str] | None, display: str | None = None) -> list[Finding]:
    """Findings for one template. ``known`` is the set of variable paths the data
    provides (None: do not check variable names)."""
    display = display or str(docx)
    findings = []
    try:
        for tag, paragraph, unclosed in split_tags(docx):
            if unclosed:
                closer = "}}" if tag == "{{" else "%}"
                findings.append(Finding(ERROR, "template.unclosed_tag",
                                        f"thẻ mở '{tag}' không có thẻ đóng '{closer}' trong cùng đoạn văn — "
                                        f"đoạn văn: {_quote(paragraph)}", Location(display)))
                continue
            findings.append(Finding(ERROR, "template.split_tag",
                                    f"thẻ {tag!r} bị Word tách thành nhiều đoạn định dạng nên sẽ không được thay; "
                                    f"hãy xóa và gõ lại cả thẻ trong một lần — đoạn văn: {_quote(paragraph)}",
                                    Location(display)))
        source = _source(docx)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        return [Finding(ERROR, "template.unreadable", f"không phải tệp Word .docx hợp lệ ({exc})", Location(display))]
    try:
        tree = make_environment().parse(source)
    except TemplateSyntaxError as exc:
        lines = source.splitlines()
        around = " ".join(re.sub(r"<[^>]+>", "", line) for line in lines[max(exc.lineno - 2, 0):exc.lineno + 1])
        findings.append(Finding(ERROR, "template.syntax",
                                f"lỗi cú pháp trong thẻ: {_explain(exc.message or '')} — đoạn văn: {_quote(around)}",
                                Location(display)))
        return findings
    if known is not None:
        allowed = known | ALWAYS_KNOWN
        for path in sorted(references(tree)):
            if path not in allowed:
                findings.append(Finding(ERROR, "template.unknown_variable",
                                        f"biến '{path}' không có trong dữ liệu của mẫu này"
                                        + _suggest(path, allowed), Location(display)))
    if not findings and not TAG.search(source):
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


def export_templates(target: Path) -> list[Path]:
    """Copy the built-in templates and the catalog into ``target`` for editing."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(TEMPLATE_DIR.glob("*.docx")) + [TEMPLATE_DIR / "catalog.yaml"]:
        destination = target / source.name
        shutil.copyfile(source, destination)
        written.append(destination)
    return written


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
            from dossier.forms.lop import open_class

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
    return known
