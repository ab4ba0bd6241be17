"""What the spreadsheet round-trip reads of a workspace, and how a cell's value
compares with a YAML value.

* :func:`read_workspace` reads the candidate and class files and the codes the
  drop-down lists offer: each file as the toolkit reads it (:mod:`dossier.loader`:
  an ID number ``006306900694`` stays text with its zeros), and round-trip
  (:func:`dossier.yaml_writer.load`) only when the import is going to change it
  — a round-trip read costs ten times more, a whole workspace minutes;
* :func:`canonical` turns a cell or a YAML value into one comparable form
  (a date whether written ``2025-11-17``, ``17/11/2025`` or typed as an Excel
  date; text with its spacing normalised), so an unchanged value is never
  rewritten; :func:`to_yaml` writes a changed value the way the file writes
  its values (``17/03/2025`` or ``2025-03-17``, quoted, folded);
* row keys (the hidden first column) name a file and an item in it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, ScalarString

from dossier import loader, vietnamese, yaml_writer
from dossier.errors import DataError, EnvironmentFailure
from dossier.vn_text import INVISIBLE
from dossier.findings import WARNING, Finding, Location
from dossier.sheet_columns import BOOL, BOOL_WORDS, DATE, INT, MONTH, NAME_FIELDS, Column, header_words
from dossier.workspace import ORG_FILE, collect_files, find_root

FOLD_WIDTH = 100  # a folded block (>-) written anew is cut at about this width, as the samples are


class Entry:
    """One file of the workspace. ``data`` is the file as the toolkit reads it, in
    ruamel's containers so the import can work on it; after :meth:`load`, the
    file read round-trip (comments, quoting, layout kept), which is what gets
    written. :meth:`fresh` forgets changes made to the first."""

    def __init__(self, path: Path, values):
        self.path = path
        self.values = values
        self.loaded: yaml_writer.Loaded | None = None
        self._light = None

    @property
    def data(self):
        if self.loaded is not None:
            return self.loaded.data
        if self._light is None:
            self._light = _commented(self.values)
        return self._light

    def load(self) -> None:
        if self.loaded is None:
            try:
                self.loaded = yaml_writer.load(self.path)
            except EnvironmentFailure:
                raise
            except Exception as exc:  # noqa: BLE001 - read by the toolkit, refused by ruamel: say so, change nothing
                raise DataError("tệp này đọc được để kiểm tra nhưng không đọc được để sửa giữ nguyên định dạng, nên "
                                f"lệnh nhập không sửa gì; hãy sửa tệp bằng tay (chi tiết: {exc})", path=str(self.path)) from exc

    def fresh(self) -> None:
        self._light = None

    def render(self) -> bytes:
        return self.loaded.render()


def _commented(value):
    if isinstance(value, dict):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    return value


@dataclass
class Workspace:
    root: Path
    people: dict = field(default_factory=dict)  # relative path -> Entry
    classes: dict = field(default_factory=dict)  # relative path -> Entry
    codes: dict = field(default_factory=dict)  # "chi_bo" / "dang_vien" / "lop" -> [code, …]
    findings: list = field(default_factory=list)
    _listed: dict | None = None  # resolved candidate file -> (class file, index in hoc_vien)

    def rel(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def entry(self, rel: str) -> Entry:
        return self.people.get(rel) or self.classes[rel]

    def class_of(self, rel: str) -> tuple[str | None, int | None]:
        """The class file listing candidate ``rel`` and the index of its entry."""
        if self._listed is None:
            self._listed = {}
            for class_rel, entry in self.classes.items():
                for i, item in enumerate(_list(entry.data.get("hoc_vien"))):
                    if isinstance(item, dict) and isinstance(item.get("ho_so"), str):
                        target = (entry.path.parent / item["ho_so"]).resolve()
                        self._listed.setdefault(target, (class_rel, i))
        return self._listed.get((self.root / rel).resolve(), (None, None))

    def classes_changed(self) -> None:
        """Call after changing a class's ``hoc_vien``: :meth:`class_of` looks again."""
        self._listed = None

    def class_by_code(self, code: str) -> str | None:
        for class_rel, entry in self.classes.items():
            if header_words(entry.data.get("ma")) == header_words(code):
                return class_rel
        return None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def read_workspace(folder: Path) -> Workspace:
    """The candidate and class files of the workspace at or above ``folder``."""
    root = find_root(Path(folder))
    if root is None:
        raise DataError(f"không tìm thấy tệp {ORG_FILE} ở thư mục {folder} hay các thư mục cha; "
                        "hãy chỉ đến thư mục hồ sơ của tổ chức đảng")
    ws = Workspace(root)
    files, _ = collect_files([root])
    for path in files:
        doc, found = loader.load(path)
        if doc is None or any(f.is_error for f in found):
            ws.findings.append(Finding(WARNING, "sheet.file_skipped",
                                       "tệp này không đọc được nên không có trong bảng tính và không được sửa; "
                                       "hãy chạy dossier validate để xem lỗi", Location(ws.rel(path))))
            continue
        kind = doc.data.get("loai") if isinstance(doc.data, dict) else None
        if kind == "ung_vien":
            ws.people[ws.rel(path)] = Entry(path, doc.data)
        elif kind == "lop":
            ws.classes[ws.rel(path)] = Entry(path, doc.data)
        elif kind == "to_chuc" and path.parent.resolve() == root.resolve():
            _codes(ws, doc.data)
    ws.codes["lop"] = [str(c.data.get("ma")) for c in ws.classes.values() if c.data.get("ma")]
    return ws


def _codes(ws: Workspace, org) -> None:
    bodies = [b for b in _list(org.get("co_quan")) if isinstance(b, dict)]
    ws.codes["chi_bo"] = [str(b["ma"]) for b in bodies if b.get("cap") == "chi_bo" and b.get("ma")]
    ws.codes["dang_vien"] = [str(m["ma"]) for b in bodies for m in _list(b.get("dang_vien"))
                             if isinstance(m, dict) and m.get("ma")]


# ------------------------------------------------------------------ row keys

_KEY = re.compile(r"^(?P<file>[^#]+?)(?:#(?P<path>[a-z_]+(?:\.[a-z_]+)*)(?:\[(?P<index>\d+)\])?)?$")


def row_key(rel: str, path: tuple = (), index: int | None = None) -> str:
    key = rel
    if path:
        key += "#" + ".".join(path)
    if index is not None:
        key += f"[{index + 1}]"
    return key


def parse_key(text) -> tuple[str, tuple, int | None] | None:
    match = _KEY.match(str(text or "").strip())
    if not match:
        return None
    path = tuple(match["path"].split(".")) if match["path"] else ()
    return match["file"], path, int(match["index"]) - 1 if match["index"] else None


# ------------------------------------------------------------------ values

class Keep(str):
    """A cell already reported as unreadable (old encoding, too long): its field is left as it is."""


KEEP = Keep("")


def clean_text(value: str) -> str:
    """NFC; each line's runs of spaces made one; blank lines at the ends taken off."""
    text = vietnamese.nfc(str(value)).translate(INVISIBLE).replace("\r\n", "\n").replace("\u00a0", " ")
    return "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))


def clean_name(value: str) -> str:
    """Spacing normalised; a name with a word in capitals or in lower case
    (``NGUYỄN  văn An``) gets each word capitalised (``Nguyễn Văn An``); a name
    whose words all begin with a capital and go on in lower case is kept as typed."""
    text = " ".join(clean_text(value).split())
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if any(w[:1].islower() or (len(w) > 1 and w.isupper()) for w in words):
        return vietnamese.viet_hoa_ho_ten(text)
    return text


def canonical(column: Column, value):
    """The comparable form of ``value`` (from a cell or from a YAML file) for
    ``column``; text it cannot read as the column's kind stays text (and the
    schema check then says what is wrong with it, as validate does)."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    if column.kind == DATE:
        try:
            return vietnamese.parse_ngay(value if isinstance(value, datetime.date) else clean_text(value))
        except ValueError:
            return clean_text(value)
    if column.kind == MONTH:
        if isinstance(value, datetime.date):
            return value.year, value.month
        try:
            return vietnamese.parse_thang(clean_text(value))
        except ValueError:
            return clean_text(value)
    if column.kind == INT:
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", clean_text(value)):
            return int(clean_text(value))
        return value if isinstance(value, int) else clean_text(value)
    if column.kind == BOOL:
        if isinstance(value, bool):
            return value
        word = header_words(value)
        for truth, label in BOOL_WORDS.items():
            if word in (header_words(label), str(truth).lower()) or (truth and word in ("x", "co", "yes", "1")):
                return truth
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return BOOL_WORDS[value]
    text = clean_text(value)
    return clean_name(text) if column.name in NAME_FIELDS else text


def same(column: Column, old, new) -> bool:
    """Whether the cell's ``new`` says what the file's ``old`` says."""
    a, b = canonical(column, old), canonical(column, new)
    if a == b:
        return True
    # text that is only spaced differently ("Nguyễn  Văn A" in the file)
    return isinstance(a, str) and isinstance(b, str) and " ".join(a.split()) == " ".join(b.split())


def date_style(data) -> str:
    """How a file writes its dates: ``dmy`` (17/03/2025) when most are so written, else ``iso``."""
    counts = {"dmy": 0, "iso": 0}

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, datetime.date):
            counts["iso"] += 1
        elif isinstance(node, str) and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", node.strip()):
            counts["dmy"] += 1

    walk(data)
    return "dmy" if counts["dmy"] > counts["iso"] else "iso"


def to_yaml(column: Column, new, old, style: str):
    """The YAML value for the cell value ``new`` replacing ``old`` (None when there was none)."""
    value = canonical(column, new)
    if column.kind == DATE and isinstance(value, datetime.date):
        dmy = isinstance(old, str) or (old is None and style == "dmy")
        return value.strftime("%d/%m/%Y") if dmy else value
    if column.kind == MONTH and isinstance(value, tuple):
        year, month = value
        if isinstance(old, str) and re.match(r"\s*\d{1,2}\s*[/-]", old):
            return f"{month:02d}/{year}"
        return f"{year}-{month:02d}"
    if isinstance(value, str) and isinstance(old, ScalarString):
        if isinstance(old, FoldedScalarString) or "\n" in old:
            return _folded(value) if isinstance(old, FoldedScalarString) else type(old)(value)
        return type(old)(value)
    if isinstance(value, str) and old is None and value.isdigit():
        return DoubleQuotedScalarString(value)  # an ID number, quoted as the samples quote them
    return value


def _folded(text: str) -> FoldedScalarString:
    """A folded block (``>-``) cut at spaces near :data:`FOLD_WIDTH`, as a person would write it."""
    folded = FoldedScalarString(text)
    chosen, line_start, last = [], 0, None
    for match in re.finditer("[ \n]", text):
        pos = match.start()
        if match.group() == "\n":  # a paragraph break of its own: lines start again
            line_start, last = pos + 1, None
            continue
        if pos - line_start > FOLD_WIDTH and last is not None:
            chosen.append(last)
            line_start = last + 1
        last = pos
    folded.fold_pos = chosen
    return folded


def to_cell(column: Column, value):
    """The cell value for the YAML ``value``: dates as dates, the rest as written."""
    if value is None:
        return None
    if column.kind == DATE:
        parsed = canonical(column, value)
        return parsed if isinstance(parsed, datetime.date) else str(value)
    if column.kind == BOOL and isinstance(value, bool):
        return BOOL_WORDS[value]
    if column.kind == INT and isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else value


def value_at(data, path: tuple):
    """The value at ``path`` (keys and list indexes) in ``data``, None where the path breaks."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data
