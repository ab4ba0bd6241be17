"""The field guide (``dossier guide``): one printable HTML page, in Vietnamese,
generated from the schemas and the templates so that it never drifts.

For every field of the three data files (tổ chức, lớp, người xin vào Đảng):
its name, label, what it is for, an example, whether it is required, and which
documents print it. "Which documents" is traced, not written by hand: each
text value of the sample workspace is tagged with a marker, the document
builders run on the tagged copy, and a field prints in a document when its
marker reaches a variable of that document's template (the variables the
template really uses, read from its Jinja syntax tree as ``templates check``
does). Fields that are not free text (dates, numbers, choices) are matched by
name against the template's variables."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path

from dossier import catalog, fsutil, resources, yaml_writer
from dossier.schema import load_schema
from dossier.skeleton import example, resolve

KINDS = (("to_chuc", "Tệp tổ chức đảng: to-chuc.yaml"), ("lop", "Tệp lớp bồi dưỡng: lop/*.yaml"),
         ("ung_vien", "Tệp người xin vào Đảng: ung-vien/*.yaml"))
MARK = re.compile(r"zq([a-z]+)q", re.IGNORECASE)  # a word of letters: a name with it is still a name


def _marker(number: int) -> str:
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += chr(ord("a") + digit)
        if not number:
            return f"Zq{letters}q"


def _number(letters: str) -> int:
    return sum((ord(c) - ord("a")) * 26 ** i for i, c in enumerate(letters.lower()))


def rows(kind: str) -> list[dict]:
    """(path, depth, node, own, required) for every field of a schema, in order."""
    root = load_schema(kind)
    later = {f for rule in root.get("allOf", []) for f in rule.get("then", {}).get("required", [])}
    found: list[dict] = []

    def walk(node, prefix: str, depth: int):
        node = resolve(root, node)
        if node.get("type") == "array" or "items" in node:
            node = resolve(root, node.get("items", {}))
            prefix += "[]"
        required = set(node.get("required", []))
        for name, own in node.get("properties", {}).items():
            sub = resolve(root, own)
            path = f"{prefix}.{name}" if prefix else name
            need = "bắt buộc" if name in required else ("bắt buộc khi có bước đầu tiên (moc)"
                                                         if depth == 0 and name in later else "không")
            found.append({"path": path, "depth": depth, "node": sub, "own": own, "required": need})
            if sub.get("properties") or resolve(root, sub.get("items", {})).get("properties"):
                walk(sub, path, depth + 1)

    walk(root, "", 0)
    return found


def _free_text(kind) -> set[str]:
    """The field paths of a schema that hold free text (not a choice, a date…)."""
    if kind not in dict(KINDS):
        return set()
    return {row["path"] for row in rows(kind) if not (row["node"].get("enum") or row["node"].get("format")
                                                      or row["node"].get("const"))}


def _tag(data, path: tuple, marks: dict, kind, free: set[str]) -> None:
    """Append a marker word (:func:`_marker`) to every text value with a space in it (not codes,
    dates or file names); ``marks[n]`` = (kind, field path)."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in list(items):
        here = (*path, key)
        if isinstance(value, (dict, list)):
            _tag(value, here, marks, kind, free)
            continue
        field = ".".join("[]" if isinstance(p, int) else str(p) for p in here).replace(".[]", "[]")
        if isinstance(value, str) and " " in value.strip() and not value.endswith(_FILES) and field in free:
            number = len(marks) + 1
            marks[number] = (kind, field)
            data[key] = f"{value} {_marker(number)}"


_FILES = (".yaml", ".yml", ".pdf", ".jpg", ".jpeg", ".png")


def traced() -> dict[str, dict[str, set[str]]]:
    """kind -> field path -> catalog codes of the documents that print it."""
    from dossier import context, forms
    from dossier.classes import open_class
    from dossier.render import jinja_sources, make_environment, template_bytes
    from dossier.template_check import references
    from dossier.workspace import DocumentCache, collect_files

    samples = resources.sample_workspace()
    printed: dict[str, dict[str, set[str]]] = {kind: {} for kind, _ in KINDS}
    if samples is None:
        return printed
    used = _template_references(jinja_sources, make_environment, template_bytes, references)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(samples, copy)
        marks: dict[int, tuple[str, str]] = {}
        for path in collect_files([copy])[0]:
            loaded = yaml_writer.load(path)
            if isinstance(loaded.data, dict):
                kind = loaded.data.get("loai")
                _tag(loaded.data, (), marks, kind, _free_text(kind))
                fsutil.write_bytes(path, loaded.render())
        cache = DocumentCache()
        forms.load_all()
        for path in collect_files([copy])[0]:
            doc, findings = cache.get(path)
            if doc is None or any(f.is_error for f in findings):
                continue
            if doc.kind == "ung_vien":
                subject, builders = context.open_candidate(path, cache), forms.CANDIDATE_FORMS
            elif doc.kind == "lop":
                subject, builders = open_class(path, cache), forms.CLASS_FORMS
            else:
                continue
            for code, builder in builders.items():
                try:
                    made = builder(subject)
                except Exception:  # noqa: BLE001 - a document the sample cannot make prints nothing here
                    continue
                for item in made:
                    for variable, text in _texts(item.values, ""):
                        if not _is_used(variable, used.get(item.template, set())):
                            continue
                        for number in MARK.findall(text):
                            kind, field = marks.get(_number(number), (None, None))
                            if kind in printed:
                                printed[kind].setdefault(field, set()).add(code)
    return printed


def _texts(values, prefix: str):
    if isinstance(values, dict):
        for key, value in values.items():
            yield from _texts(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(values, (list, tuple)):
        for value in values:
            yield from _texts(value, f"{prefix}[]")
    elif isinstance(values, str):
        yield prefix, values


def _is_used(variable: str, used: set[str]) -> bool:
    return variable in used or any(variable.startswith(u + ".") or variable.startswith(u + "[]") for u in used)


def _template_references(jinja_sources, make_environment, template_bytes, references) -> dict[str, set[str]]:
    from dossier.render import TEMPLATE_DIR

    env = make_environment()
    found: dict[str, set[str]] = {}
    for entry in catalog.entries().values():
        if not entry.template:
            continue
        paths: set[str] = set()
        try:
            for _part, source in jinja_sources(template_bytes(TEMPLATE_DIR / entry.template)):
                paths |= references(env.parse(source))
        except Exception:  # noqa: BLE001 - a broken template shows no fields, templates check names it
            continue
        found[entry.template] = paths
    return found


def _by_name(kind: str, path: str, used_by_code: dict[str, set[str]]) -> set[str]:
    name = path.rsplit(".", 1)[-1].rstrip("[]")
    return {code for code, used in used_by_code.items() if any(u.rsplit(".", 1)[-1] == name for u in used)}


def page() -> str:
    """The whole guide, one HTML page."""
    printed = traced()
    from dossier.render import jinja_sources, make_environment, template_bytes
    from dossier.template_check import references

    by_template = _template_references(jinja_sources, make_environment, template_bytes, references)
    by_code = {e.code: by_template.get(e.template, set()) for e in catalog.entries().values() if e.template}
    titles = {e.code: e.title for e in catalog.entries().values()}
    out = [_HEAD]
    for kind, heading in KINDS:
        out.append(f"<h2>{html.escape(heading)}</h2>\n<table>\n<colgroup><col class='f'><col class='l'><col class='d'><col class='e'><col class='r'><col></colgroup>\n<thead><tr><th>Trường</th><th>Tên gọi</th>"
                   "<th>Dùng để làm gì</th><th>Ví dụ</th><th>Bắt buộc</th><th>Văn bản in trường này</th></tr></thead>"
                   "\n<tbody>")
        fields = rows(kind)
        names = [row["path"].rsplit(".", 1)[-1] for row in fields]
        for row in fields:
            node, own = row["node"], row["own"]
            codes = printed[kind].get(row["path"], set())
            guessed = False
            name = row["path"].rsplit(".", 1)[-1]
            if not codes and kind == "ung_vien" and _is_plain(node) and names.count(name) == 1:
                codes, guessed = _by_name(kind, row["path"], by_code), True
            shown = example(own, node)
            if shown is None and node.get("enum"):
                shown = ", ".join(str(e) for e in node["enum"])
            docs = ", ".join(f'<span title="{html.escape(titles.get(c, ""))}">{html.escape(c)}</span>'
                             for c in sorted(codes, key=_code_order)) + (" *" if guessed and codes else "")
            out.append(f'<tr class="d{row["depth"]}"><td title="{html.escape(row["path"])}"><code>'
                       f'{html.escape(name + ("[]" if row["path"].endswith("[]") else ""))}</code></td>'
                       f"<td>{html.escape(node.get('title', ''))}</td>"
                       f"<td>{html.escape(own.get('description') or node.get('description', ''))}</td>"
                       f"<td>{html.escape('' if shown is None else str(shown))}</td>"
                       f"<td>{html.escape(row['required'])}</td><td>{docs}</td></tr>")
        out.append("</tbody></table>")
    out.append(_legend(titles))
    out.append("</body></html>\n")
    return "\n".join(out)


def _is_plain(node: dict) -> bool:
    """Not free text: dates, months, numbers, choices, yes/no (matched by name)."""
    return bool(node.get("format") or node.get("enum") or node.get("type") in ("integer", "boolean", "number"))


def _code_order(code: str):
    entry = catalog.entry(code)
    return (entry.stage, entry.order) if entry else ("z", 0)


def _legend(titles: dict) -> str:
    items = "".join(f"<li><b>{html.escape(e.code)}</b> {html.escape(e.title)}</li>"
                    for e in sorted(catalog.entries().values(), key=lambda e: (e.stage, e.order)) if e.template)
    return f"<h2>Các văn bản</h2><ul class='legend'>{items}</ul>"


_HEAD = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Hướng dẫn khai dữ liệu hồ sơ kết nạp đảng viên</title>
<style>
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 11pt; margin: 1.5cm; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 13pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; } thead { display: table-header-group; }
col.f { width: 17%; } col.l { width: 12%; } col.d { width: 41%; } col.e { width: 13%; } col.r { width: 7%; }
td { overflow-wrap: anywhere; } h2 { page-break-after: avoid; }
th, td { border: 1px solid #999; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; } tr { page-break-inside: avoid; }
tr.d1 td:first-child { padding-left: 14pt; } tr.d2 td:first-child { padding-left: 28pt; }
tr.d3 td:first-child { padding-left: 42pt; }
code { font-family: "Liberation Mono", monospace; font-size: 9pt; }
ul.legend { columns: 2; font-size: 10pt; }
@page { size: A4 landscape; margin: 1.2cm; }
</style></head><body>
<h1>HƯỚNG DẪN KHAI DỮ LIỆU HỒ SƠ KẾT NẠP ĐẢNG VIÊN</h1>
<p>Mỗi bảng là một loại tệp YAML. Cột “Trường” là tên trường ghi trong tệp; trường con thụt vào dưới trường chứa nó;
<code>[]</code> là danh sách, mỗi mục có các trường con. “Bắt buộc”: thiếu thì <code>dossier validate</code> báo lỗi. “Văn bản in trường này”: các
mẫu văn bản có in giá trị của trường (đưa chuột vào mã để xem tên văn bản; danh sách ở cuối trang), dò
theo dữ liệu mẫu; dấu * là dò theo tên biến trong mẫu (ngày, số, lựa chọn), có thể chưa đủ.
Trang này được tạo từ mẫu dữ liệu và mẫu văn bản của bộ công cụ bằng lệnh <code>dossier guide</code>.</p>
"""
