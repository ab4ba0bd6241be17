"""The columns of the spreadsheet round-trip, generated from the schemas.

One workbook holds a workspace's people (``dossier export xlsx`` /
``dossier import xlsx``): a sheet of candidates (one row each) and a sheet per
list of the personal history (2-KNĐ): relatives, work, education, awards and
discipline, travel abroad, the milestones of the dossier and the attached
scans. The columns follow the schema of a candidate (``ung-vien.schema.json``),
whose fields are in the order of the personal history, and take its Vietnamese
titles as headers, so a field added to the schema appears in the workbook
without a change here. What is not a column (old place names, the
verification letters, a transfer…) is kept untouched by an import.

Every sheet begins with a hidden key column (:data:`KEY_HEADER`) that links a
row to its file and item; the list sheets have a visible name column too, which
says whose row it is (and is how a row typed by hand finds its person).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

from dossier import schema
from dossier.vn_text import khong_dau

KEY_HEADER = "Khóa (không sửa)"
PERSON_HEADER = "Họ và tên người xin vào Đảng"
LISTS_SHEET = "danh-muc"  # hidden: the choices of the drop-down lists
CANDIDATES = "ung-vien"

# text, date (a day), month, int, bool, enum (fixed choices), code (choices from the workspace)
TEXT, DATE, MONTH, INT, BOOL, ENUM, CODE = "text", "date", "month", "int", "bool", "enum", "code"
BOOL_WORDS = {True: "Có", False: "Không"}

# Identifiers that Excel turns into numbers when typed without a leading apostrophe.
ID_FIELDS = {"so_can_cuoc", "so_ly_lich", "so_chung_nhan"}
# Names: spacing is normalised; the case only when typed all in capitals or all in lower case.
NAME_FIELDS = {"ho_ten", "ho_ten_khai_sinh"}
# Fields whose choices come from the workspace: the chi bộ codes, the members, the classes.
CODE_FIELDS = {"chi_bo": "chi_bo", "ma": "dang_vien", "nguoi_giup_do": "dang_vien", "lop": "lop"}

# Other words a hand-made roster uses for a column (compared without case and diacritics).
SYNONYMS = {
    "ho_ten": ("họ tên", "họ và tên", "tên", "họ tên quần chúng", "họ và tên quần chúng"),
    "ngay_sinh": ("ngày tháng năm sinh", "sinh ngày", "ngày sinh"),
    "gioi_tinh": ("nam/nữ", "giới"),
    "so_can_cuoc": ("số cccd", "cccd", "căn cước", "số căn cước công dân", "số định danh", "cmnd", "số cmnd"),
    "noi_sinh": ("nơi sinh",),
    "que_quan": ("nguyên quán", "quê"),
    "thuong_tru": ("hộ khẩu thường trú", "địa chỉ thường trú", "thường trú", "hộ khẩu"),
    "tam_tru": ("tạm trú", "chỗ ở hiện nay"),
    "nghe_nghiep": ("nghề nghiệp",),
    "chi_bo": ("mã chi bộ",),
    "lop": ("lớp", "mã lớp", "lớp bồi dưỡng"),
    "so_chung_nhan": ("số gcn", "số giấy chứng nhận", "số chứng nhận"),
    "quan_he": ("quan hệ với người xin vào đảng", "mối quan hệ"),
    "nam_sinh": ("năm sinh",),
    "noi_o": ("nơi ở", "chỗ ở hiện nay", "địa chỉ"),
}


@dataclass(frozen=True)
class Column:
    key: str  # the field path in an item, dotted ("doan_the.doan_thanh_nien.ngay_vao"; "gioi_thieu.dang_vien.1.ma")
    header: str
    kind: str
    choices: tuple = ()
    required: bool = False
    in_class: bool = False  # a field of the class file's hoc_vien entry (lop, so_chung_nhan, xep_loai)

    @property
    def path(self) -> tuple:
        return tuple(int(p) if p.isdigit() else p for p in self.key.split("."))

    @property
    def name(self) -> str:
        return next(p for p in reversed(self.key.split(".")) if not p.isdigit())

    @property
    def words(self) -> tuple:
        """How a header of this column may be written, compared by :func:`header_words`."""
        titles = (self.header, self.key, self.header.split(": ")[-1], *SYNONYMS.get(self.key, ()))
        return tuple(dict.fromkeys(header_words(t) for t in titles))


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple
    lists: dict = field(default_factory=dict)  # label -> list path in the candidate file
    mapping: tuple | None = None  # the milestones: one row per key of this mapping

    @property
    def is_candidates(self) -> bool:
        return not self.lists and self.mapping is None

    @property
    def kind_header(self) -> str | None:
        """The column that says which list a row belongs to, when the sheet holds several."""
        if self.mapping is not None:
            return "Mốc"
        return "Loại" if len(self.lists) > 1 else None


def header_words(text) -> str:
    """A header compared without case, diacritics, punctuation and extra spaces."""
    plain = khong_dau(unicodedata.normalize("NFC", str(text or ""))).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _deref(node: dict, root: dict) -> dict:
    while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _kind(name: str, node: dict) -> tuple[str, tuple]:
    if name in CODE_FIELDS:
        return CODE, ()
    if "enum" in node:
        return ENUM, tuple(node["enum"])
    kinds = node.get("type")
    if node.get("format") == "ngay":
        return DATE, ()
    if node.get("format") == "thang":
        return MONTH, ()
    if kinds == "integer":
        return INT, ()
    if kinds == "boolean":
        return BOOL, tuple(BOOL_WORDS.values())
    return TEXT, ()


def _leaves(node: dict, root: dict, prefix: tuple, titles: tuple, required: bool, repeat: dict):
    """(path, titles, schema, required) of each value of ``node`` reached through
    mappings; a list named in ``repeat`` is spread over that many numbered items."""
    node = _deref(node, root)
    for name, sub in node.get("properties", {}).items():
        sub = _deref(sub, root)
        path = prefix + (name,)
        title = sub.get("title", name)
        needed = required and name in node.get("required", ())
        if "properties" in sub:
            yield from _leaves(sub, root, path, titles + (title,), needed, repeat)
        elif sub.get("type") == "array":
            for i in range(repeat.get(path, 0)):
                yield from _leaves(sub.get("items", {}), root, path + (i,), titles + (f"{title} {i + 1}",),
                                   False, repeat)
        else:
            yield path, titles + (title,), sub, needed


def _columns(leaves, skip: set) -> tuple:
    made = []
    for path, titles, node, needed in leaves:
        if path[0] in skip or path == ("loai",):
            continue
        name = next(p for p in reversed(path) if isinstance(p, str))
        kind, choices = _kind(name, node)
        made.append((".".join(map(str, path)), titles, kind, choices, needed))
    # the shortest header that tells the columns apart: the field's title, with its parents' where needed
    headers = {}
    for depth in range(1, 6):
        for key, titles, *_ in made:
            headers.setdefault(key, ": ".join(titles[-depth:]))
        counts: dict = {}
        for key in headers:
            counts[headers[key]] = counts.get(headers[key], 0) + 1
        for key in [k for k, h in headers.items() if counts[h] > 1]:
            del headers[key]
    return tuple(Column(key, headers[key], kind, choices, needed) for key, _, kind, choices, needed in made)


def _items(root: dict, path: tuple) -> dict:
    node = _deref(root, root)
    for part in path:
        node = _deref(node["properties"][part], root)
    return _deref(node["items"], root) if node.get("type") == "array" else node


def _list_sheet(root: dict, name: str, title: str, lists: dict) -> Sheet:
    first = next(iter(lists.values()))
    return Sheet(name, title, _columns(_leaves(_items(root, first), root, (), (), True, {}), set()), lists)


def _milestones(root: dict) -> Sheet:
    moc = _items(root, ("moc",))
    fields: dict = {}
    for sub in moc["properties"].values():
        for path, titles, node, needed in _leaves(sub, root, (), (), False, {}):
            fields.setdefault(path, (path, titles, node, needed))
    plain = {"so": "Số (văn bản, giấy chứng nhận)", "ngay": "Ngày"}  # shared by milestones of every kind
    columns = tuple(Column(c.key, plain.get(c.key, c.header), c.kind, c.choices) for c in _columns(fields.values(), set()))
    return Sheet("moc", "Các mốc hồ sơ", columns, mapping=("moc",))


@functools.lru_cache(maxsize=None)
def sheets() -> tuple[Sheet, ...]:
    """The sheets of the workbook, each with its columns, in the order of the personal history."""
    root = schema.load_schema("ung_vien")
    lop = schema.load_schema("lop")
    listed = set()
    for sub in root["properties"].values():
        if _deref(sub, root).get("type") == "array":
            listed.add(next(k for k, v in root["properties"].items() if v is sub))
    people = list(_columns(_leaves(root, root, (), (), True, {("gioi_thieu", "dang_vien"): 2}), listed | {"moc"}))
    entry = _items(lop, ("hoc_vien",))
    enrolment = [Column("lop", "Lớp bồi dưỡng (mã lớp)", CODE, (), False, True)]
    for key in ("so_chung_nhan", "xep_loai"):
        kind, choices = _kind(key, _deref(entry["properties"][key], lop))
        enrolment.append(Column(key, entry["properties"][key]["title"], kind, choices, False, True))
    at = next(i for i, c in enumerate(people) if c.key == "chi_bo") + 1
    people[at:at] = enrolment
    people.sort(key=lambda c: c.key != "ho_ten")  # the name first, as on the personal history
    return (
        Sheet(CANDIDATES, "Người xin vào Đảng", tuple(people)),
        _list_sheet(root, "gia-dinh", "Hoàn cảnh gia đình", {"Gia đình": ("gia_dinh",)}),
        _list_sheet(root, "cong-tac", "Công việc, chức vụ đã qua", {"Công tác": ("qua_trinh_cong_tac",)}),
        _list_sheet(root, "dao-tao", "Đào tạo, bồi dưỡng", {"Đào tạo": ("dao_tao_boi_duong",)}),
        _list_sheet(root, "khen-thuong-ky-luat", "Khen thưởng, kỷ luật",
                    {"Khen thưởng": ("khen_thuong",), "Kỷ luật": ("ky_luat",)}),
        _list_sheet(root, "nuoc-ngoai", "Đi nước ngoài", {"Đi nước ngoài": ("di_nuoc_ngoai",)}),
        _milestones(root),
        _list_sheet(root, "dinh-kem", "Tệp đính kèm", {"Đính kèm": ("dinh_kem",)}),
    )


def milestone_choices() -> tuple:
    """The milestone names (keys of ``moc``) with their titles, in schema order."""
    root = schema.load_schema("ung_vien")
    moc = _items(root, ("moc",))
    return tuple((key, _deref(sub, root).get("title", key)) for key, sub in moc["properties"].items())


def property_order(kind: str, path: tuple) -> list:
    """The field names of the schema's mapping at data ``path`` (list indexes skipped), in schema order."""
    root = schema.load_schema(kind)
    node = _deref(root, root)
    for part in path:
        if isinstance(part, int):
            continue
        node = _deref(node.get("properties", {}).get(part, {}), root)
        if node.get("type") == "array":
            node = _deref(node.get("items", {}), root)
    return list(node.get("properties", {}))


def sheet(name: str) -> Sheet:
    return next(s for s in sheets() if s.name == name)
