"""Validate: the references between the files of a workspace.

Each file is loaded and checked against its schema once (:class:`dossier.workspace.DocumentCache`);
:func:`validate_paths` adds the checks between files — a candidate's chi bộ,
introducers and helper defined in the organisation file, its scans inside the
workspace, a class's candidates existing and listed by one class only — and,
when given, the checks over a whole workspace (``workspace_checks``, e.g. the
document numbers of :func:`dossier.numbers.register_findings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from dossier import completeness, rulesets
from dossier.errors import DossierError
from dossier.findings import ERROR, Finding, Location
from dossier.loader import Document
from dossier.output_names import class_folder
from dossier.workspace import (
    ORG_FILE,
    DocumentCache,
    Organisation,
    _list,
    class_listings,
    collect_files,
    display_path,
    find_root,
    referenced_path,
    resolved,
)


def _check_organisation(org: Organisation) -> list[Finding]:
    doc, data = org.doc, org.data
    findings = []
    seen_bodies: set = set()
    seen_members: set = set()
    for i, body in enumerate(_list(data.get("co_quan"))):
        if not isinstance(body, dict):
            continue
        ma = body.get("ma")
        if ma in seen_bodies:
            findings.append(_ref(doc, ("co_quan", i, "ma"), "ref.duplicate", f"mã tổ chức '{ma}' bị dùng hai lần"))
        seen_bodies.add(ma)
        parent = body.get("cap_tren")
        if isinstance(parent, str) and parent not in org.bodies:
            findings.append(_ref(doc, ("co_quan", i, "cap_tren"), "ref.body",
                                 f"cấp trên '{parent}' không có trong danh sách co_quan"))
        for j, member in enumerate(_list(body.get("dang_vien"))):
            mma = member.get("ma") if isinstance(member, dict) else None
            if mma in seen_members:
                findings.append(_ref(doc, ("co_quan", i, "dang_vien", j, "ma"), "ref.duplicate",
                                     f"mã đảng viên '{mma}' bị dùng hai lần"))
            seen_members.add(mma)
        secretary = body.get("bi_thu")
        if isinstance(secretary, str):
            member = org.members.get(secretary)
            if member is None or member[1] != ma:
                findings.append(_ref(doc, ("co_quan", i, "bi_thu"), "ref.member",
                                     f"bí thư '{secretary}' không phải là đảng viên của {body.get('ten', ma)}"))
    findings += _check_ruleset(doc, data.get("bo_quy_tac"))
    authority = data.get("tham_quyen_ket_nap")
    if isinstance(authority, dict) and isinstance(authority.get("co_quan"), str):
        if authority["co_quan"] not in org.bodies:
            findings.append(_ref(doc, ("tham_quyen_ket_nap", "co_quan"), "ref.body",
                                 f"cơ quan '{authority['co_quan']}' không có trong danh sách co_quan"))
    return findings


def _check_ruleset(doc: Document, code) -> list[Finding]:
    """``bo_quy_tac`` must name a ruleset of the toolkit (a finding, so every
    output format reports it like any other problem of the file)."""
    if not isinstance(code, str) or not code:
        return []
    try:
        rulesets.choice(code)
    except DossierError as exc:
        return [_ref(doc, ("bo_quy_tac",), "ruleset.unknown", exc.message)]
    return []


def _ref(doc: Document, path: tuple, code: str, message: str) -> Finding:
    return Finding(ERROR, code, message, doc.location(path))


def _check_file_reference(doc: Document, path: tuple, value, root: Path | None, what: str) -> list[Finding]:
    if not isinstance(value, str) or not value.strip():
        return []
    target = referenced_path(doc.path.parent, value)
    if root is not None and not target.is_relative_to(root.resolve()):
        return [_ref(doc, path, "ref.outside_workspace",
                     f"{what} '{value}' nằm ngoài thư mục hồ sơ ({display_path(root)}); "
                     "hãy chép tệp vào trong thư mục hồ sơ")]
    if not target.is_file():
        return [_ref(doc, path, "ref.file_missing", f"không tìm thấy {what} '{value}'")]
    return []


def _check_candidate(doc: Document, org: Organisation | None, root: Path | None,
                     cache: DocumentCache) -> list[Finding]:
    data = doc.data
    findings = in_two_classes(class_listings(root, cache).get(resolved(doc.path), [])) if root else []
    if org is not None:
        chi_bo = data.get("chi_bo")
        if isinstance(chi_bo, str):
            body = org.bodies.get(chi_bo)
            if body is None or body.get("cap") != "chi_bo":
                known = ", ".join(m for m, b in org.bodies.items() if b.get("cap") == "chi_bo")
                findings.append(_ref(doc, ("chi_bo",), "ref.body",
                                     f"chi bộ '{chi_bo}' không có trong {display_path(org.doc.path)}"
                                     + (f"; các chi bộ đã khai báo: {known}" if known else "")))
        intro = data.get("gioi_thieu") if isinstance(data.get("gioi_thieu"), dict) else {}
        for i, item in enumerate(_list(intro.get("dang_vien"))):
            ma = item.get("ma") if isinstance(item, dict) else None
            if isinstance(ma, str) and ma not in org.members:
                findings.append(_ref(doc, ("gioi_thieu", "dang_vien", i, "ma"), "ref.member",
                                     f"người giới thiệu '{ma}' không có trong danh sách đảng viên của "
                                     f"{display_path(org.doc.path)}"))
        helper = data.get("nguoi_giup_do")
        if isinstance(helper, str) and helper not in org.members:
            findings.append(_ref(doc, ("nguoi_giup_do",), "ref.member",
                                 f"người giúp đỡ '{helper}' không có trong danh sách đảng viên"))
    for i, item in enumerate(_list(data.get("dinh_kem"))):
        if isinstance(item, dict):
            findings += _check_file_reference(doc, ("dinh_kem", i, "tep"), item.get("tep"), root, "tệp đính kèm")
    findings += _check_file_reference(doc, ("anh_the",), data.get("anh_the"), root, "ảnh thẻ")
    return findings + completeness.candidate_gaps(doc)


def _check_class(doc: Document, cache: DocumentCache, root: Path | None) -> list[Finding]:
    findings = _class_folder_clash(doc, cache, root)
    seen: dict[Path, int] = {}
    for i, item in enumerate(_list(doc.data.get("hoc_vien"))):
        value = item.get("ho_so") if isinstance(item, dict) else None
        path = ("hoc_vien", i, "ho_so")
        problems = _check_file_reference(doc, path, value, root, "hồ sơ học viên")
        findings += problems
        if problems or not isinstance(value, str):
            continue
        target = (doc.path.parent / value).resolve()
        if target in seen:
            findings.append(_ref(doc, path, "ref.duplicate",
                                 f"học viên '{value}' đã có ở mục thứ {seen[target] + 1} của danh sách"))
            continue
        seen[target] = i
        other, _ = cache.get(target)
        if other is not None and other.kind not in (None, "ung_vien"):
            findings.append(_ref(doc, path, "ref.kind", f"tệp '{value}' không phải hồ sơ người xin vào Đảng"))
        elif root is not None:
            listed = class_listings(root, cache).get(referenced_path(doc.path.parent, value), [])
            findings += [f for f in in_two_classes(listed) if f.location.path == doc.display]
    return findings + completeness.class_gaps(doc)


def _class_folder_clash(doc: Document, cache: DocumentCache, root: Path | None) -> list[Finding]:
    """``ref.class_folder``: another class file of the workspace has a code
    that gives the same output folder (``NTVĐ-2026-01`` and ``NTVD-2026-01``):
    both would write into it, so neither is built (dossier.output_names)."""
    if root is None:
        return []
    folders = cache.derived(("class_folders", resolved(root)), lambda: _class_folders(root, cache))
    mine = class_folder(doc.data.get("ma"), doc.path)
    others = [other for other in folders.get(mine, []) if resolved(other.path) != resolved(doc.path)]
    if not others:
        return []
    named = ", ".join(f"{other.display} (mã lớp '{other.data.get('ma') or ''}')" for other in others)
    return [_ref(doc, ("ma",) if doc.data.get("ma") else (), "ref.class_folder",
                 f"mã lớp '{doc.data.get('ma') or ''}' và tệp lớp {named} cho cùng một thư mục kết quả '{mine}' "
                 "(mã lớp chỉ khác nhau ở dấu, chữ hoa hay ký tự đặc biệt); hãy đặt cho mỗi lớp một mã khác hẳn; "
                 "chưa sửa thì không lớp nào trong số đó được dựng")]


def _class_folders(root: Path, cache: DocumentCache) -> dict[str, list[Document]]:
    folders: dict[str, list[Document]] = {}
    for file in collect_files([root])[0]:
        if cache.kind(file)[0] != "lop":
            continue
        other, _ = cache.get(file)
        if other is not None and other.kind == "lop" and isinstance(other.data, dict):
            folders.setdefault(class_folder(other.data.get("ma"), file), []).append(other)
    return folders


def in_two_classes(listed: list[tuple[Document, int]]) -> list[Finding]:
    """``ref.in_two_classes`` at each listing of a candidate that more than one
    class file lists, naming the others: which class's certificate is the
    candidate's cannot be told, so the candidate is not built until it is fixed."""
    if len(listed) < 2:
        return []
    findings = []
    for doc, i in listed:
        path = ("hoc_vien", i, "ho_so")
        others = ", ".join(f"{other.display} dòng {other.location(('hoc_vien', j, 'ho_so')).line}"
                           for other, j in listed if other is not doc)
        findings.append(_ref(doc, path, "ref.in_two_classes",
                             f"hồ sơ '{doc.data['hoc_vien'][i]['ho_so']}' cũng có trong tệp lớp {others}; mỗi "
                             "người xin vào Đảng chỉ có trong đúng một tệp lớp (giấy chứng nhận lấy số từ tệp lớp "
                             "đó): hãy xóa người này khỏi tệp lớp không đúng; chưa sửa thì hồ sơ của người này "
                             "không được dựng"))
    return findings


@dataclass
class ValidationReport:
    findings: list[Finding]
    files_checked: int


def validate_paths(paths: list[Path], cache: DocumentCache | None = None,
                   workspace_checks: Callable[[Path, DocumentCache], list[Finding]] | None = None
                   ) -> ValidationReport:
    """Validate every YAML file at or below ``paths``: syntax, schema and references.
    ``workspace_checks(root, cache)`` adds the checks that read the whole
    workspace, once per organisation (:func:`dossier.numbers.validate_workspace`
    passes the document numbers'); a batch runs them once for all its candidates."""
    files, findings = collect_files(paths)
    cache = cache or DocumentCache()
    orgs: dict[Path, Organisation | None] = {}

    def organisation_for(path: Path) -> tuple[Path | None, Organisation | None]:
        root = find_root(path)
        if root is None:
            return None, None
        if root not in orgs:
            org_doc, org_findings = cache.get(root / ORG_FILE)
            orgs[root] = Organisation.from_document(org_doc) if org_doc is not None and org_doc.kind == "to_chuc" else None
            if (root / ORG_FILE).resolve() not in files and any(f.is_error for f in org_findings):
                findings.append(Finding(ERROR, "workspace.organisation_invalid",
                                        "tệp tổ chức của thư mục này có lỗi; hãy kiểm tra nó trước "
                                        f"(dossier validate {display_path(root / ORG_FILE)})",
                                        Location(display_path(root / ORG_FILE))))
        return root, orgs[root]

    for path in files:
        doc, own = cache.get(path)
        findings += own
        if doc is None or doc.kind is None or any(f.is_error for f in own if f.code == "schema.kind"):
            continue
        root, org = organisation_for(path)
        if doc.kind == "to_chuc":
            findings += _check_organisation(Organisation.from_document(doc))
        elif doc.kind == "ung_vien":
            if root is None:
                findings.append(Finding(ERROR, "workspace.no_organisation",
                                        f"không tìm thấy tệp {ORG_FILE} ở thư mục này hay các thư mục cha; "
                                        "hồ sơ phải nằm trong thư mục của một tổ chức đảng",
                                        doc.location(())))
            findings += _check_candidate(doc, org, root, cache)
        elif doc.kind == "lop":
            findings += _check_class(doc, cache, root)
        elif doc.kind == "ke_hoach" and not any(f.is_error for f in own):
            from dossier import ke_hoach

            findings += ke_hoach.check(doc, org)
    if workspace_checks is not None and not any(f.is_error for f in findings):
        shown = {display_path(f) for f in files}
        for root, org in orgs.items():
            if org is not None:
                findings += [f for f in workspace_checks(root, cache) if f.location.path in shown]
    # a problem two files share (ref.in_two_classes) is found from each of them
    return ValidationReport(list(dict.fromkeys(findings)), len(files))
