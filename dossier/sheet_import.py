"""``dossier import xlsx``: create or update a workspace's YAML files from a workbook.

* a candidate row with a key (the hidden first column) updates that file; a row
  without one updates the person of the same name and birth date, or becomes a
  new file in ``ung-vien/`` (added to its class file's ``hoc_vien``);
* a changed cell changes that field only; rows added to a list are appended,
  reordered rows reorder it; a row no longer in a sheet that has the key column
  removes its item only with ``delete=True`` (otherwise a warning says it was
  kept); a hand-made sheet (no key column) only adds and updates, matching its
  rows to the items already there by their first columns (relation and name…);
* before anything is written, the would-be files are validated as ``dossier
  validate`` does (:mod:`dossier.sheet_check`), each problem named by sheet,
  row and column; with any error nothing is written;
* every write goes through :mod:`dossier.yaml_writer` (backup first, round-trip).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dossier import vietnamese, workspace_schemas, yaml_writer
from dossier.findings import ERROR, WARNING, Finding, Location
from dossier.sheet_apply import Change, insert, replace_items, set_value
from dossier.sheet_columns import CANDIDATES, ID_FIELDS, header_words, milestone_choices
from dossier.sheet_model import Workspace, canonical, clean_name, date_style, parse_key, read_workspace, value_at
from dossier.sheet_read import KEY, KIND, PERSON, Row, Table, read_workbook
from dossier.workspace import display_path
from dossier.yaml_document import format_field_path

NEW_FOLDER = "ung-vien"


@dataclass
class Plan:
    ws: Workspace
    display: str
    delete: bool = False
    new: dict = field(default_factory=dict)  # rel -> CommentedMap of a new candidate
    touched: set = field(default_factory=set)  # rel of existing files changed
    cells: dict = field(default_factory=dict)  # rel -> {field path text -> "sheet!A1"}
    rows: dict = field(default_factory=dict)  # rel -> "sheet!A1" of the person's row
    names: dict = field(default_factory=dict)  # name words -> [rel]
    changes: list = field(default_factory=list)
    styles: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)

    def data(self, rel: str):
        return self.new[rel] if rel in self.new else self.ws.people[rel].data

    def style(self, rel: str) -> str:
        """The file's date style, as it was before the import (worked out once)."""
        if rel not in self.styles:
            self.styles[rel] = "iso" if rel in self.new else date_style(self.ws.entry(rel).data)
        return self.styles[rel]

    def problem(self, severity: str, code: str, message: str, ref: str) -> None:
        self.findings.append(Finding(severity, code, message, Location(self.display, field=ref)))

    def cell(self, rel: str, path: tuple, ref: str) -> None:
        self.cells.setdefault(rel, {})[format_field_path(path)] = ref

    def value(self, table: Table, row: Row, column, old):
        """The cell's value; an identifier typed as a number (its leading zeros lost) is the
        file's own when it is the same number, else text, with a warning."""
        value = row.value(column.key)
        if column.name not in ID_FIELDS or not isinstance(value, (int, float)) or isinstance(value, bool):
            return value
        number = str(int(value)) if float(value).is_integer() else str(value)
        if isinstance(old, str) and old.strip().isdigit() and old.strip().lstrip("0") == number.lstrip("0"):
            return old
        self.problem(WARNING, "sheet.id_as_number", f"ô này là một số ({number}), không phải chữ: nếu số có số 0 "
                     "ở đầu thì Excel đã bỏ mất; hãy định dạng cột là Văn bản (Text) rồi gõ lại đủ các chữ số",
                     row.ref(table.name, column.key))
        return number

    def record(self, before: int, rel: str) -> None:
        if len(self.changes) > before and rel not in self.new:
            self.touched.add(rel)


@dataclass
class Imported:
    changes: list
    created: list
    written: list
    findings: list


def import_workbook(book: Path, folder: Path, dry_run: bool = False, delete: bool = False) -> Imported:
    ws = read_workspace(folder)
    display = display_path(book)
    tables, findings = read_workbook(book, display)
    # The plan is made on every file as the toolkit reads it, which tells which
    # files change; those are then read round-trip (what gets written) and the
    # plan made again: the same decisions, and a fraction of the reading when a
    # big workspace changes in a few places.
    while True:
        for entry in (*ws.people.values(), *ws.classes.values()):
            entry.fresh()
        ws.classes_changed()
        plan = _planned(ws, display, delete, tables, list(findings))
        unread = [rel for rel in plan.touched if ws.entry(rel).loaded is None]
        if not unread:
            return _written(plan, dry_run)
        for rel in unread:
            ws.entry(rel).load()


def _planned(ws: Workspace, display: str, delete: bool, tables: list, findings: list) -> Plan:
    from dossier.sheet_check import check

    plan = Plan(ws, display, delete, findings=findings)
    if tables:  # problems of single cells are reported together with those of the would-be files
        by_name = {t.sheet.name: t for t in tables}
        if CANDIDATES in by_name:
            _candidates(plan, by_name[CANDIDATES])
        for rel, entry in ws.people.items():
            plan.names.setdefault(header_words(clean_name(str(entry.data.get("ho_ten", "")))), []).append(rel)
        for table in tables:
            if table.sheet.name != CANDIDATES:
                _lists(plan, table)
    if tables and all(ws.entry(rel).loaded is not None for rel in plan.touched):  # else planned again
        plan.findings += check(plan)
    return plan


def _written(plan: Plan, dry_run: bool) -> Imported:
    ws = plan.ws
    result = Imported(plan.changes, sorted(plan.new), [], plan.findings)
    if any(f.is_error for f in plan.findings) or dry_run:
        return result
    for rel, data in plan.new.items():
        path = ws.root / rel
        workspace_schemas.ensure(ws.root)
        text = workspace_schemas.schema_line(ws.root, path, "ung-vien.schema.json") + yaml_writer.dumps(data)
        if yaml_writer.create(path, text):
            result.written.append(rel)
    for rel in sorted(plan.touched):
        if yaml_writer.save(ws.entry(rel).loaded, ws.root):
            result.written.append(rel)
    return result


# ------------------------------------------------------------------ candidates

def _candidates(plan: Plan, table: Table) -> None:
    ws = plan.ws
    seen: dict = {}
    by_identity = {(header_words(clean_name(str(e.data.get("ho_ten", "")))),
                    canonical(_column(table, "ngay_sinh"), e.data.get("ngay_sinh"))): rel
                   for rel, e in ws.people.items()}
    for row in table.rows:
        key = parse_key(row.value(KEY)) if row.value(KEY) else None
        rel = key[0] if key and key[0] in ws.people else None
        if rel is None and "ho_ten" in table.keys:
            identity = (header_words(clean_name(str(row.value("ho_ten") or ""))),
                        canonical(_column(table, "ngay_sinh"), row.value("ngay_sinh")))
            rel = by_identity.get(identity) if identity[0] else None
        if rel in seen:
            plan.problem(ERROR, "sheet.duplicate_row", f"dòng này và dòng {seen[rel]} cùng là hồ sơ {rel}; "
                         "hãy xóa một dòng", row.ref(table.name, KEY))
            continue
        if rel is None:
            rel = _new_file(plan, row, table)
            if rel is None:
                continue
        seen[rel] = row.number
        plan.rows[rel] = row.ref(table.name, "ho_ten")
        before = len(plan.changes)
        for column in table.sheet.columns:
            if column.key not in table.keys or column.in_class:
                continue
            value = plan.value(table, row, column, value_at(plan.data(rel), column.path))
            actual = set_value(plan.data(rel), column.path, column, value, plan.style(rel), "ung_vien", rel,
                               plan.changes)
            plan.cell(rel, actual, row.ref(table.name, column.key))
        plan.record(before, rel)
        _enrolment(plan, table, row, rel)
    if KEY in table.keys:
        for rel in ws.people:
            if rel not in seen:
                plan.problem(WARNING, "sheet.row_removed", f"hồ sơ {rel} không còn trong trang này; tệp được giữ "
                             "nguyên (lệnh nhập không bao giờ xóa tệp hồ sơ)", f"{table.name}!A1")


def _column(table: Table, key: str):
    return next(c for c in table.sheet.columns if c.key == key)


def _new_file(plan: Plan, row: Row, table: Table) -> str | None:
    name = clean_name(str(row.value("ho_ten") or ""))
    if not name:
        if any(v for k, (v, _) in row.cells.items() if k != KEY):
            plan.problem(ERROR, "sheet.no_name", "dòng này chưa có họ và tên nên không tạo được hồ sơ",
                         row.ref(table.name, "ho_ten"))
        return None
    base = vietnamese.slug(name)
    rel, n = f"{NEW_FOLDER}/{base}.yaml", 1
    while rel in plan.new or (plan.ws.root / rel).exists():
        n += 1
        rel = f"{NEW_FOLDER}/{base}-{n}.yaml"
    plan.new[rel] = CommentedMap(loai="ung_vien")
    return rel


def _enrolment(plan: Plan, table: Table, row: Row, rel: str) -> None:
    """The class columns: which class file lists the person, with what certificate."""
    ws = plan.ws
    if "lop" not in table.keys:
        return
    code = row.value("lop")
    current, index = ws.class_of(rel)
    target = ws.class_by_code(str(code)) if code is not None else None
    if code is not None and target is None:
        known = ", ".join(ws.codes.get("lop", [])) or "chưa có lớp nào"
        plan.problem(ERROR, "sheet.unknown_class", f"không có lớp mã '{code}' trong thư mục hồ sơ; các lớp: {known}",
                     row.ref(table.name, "lop"))
        return
    if target is None:
        if current is not None:
            if plan.delete:
                del ws.classes[current].data["hoc_vien"][index]
                ws.classes_changed()
                plan.changes.append(Change(current, f"hoc_vien[{index + 1}]", rel, None))
                plan.touched.add(current)
            else:
                plan.problem(WARNING, "sheet.class_kept", f"ô lớp để trống nhưng {current} đang có hồ sơ này; "
                             "giữ nguyên (dùng --delete để bỏ khỏi lớp)", row.ref(table.name, "lop"))
        return
    entries = ws.classes[target].data.setdefault("hoc_vien", CommentedSeq())
    if current != target:
        entry = CommentedMap()
        if current is not None:
            entry = ws.classes[current].data["hoc_vien"].pop(index)
            ws.classes_changed()
            plan.changes.append(Change(current, f"hoc_vien[{index + 1}]", rel, None))
            plan.touched.add(current)
        entry["ho_so"] = Path(os.path.relpath(ws.root / rel, (ws.root / target).parent)).as_posix()
        entries.append(entry)
        ws.classes_changed()
        index = len(entries) - 1
        plan.changes.append(Change(target, f"hoc_vien[{index + 1}].ho_so", None, entry["ho_so"]))
        plan.touched.add(target)
    before = len(plan.changes)
    for column in table.sheet.columns:
        if column.in_class and column.key != "lop" and column.key in table.keys:
            value = plan.value(table, row, column, value_at(entries[index], column.path))
            set_value(entries[index], column.path, column, value, plan.style(target),
                      "lop", target, plan.changes, ("hoc_vien", index))
            plan.cell(target, ("hoc_vien", index, column.key), row.ref(table.name, column.key))
    plan.cell(target, ("hoc_vien", index), row.ref(table.name, "lop"))
    if len(plan.changes) > before:
        plan.touched.add(target)


# ------------------------------------------------------------------ lists

def _list_path(plan: Plan, table: Table, row: Row) -> tuple | None:
    sheet = table.sheet
    if sheet.mapping is not None:
        word = header_words(row.value(KIND))
        for key, title in milestone_choices():
            if word in (header_words(key), header_words(title)):
                return (*sheet.mapping, key)
        plan.problem(ERROR, "sheet.unknown_kind", f"mốc '{row.value(KIND) or ''}' không có; chọn một mốc trong "
                     "danh sách thả xuống", row.ref(table.name, KIND))
        return None
    if len(sheet.lists) == 1:
        return next(iter(sheet.lists.values()))
    word = header_words(row.value(KIND))
    for label, path in sheet.lists.items():
        if word == header_words(label):
            return path
    plan.problem(ERROR, "sheet.unknown_kind", f"loại '{row.value(KIND) or ''}' không có; chọn: "
                 + ", ".join(sheet.lists), row.ref(table.name, KIND))
    return None


def _person(plan: Plan, table: Table, row: Row) -> tuple[str | None, int | None, tuple | None]:
    key = parse_key(row.value(KEY)) if row.value(KEY) else None
    path = _list_path(plan, table, row)
    if path is None:
        return None, None, None
    if key and (key[0] in plan.ws.people or key[0] in plan.new) and key[1] == path:
        return key[0], key[2], path
    found = plan.names.get(header_words(clean_name(str(row.value(PERSON) or ""))), [])
    found = list(dict.fromkeys(found + [r for r, d in plan.new.items()
                                        if header_words(d.get("ho_ten", "")) == header_words(
                                            clean_name(str(row.value(PERSON) or "")))]))
    if len(found) != 1:
        what = "chưa ghi" if not row.value(PERSON) else (
            f"'{row.value(PERSON)}' không có trong trang {CANDIDATES} hay thư mục hồ sơ" if not found
            else f"'{row.value(PERSON)}' trùng tên {len(found)} hồ sơ ({', '.join(found)})")
        plan.problem(ERROR, "sheet.unknown_person", f"người xin vào Đảng của dòng này {what}",
                     row.ref(table.name, PERSON))
        return None, None, None
    return found[0], None, path


def _lists(plan: Plan, table: Table) -> None:
    groups: dict = {}
    for row in table.rows:
        rel, index, path = _person(plan, table, row)
        if rel is not None:
            groups.setdefault((rel, path), []).append((row, index))
    if KEY in table.keys:  # a sheet of the exported workbook: what is no longer there was removed
        for rel in plan.ws.people:
            for path in ([(*table.sheet.mapping, k) for k in (value_at(plan.data(rel), table.sheet.mapping) or {})]
                         if table.sheet.mapping else table.sheet.lists.values()):
                groups.setdefault((rel, tuple(path)), [])
    for (rel, path), rows in groups.items():
        before = len(plan.changes)
        if table.sheet.mapping is not None:
            _milestone(plan, table, rel, path, rows)
        else:
            _list(plan, table, rel, path, rows)
        plan.record(before, rel)


def _milestone(plan: Plan, table: Table, rel: str, path: tuple, rows: list) -> None:
    data = plan.data(rel)
    if not rows:
        _removed(plan, table, rel, path, lambda: _drop(data, path))
        return
    row = rows[0][0]
    if len(rows) > 1:
        plan.problem(ERROR, "sheet.duplicate_row", f"mốc này của {rel} đã có ở dòng {row.number}",
                     rows[1][0].ref(table.name, KIND))
    for column in table.sheet.columns:
        if column.key in table.keys:
            actual = set_value(data, path + column.path, column, row.value(column.key), plan.style(rel),
                               "ung_vien", rel, plan.changes)
            plan.cell(rel, actual, row.ref(table.name, column.key))
    plan.cell(rel, path, row.ref(table.name, KIND))


def _drop(data, path: tuple) -> None:
    holder = value_at(data, path[:-1])
    if isinstance(holder, dict):
        del holder[path[-1]]


def _removed(plan: Plan, table: Table, rel: str, path: tuple, remove) -> None:
    where = format_field_path(path)
    if plan.delete:
        remove()
        plan.changes.append(Change(rel, where, "(mục)", None))
    else:
        plan.problem(WARNING, "sheet.row_removed", f"mục {where} của {rel} không còn trong trang này; giữ nguyên "
                     "(dùng --delete để xóa)", f"{table.name}!A1")


def _identity(table: Table, item, row: Row) -> bool:
    """Whether a row typed by hand is this item already in the file: its first two columns agree."""
    firsts = [c for c in table.sheet.columns if c.required][:2]
    return all(row.value(c.key) is not None and canonical(c, row.value(c.key)) == canonical(c, value_at(item, c.path))
               for c in firsts)


def _list(plan: Plan, table: Table, rel: str, path: tuple, rows: list) -> None:
    data = plan.data(rel)
    seq = value_at(data, path)
    old = list(seq) if isinstance(seq, list) else []
    claimed: set = set()
    items = []
    for row, index in rows:
        if index is None:  # a row typed by hand: the item it repeats, if any
            index = next((i for i, item in enumerate(old) if i not in claimed and _identity(table, item, row)), None)
        if index is not None and (index >= len(old) or index in claimed):
            index = None
        item = old[index] if index is not None else CommentedMap()
        if index is not None:
            claimed.add(index)
        items.append((row, item))
    kept = [(i, item) for i, item in enumerate(old) if i not in claimed]
    new_items = [item for _, item in items]
    for i, item in kept:
        if plan.delete and KEY in table.keys:
            plan.changes.append(Change(rel, f"{'.'.join(path)}[{i + 1}]", "(mục)", None))
        else:
            if KEY in table.keys:
                _removed(plan, table, rel, path + (i,), lambda: None)
            new_items.insert(min(i, len(new_items)), item)
    if not new_items and seq is None:
        return
    if seq is None:  # the lists of the workbook are fields of the candidate itself
        seq = CommentedSeq()
        insert(data, path[-1], seq, "ung_vien", ())
    if replace_items(seq, new_items):
        plan.changes.append(Change(rel, ".".join(path), f"{len(old)} mục", f"{len(new_items)} mục"))
    for row, item in items:
        i = next(n for n, x in enumerate(seq) if x is item)
        for column in table.sheet.columns:
            if column.key in table.keys:
                actual = set_value(item, column.path, column, row.value(column.key), plan.style(rel), "ung_vien",
                                   rel, plan.changes, path + (i,))
                plan.cell(rel, path + (i,) + actual, row.ref(table.name, column.key))
        plan.cell(rel, path + (i,), row.ref(table.name, PERSON))
    if not seq:
        _drop(data, path)
