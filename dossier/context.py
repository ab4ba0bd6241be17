"""Resolve: from validated data to the values each template prints.

Templates stay free of logic (users edit them in Word): every value a template
shows — capitalised names, date lines, document numbers, signature lines,
"căn cứ" lines from the ruleset — is computed here, as a ready Vietnamese
string. The variables each form may use are listed in the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dossier import rulesets, vietnamese
from dossier.errors import DataError
from dossier.loader import Document
from dossier.rulesets import Ruleset
from dossier.workspace import ORG_FILE, DocumentCache, Organisation, collect_files, display_path, find_root

BLANK_NUMBER = "\u00a0" * 6  # a number still to be written in by hand


@dataclass
class Candidate:
    """A candidate with everything around it: organisation, class, ruleset."""

    doc: Document
    org: Organisation
    ruleset: Ruleset
    class_doc: Document | None = None
    class_entry: dict | None = None

    @property
    def data(self) -> dict:
        return self.doc.data

    @property
    def chi_bo(self) -> dict:
        return self.org.bodies[self.data["chi_bo"]]

    def milestone(self, name: str) -> dict:
        value = self.data.get("moc", {}).get(name)
        return value if isinstance(value, dict) else {}


def open_candidate(path: Path, cache: DocumentCache | None = None) -> Candidate:
    """Resolve a candidate file that has passed validation."""
    cache = cache or DocumentCache()
    doc, _ = cache.get(path)
    root = find_root(path)
    if doc is None or root is None:
        raise DataError(f"không tìm thấy tệp {ORG_FILE} cho hồ sơ này", path=display_path(path))
    org_doc, _ = cache.get(root / ORG_FILE)
    org = Organisation.from_document(org_doc)
    code = org.data.get("bo_quy_tac")
    try:
        ruleset = rulesets.load(code)
    except DataError as exc:
        raise DataError(exc.message, path=org_doc.display, line=org_doc.location(("bo_quy_tac",)).line) from None
    candidate = Candidate(doc, org, ruleset)
    candidate.class_doc, candidate.class_entry = _find_class(root, path.resolve(), cache)
    return candidate


def _find_class(root: Path, candidate_path: Path, cache: DocumentCache):
    files, _ = collect_files([root])
    for file in files:
        doc, _ = cache.get(file)
        if doc is None or doc.kind != "lop":
            continue
        for entry in doc.data.get("hoc_vien") or []:
            if isinstance(entry, dict) and isinstance(entry.get("ho_so"), str):
                if (file.parent / entry["ho_so"]).resolve() == candidate_path:
                    return doc, entry
    return None, None


# ---------------------------------------------------------------- formatting

def date_of(value) -> dt.date | None:
    return vietnamese.parse_ngay(value) if isinstance(value, str) and value else None


def document_number(number, type_code: str, issuer_code: str) -> str:
    """``125-QĐ/ĐU``; numbers below 10 as ``07``; a blank to fill in when not yet numbered."""
    if number is None or number == "":
        return f"{BLANK_NUMBER}-{type_code}/{issuer_code}"
    text = f"{int(number):02d}" if isinstance(number, int) or str(number).isdigit() else str(number)
    return f"{text}-{type_code}/{issuer_code}"


def header_names(org: Organisation, body: dict) -> tuple[str, str]:
    """The two header lines of a document issued by ``body``: its superior
    organisation, then itself (as a committee), both in capitals."""
    parent = org.parent(body)
    superior = vietnamese.in_hoa(parent["ten"]) if parent else ""
    return superior, vietnamese.in_hoa(body.get("ten_cap_uy") or body["ten"])


def place_of(org: Organisation, body: dict) -> str:
    return body.get("dia_danh") or org.data.get("dia_danh") or ""


def signer(org: Organisation, body: dict, on_behalf_of: str) -> dict:
    """The signature block: ``T/M …`` line, post and name. The first person in the
    body's ``nguoi_ky`` list signs; a chi bộ without one is signed by its bí thư."""
    people = body.get("nguoi_ky") or []
    if people:
        person = people[0]
        name, post = person["ho_ten"], person.get("chuc_vu", "Bí thư")
    elif body.get("bi_thu") in org.members:
        name, post = org.members[body["bi_thu"]][0]["ho_ten"], "Bí thư"
    else:
        raise DataError(f"{body['ten']} chưa khai báo người ký (nguoi_ky)", path=org.doc.display,
                        line=org.doc.location(("co_quan",)).line)
    return {
        "hinh_thuc": f"T/M {vietnamese.in_hoa(on_behalf_of)}",
        "chuc_vu": vietnamese.in_hoa(post),
        "ho_ten": name,
    }


def committee_word(body: dict) -> str:
    """How a body signs collectively: a chi bộ as CHI BỘ, a committee as ĐẢNG ỦY."""
    return "Chi bộ" if body.get("cap") == "chi_bo" else "Đảng ủy"


def candidate_values(c: Candidate) -> dict:
    d = c.data
    grassroots = c.org.ancestor(c.chi_bo, "co_so")
    return {
        "ho_ten": d["ho_ten"],
        "ho_ten_in_hoa": vietnamese.in_hoa(d["ho_ten"]),
        "ngay_sinh": vietnamese.ngay_ngan(date_of(d["ngay_sinh"])),
        "gioi_tinh": d.get("gioi_tinh", ""),
        "que_quan": d.get("que_quan", ""),
        "noi_sinh": d.get("noi_sinh", ""),
        "thuong_tru": d.get("thuong_tru", ""),
        "nghe_nghiep": d.get("nghe_nghiep", ""),
        "dan_toc": d.get("dan_toc", ""),
        "ton_giao": d.get("ton_giao", ""),
        "chi_bo": c.chi_bo["ten"],
        "dang_bo": (grassroots or c.org.parent(c.chi_bo) or c.chi_bo)["ten"],
    }


def _resolution_reference(number, date, type_code: str, body: dict) -> str:
    text = f"Nghị quyết số {document_number(number, type_code, body.get('ky_hieu', 'CB'))}"
    if date:
        text += f" ngày {vietnamese.ngay_ngan(date)}"
    return text


# ------------------------------------------------------------------- forms

def decision_context(c: Candidate) -> dict:
    """Mẫu 9-KNĐ: Quyết định kết nạp đảng viên."""
    authority = c.org.data.get("tham_quyen_ket_nap") or {}
    body = c.org.bodies.get(authority.get("co_quan"))
    if body is None:
        raise DataError("chưa khai báo cơ quan có thẩm quyền kết nạp (tham_quyen_ket_nap.co_quan)",
                        path=c.org.doc.display)
    collective = authority.get("tap_the") or committee_word(body)
    superior, issuer = header_names(c.org, body)
    decision = c.milestone("quyet_dinh_ket_nap")
    committee = body.get("ten_cap_uy") or body["ten"]

    grounds = list(c.ruleset.grounds)
    grounds.append(f"Căn cứ Quy chế làm việc của {committee}"
                   + (f" nhiệm kỳ {c.org.data['nhiem_ky']};" if c.org.data.get("nhiem_ky") else ";"))
    grassroots = c.org.ancestor(c.chi_bo, "co_so")
    proposal = c.milestone("nghi_quyet_dang_uy_co_so")
    if grassroots is not None and grassroots is not body and proposal:
        proposer = grassroots.get("ten_cap_uy") or grassroots["ten"]
        reference = _resolution_reference(proposal.get("so"), date_of(proposal.get("ngay")), "NQ", grassroots)
    else:
        proposal = c.milestone("nghi_quyet_chi_bo")
        proposer = c.chi_bo["ten"]
        reference = _resolution_reference(proposal.get("so"), date_of(proposal.get("ngay")), "NQ", c.chi_bo)
    board = "Ban Xây dựng Đảng" if body.get("ban_xay_dung_dang") else None
    grounds.append(f"Xét đề nghị của {proposer} ({reference})" + (f" và của {board}," if board else ","))

    executors = [body.get("van_phong") and "Văn phòng Đảng ủy", board]
    if grassroots is not None and grassroots is not body:
        executors.append(grassroots.get("ten_cap_uy") or grassroots["ten"])
    executors.append(c.chi_bo["ten"])
    executors = [e for e in executors if e]
    who = ", ".join(executors) + f" và quần chúng {c.data['ho_ten']}"

    return {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(decision.get("so"), "QĐ", body.get("ky_hieu", "ĐU")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body), date_of(decision.get("ngay"))),
            "ky": signer(c.org, body, collective),
            "noi_nhan": ["- Như Điều 3,", "- Lưu Văn phòng Đảng ủy."],
        },
        "uv": candidate_values(c),
        "qd": {
            "can_cu": grounds,
            "tap_the_quyet_dinh": vietnamese.in_hoa(f"{collective} {committee}"),
            "du_bi_thang": str(c.ruleset.value("du_bi_thang")),
            "han_le_ket_nap": str(c.ruleset.value("han_le_ket_nap_ngay_lam_viec")),
            "thi_hanh": who,
        },
    }


def verification_destinations(c: Candidate) -> dict[str, list[dict]]:
    """Relatives to verify, grouped by the committee that must verify them,
    in the order they first appear."""
    groups: dict[str, list[dict]] = {}
    for member in c.data.get("gia_dinh") or []:
        where = member.get("tham_tra")
        if isinstance(where, str) and where.strip():
            groups.setdefault(where.strip(), []).append(member)
    return groups


def verification_contexts(c: Candidate) -> list[tuple[str, dict]]:
    """Công văn đề nghị thẩm tra lý lịch: one letter per destination committee.
    The grassroots committee above the chi bộ sends it (the chi bộ itself when
    it is a grassroots chi bộ)."""
    body = c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo
    superior, issuer = header_names(c.org, body)
    sender = body.get("ten_cap_uy") or body["ten"]
    milestone = c.milestone("tham_tra_ly_lich")
    common = {
        "cap_tren": superior,
        "co_quan": issuer,
        "so_ky_hieu": document_number(milestone.get("so"), "CV", body.get("ky_hieu", "ĐU")),
        "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body), date_of(milestone.get("ngay"))),
        "trich_yeu": "V/v thẩm tra lý lịch người xin vào Đảng",
        "ky": signer(c.org, body, committee_word(body)),
    }
    letters = []
    for destination, relatives in verification_destinations(c).items():
        letters.append((destination, {
            "van_ban": {**common, "noi_nhan": ["- Như trên,", f"- {c.chi_bo['ten']},", "- Lưu Văn phòng."]},
            "uv": candidate_values(c),
            "tt": {
                "kinh_gui": destination,
                "co_quan_de_nghi": sender,
                "nguoi_than": [
                    {
                        "quan_he": r.get("quan_he", ""),
                        "ho_ten": r.get("ho_ten", ""),
                        "nam_sinh": str(r.get("nam_sinh", "")),
                        "noi_o": r.get("noi_o", ""),
                        "nghe_nghiep": r.get("nghe_nghiep", ""),
                    }
                    for r in relatives
                ],
            },
        }))
    return letters
