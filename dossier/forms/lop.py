"""Documents of an awareness course (lớp bồi dưỡng nhận thức về Đảng).

* A class file is resolved by :func:`dossier.classes.open_class` into a
  :class:`~dossier.classes.ClassData` (re-exported here).
* Per candidate: ``CN-NTVĐ``, the course certificate (first document of the
  admission dossier).
* Per class (``@class_form``, builders take a :class:`ClassData`):
  ``DS-HV`` the list of the class's learners, ``CV-GHS`` the grassroots
  committee's letter sending the ready dossiers to the deciding committee,
  ``CV-TTLL-LOP`` verification letters grouped by destination across the whole
  class, ``CV-DD`` the deciding committee's reminder about outstanding steps.

The layouts of these documents are not fixed by any annex (domain notes §3,
§5: local forms); their content is a plausible reconstruction and their
catalog entries say ``chac_chan: false``. Every value printed is computed
here; the templates (``tools/forms_lop.py``) hold no logic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from dossier import catalog, conditions, register, verification, vietnamese
from dossier.context import (
    BLANK_NUMBER,
    Candidate,
    candidate_values,
    collective_name,
    committee_word,
    date_of,
    deciding_body,
    document_number,
    header_names,
    place_of,
    resolution_reference,
    signer,
)
from dossier.errors import DataError
from dossier.forms import NotNeeded, NotReady, Rendered, candidate_form, class_form
from dossier.classes import ClassData, find_body, open_class  # noqa: F401 (re-exported)
from dossier.forms.ket_nap import relative_rows, verification_destinations
from dossier.rulesets import Ruleset
from dossier.workspace import Organisation

#: Printed where the data has no value, for the office to fill in by hand.
DOTS = "…………"
#: Grades in the order of the schema's enum (lop.schema.json), for the count line.
GRADES = ("Xuất sắc", "Giỏi", "Khá", "Trung bình", "Đạt")


# ------------------------------------------------------------ shared values

# A political centre's superior committee, from its name: "Trung tâm Chính trị
# thành phố Bình Minh" -> "Thành ủy Bình Minh" [C: usual naming; not in the data].
_CENTRE = re.compile(r"trung tâm chính trị\s+(.+)", re.IGNORECASE)
_UNIT_COMMITTEES = (
    ("thành phố ", "Thành ủy "), ("tỉnh ", "Tỉnh ủy "), ("huyện ", "Huyện ủy "),
    ("thị xã ", "Thị ủy "), ("quận ", "Quận ủy "), ("xã ", "Đảng ủy xã "),
    ("phường ", "Đảng ủy phường "), ("đặc khu ", "Đảng ủy đặc khu "),
)


def _centre_superior(name: str) -> str:
    match = _CENTRE.fullmatch(vietnamese.nfc(name).strip())
    if match:
        unit = match.group(1)
        for prefix, committee in _UNIT_COMMITTEES:
            if unit.casefold().startswith(prefix):
                return committee + unit[len(prefix):]
    return ""


def issuer(org: Organisation, name: str) -> dict:
    """Header lines, place and issuer code of a document issued by ``name``
    (a body of ``to-chuc.yaml`` or an outside political centre)."""
    body = find_body(org, name)
    if body is not None:
        superior, own = header_names(org, body)
        return {"cap_tren": superior, "co_quan": own, "dia_danh": place_of(org, body),
                "ky_hieu": body.get("ky_hieu", "ĐU"), "body": body}
    code = "TTCT" if _CENTRE.fullmatch(vietnamese.nfc(name).strip()) else ""
    return {"cap_tren": vietnamese.in_hoa(_centre_superior(name)), "co_quan": vietnamese.in_hoa(name),
            "dia_danh": org.data.get("dia_danh", ""), "ky_hieu": code, "body": None}


def _number(number, type_code: str, issuer_code: str) -> str:
    """Like :func:`document_number`, but a number given as text ("0418") keeps
    its leading zeros, and an issuer without a code gets the number alone."""
    if number is None or number == "":
        return f"{BLANK_NUMBER}-{type_code}/{issuer_code}" if issuer_code else BLANK_NUMBER
    if isinstance(number, int):
        return document_number(number, type_code, issuer_code) if issuer_code else f"{number:02d}"
    return f"{number}-{type_code}/{issuer_code}" if issuer_code else str(number)


def _short_date(value) -> str:
    d = date_of(value) if not isinstance(value, dt.date) else value
    return vietnamese.ngay_van_ban(d) if d else ""


def class_values(cls: ClassData) -> dict:
    """``lop``: the class as printed in every class document."""
    d = cls.data
    return {
        "ten": d.get("ten", ""),
        "don_vi_to_chuc": d.get("don_vi_to_chuc", ""),
        "thoi_gian": f"từ ngày {_short_date(d.get('tu_ngay'))} đến ngày {_short_date(d.get('den_ngay'))}",
        "dia_diem": d.get("dia_diem", "") or DOTS,
    }


def _personal_signer(person: dict) -> dict:
    """Signature lines of a named signer (``chung_nhan.nguoi_ky``): ``T/M BAN
    THƯỜNG VỤ`` / ``PHÓ BÍ THƯ``; a head signing in person (no ``hinh_thuc``)
    has the post alone on the first line (``GIÁM ĐỐC``)."""
    form, post = person.get("hinh_thuc") or "", person.get("chuc_vu") or ""
    if form:
        return {"hinh_thuc": vietnamese.in_hoa(form), "chuc_vu": vietnamese.in_hoa(post),
                "ho_ten": person.get("ho_ten", "")}
    return {"hinh_thuc": vietnamese.in_hoa(post), "chuc_vu": "", "ho_ten": person.get("ho_ten", "")}


def _certifier(organiser: str, person: dict) -> str:
    """Who certifies, in capitals: "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG BÌNH MINH"
    (signed T/M Ban Thường vụ) or "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ …" (signed
    by the director, in person or K/T)."""
    form = person.get("hinh_thuc") or ""
    match = re.match(r"\s*(?:T/M|K/T|T/L|TM\.|KT\.|TL\.)\s+(.+)", form, re.IGNORECASE)
    who = match.group(1) if match else person.get("chuc_vu", "")
    return vietnamese.in_hoa(f"{who} {organiser}".strip())


def _grounds_sentence(ruleset: Ruleset) -> str:
    """The ruleset's "Căn cứ …;" lines as one clause: "Điều lệ Đảng …, Quy
    định số 294-QĐ/TW … và Hướng dẫn số 06-HD/TW …"."""
    items = [re.sub(r"^Căn cứ\s+", "", g).rstrip(" ;,.") for g in ruleset.grounds]
    if not items:
        return "Điều lệ Đảng"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def _deciding(org: Organisation) -> tuple[dict, str]:
    return deciding_body(org)


def _committee(body: dict) -> str:
    return body.get("ten_cap_uy") or body["ten"]


def _sender(c: Candidate) -> dict:
    """The grassroots committee above the candidate's chi bộ (the chi bộ
    itself when it is a grassroots chi bộ), as for CV-TTLL."""
    return c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo


def _by_name(candidates: list[Candidate]) -> list[Candidate]:
    return vietnamese.sap_xep_ten(candidates, key=lambda c: c.data["ho_ten"])


def _in_org_order(org: Organisation, bodies) -> list[dict]:
    """Distinct bodies in the order ``to-chuc.yaml`` defines them."""
    rank = {ma: i for i, ma in enumerate(org.bodies)}
    unique = {b["ma"]: b for b in bodies}
    return sorted(unique.values(), key=lambda b: rank.get(b["ma"], len(rank)))


def _count(n: int) -> str:
    """Counts in running text, padded as offices write them: "02", "12"."""
    return f"{n:02d}"


def _entry(code: str):
    found = catalog.entry(code)
    if found is None:
        raise DataError(f"danh mục tài liệu (templates/catalog.yaml) thiếu mã {code}")
    return found


# ------------------------------------------------------------------ CN-NTVĐ

def _is_member_on(c: Candidate, day: dt.date | None) -> bool:
    ceremony = date_of(c.milestone("le_ket_nap").get("ngay"))
    return bool(day and ceremony and ceremony <= day)


@candidate_form("CN-NTVĐ")
def certificate(c: Candidate) -> list[Rendered]:
    """Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng, from the
    candidate's class entry, or from ``moc.chung_nhan_nhan_thuc`` when the
    certificate was issued by a body of ``to-chuc.yaml`` outside any class file."""
    if c.class_doc is not None and c.class_entry is not None:
        course = c.class_doc.data
        issued = course.get("chung_nhan") or {}
        person = issued.get("nguoi_ky") or {}
        organiser = course.get("don_vi_to_chuc", "")
        head = issuer(c.org, organiser)
        number = _number(c.class_entry.get("so_chung_nhan"), "GCN", head["ky_hieu"])
        day = date_of(issued.get("ngay_cap"))
        ky = _personal_signer(person)
        certifier = _certifier(organiser, person)
        course_values = {
            "ten_lop": course.get("ten", ""),
            "thoi_gian": f"từ ngày {_short_date(course.get('tu_ngay'))} đến ngày {_short_date(course.get('den_ngay'))}",
            "dia_diem": course.get("dia_diem") or DOTS,
            "xep_loai": c.class_entry.get("xep_loai") or DOTS,
        }
    else:
        held = c.milestone("chung_nhan_nhan_thuc")
        if not held:
            raise NotReady("chưa học lớp bồi dưỡng nhận thức về Đảng: khai học viên trong một tệp lớp "
                           "(lop/*.yaml) hoặc khai moc.chung_nhan_nhan_thuc")
        body = find_body(c.org, held.get("noi_cap", ""))
        if body is None:
            raise NotReady(f"giấy chứng nhận do {held.get('noi_cap', 'nơi khác')} cấp: cần bản scan "
                           "trong dinh_kem (tai_lieu: CN-NTVĐ)")
        head = issuer(c.org, held["noi_cap"])
        authority = c.org.data.get("tham_quyen_ket_nap") or {}
        collective = authority.get("tap_the") if authority.get("co_quan") == body.get("ma") else None
        collective = collective or committee_word(body)
        number = held.get("so_ky_hieu") or _number(held.get("so"), "GCN", head["ky_hieu"])
        day = date_of(held.get("ngay"))
        ky = signer(c.org, body, collective)
        certifier = vietnamese.in_hoa(collective_name(collective, _committee(body)))
        course_values = {"ten_lop": "Lớp bồi dưỡng nhận thức về Đảng", "thoi_gian": DOTS,
                         "dia_diem": DOTS, "xep_loai": DOTS}
    uv = candidate_values(c)
    values = {
        "van_ban": {
            "cap_tren": head["cap_tren"],
            "co_quan": head["co_quan"],
            "so_ky_hieu": number,
            "dong_ngay": vietnamese.dong_ngay(head["dia_danh"], day),
            "ky": ky,
        },
        "uv": uv,
        "cn": {
            "co_quan_chung_nhan": certifier,
            "xung_ho": "Đồng chí" if _is_member_on(c, day) else "Quần chúng",
            "don_vi": f"{uv['chi_bo']}, {uv['dang_bo']}" if uv["dang_bo"] != uv["chi_bo"] else uv["chi_bo"],
            **course_values,
        },
    }
    entry = _entry("CN-NTVĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "CN-NTVD")]


# --------------------------------------------------------------------- DS-HV

@class_form("DS-HV")
def class_list(cls: ClassData) -> list[Rendered]:
    """Danh sách học viên: every learner in Vietnamese alphabetical order, with
    the certificate number and grade; issued and signed by the organiser on the
    day the certificates are issued."""
    if not cls.candidates:
        raise NotReady("lớp chưa có học viên (hoc_vien)")
    organiser = cls.data.get("don_vi_to_chuc", "")
    head = issuer(cls.org, organiser)
    person = cls.certificate.get("nguoi_ky") or {}
    rows = []
    for i, c in enumerate(_by_name(cls.candidates), start=1):
        entry = cls.entry(c)
        rows.append({
            "stt": str(i),
            "ho_ten": c.data["ho_ten"],
            "ngay_sinh": _short_date(c.data.get("ngay_sinh")),
            "chi_bo": c.chi_bo["ten"],
            "so_chung_nhan": str(entry.get("so_chung_nhan", "")),
            "xep_loai": entry.get("xep_loai", ""),
        })
    grades = Counter(r["xep_loai"] for r in rows if r["xep_loai"])
    summary = f"Danh sách có {_count(len(rows))} học viên"
    if grades:
        summary += "; xếp loại " + ", ".join(f"{g}: {_count(grades[g])}" for g in GRADES if grades[g])
    values = {
        "van_ban": {
            "cap_tren": head["cap_tren"],
            "co_quan": head["co_quan"],
            "so_ky_hieu": _number(None, "DS", head["ky_hieu"]),
            "dong_ngay": vietnamese.dong_ngay(head["dia_danh"], date_of(cls.certificate.get("ngay_cap"))),
            "ky": _personal_signer(person),
        },
        "lop": class_values(cls),
        "ds": {"hoc_vien": rows, "tong_ket": summary + "."},
    }
    entry = _entry("DS-HV")
    return [Rendered(entry.code, entry.title, entry.template, values, "DS-HV")]


# -------------------------------------------------------------------- CV-GHS

def ready_for_decision(c: Candidate) -> bool:
    """Whether the candidate's dossier can go to the deciding committee: the
    chi bộ resolution, the section committee's review and the grassroots
    committee's resolution where those bodies exist (catalog conditions
    ``co_dang_uy_bo_phan`` and ``co_dang_uy_co_so``), and no decision yet."""
    if not c.milestone("nghi_quyet_chi_bo") or c.milestone("quyet_dinh_ket_nap"):
        return False
    if conditions.applies("co_dang_uy_bo_phan", c) and not c.milestone("bao_cao_dang_uy_bo_phan"):
        return False
    if conditions.applies("co_dang_uy_co_so", c) and not c.milestone("nghi_quyet_dang_uy_co_so"):
        return False
    return True


def document_count(c: Candidate) -> int:
    """How many documents the admission dossier holds up to the grassroots
    committee's resolution (catalog order before 9-KNĐ, as the candidate's plan
    has them, dossier.plan): per document, the scans attached under its code,
    else the documents made from the data (one letter per destination…), else one."""
    from dossier import plan

    decision = catalog.entry("9-KNĐ")
    total = 0
    for d in plan.plan(c).documents:
        if d.stage != "ket_nap" or (decision is not None and d.entry.order >= decision.order):
            continue
        total += len(d.scans) or len(d.forms) or 1
    return total


def _resolution(c: Candidate, milestone: str, body: dict | None) -> str:
    data = c.milestone(milestone)
    if not data or body is None:
        return "—"
    text = resolution_reference(data, "NQ", body).removeprefix("Nghị quyết số ")
    return text.replace(" ngày ", ", ngày ", 1)


def transmittal_groups(cls: ClassData) -> tuple[dict[str, list[Candidate]], list[str]]:
    """The ready dossiers of the class (see :func:`ready_for_decision`) by the
    grassroots committee that sends them (``ma`` → candidates), one CV-GHS
    letter each, and the names of those whose committee decides itself (no letter)."""
    deciding, _ = _deciding(cls.org)
    groups: dict[str, list[Candidate]] = {}
    direct = []  # their committee decides itself: no letter to itself
    for c in _by_name(cls.candidates):
        if not ready_for_decision(c):
            continue
        sender = _sender(c)
        if sender.get("ma") != deciding.get("ma"):
            groups.setdefault(sender["ma"], []).append(c)
        else:
            direct.append(c.data["ho_ten"])
    return groups, direct


def _numbered(cls: ClassData, code: str, body: dict, destination: str | None = None) -> tuple[str, str]:
    """(``so_ky_hieu``, ``dong_ngay``) of a class letter: the number and date
    the register holds for it (``dossier numbers allocate LOP --form CODE``),
    the date given to the build when there is one; blanks to fill in otherwise."""
    number, when = register.registered(cls.doc.path, code, body["ma"], destination)
    return (document_number(number, "CV", body.get("ky_hieu", "ĐU")),
            vietnamese.dong_ngay(place_of(cls.org, body), cls.issued_on or when))


@class_form("CV-GHS")
def transmittal(cls: ClassData) -> list[Rendered]:
    """Công văn gửi hồ sơ đề nghị kết nạp: one letter per grassroots committee,
    naming every ready dossier of the class (see :func:`ready_for_decision`)."""
    deciding, collective = _deciding(cls.org)
    groups, direct = transmittal_groups(cls)
    if not groups and direct:
        raise NotNeeded(f"không cần công văn gửi hồ sơ: {_committee(deciding)} là cấp có thẩm quyền kết nạp "
                        f"(tham_quyen_ket_nap.co_quan), tự xem xét, quyết định hồ sơ đã đủ nghị quyết đề nghị "
                        f"kết nạp của {', '.join(direct)}")
    if not groups:
        raise NotReady("chưa có quần chúng nào của lớp có đủ nghị quyết đề nghị kết nạp "
                       "(moc.nghi_quyet_chi_bo, moc.nghi_quyet_dang_uy_co_so) mà chưa có quyết định kết nạp")
    entry = _entry("CV-GHS")
    kinh_gui = collective_name(collective, _committee(deciding))
    lop = class_values(cls)
    letters = []
    for index, (ma, people) in enumerate(groups.items(), start=1):
        body = cls.org.bodies[ma]
        superior, own = header_names(cls.org, body)
        sender_name = _committee(body)
        cells = [b["ten"] for b in _in_org_order(cls.org, (c.chi_bo for c in people))]
        reviewed = any(conditions.applies("co_dang_uy_bo_phan", c) for c in people)
        basis = "nghị quyết đề nghị kết nạp đảng viên của chi bộ"
        if reviewed:
            basis += ", báo cáo thẩm định của đảng ủy bộ phận"
        own_resolution = body.get("cap") != "chi_bo"
        number, dated = _numbered(cls, "CV-GHS", body)
        rows = []
        for i, c in enumerate(people, start=1):
            rows.append({
                "stt": str(i),
                "ho_ten": c.data["ho_ten"],
                "ngay_sinh": _short_date(c.data.get("ngay_sinh")),
                "chi_bo": c.chi_bo["ten"],
                "nq_chi_bo": _resolution(c, "nghi_quyet_chi_bo", c.chi_bo),
                "nq_dang_uy": _resolution(c, "nghi_quyet_dang_uy_co_so", body if own_resolution else None),
                "so_tai_lieu": str(document_count(c)),
            })
        values = {
            "van_ban": {
                "cap_tren": superior,
                "co_quan": own,
                "so_ky_hieu": number,
                "dong_ngay": dated,
                "trich_yeu": "V/v đề nghị kết nạp đảng viên",
                "ky": signer(cls.org, body, committee_word(body)),
                "noi_nhan": ["- Như trên,"]
                + ([f"- {deciding['ban_xay_dung_dang']},"] if deciding.get("ban_xay_dung_dang") else [])
                + [f"- {cell}," for cell in cells] + ["- Lưu Văn phòng Đảng ủy."],
            },
            "lop": lop,
            "ghs": {
                "kinh_gui": kinh_gui,
                "co_quan_gui": sender_name,
                "can_cu": _grounds_sentence(cls.ruleset),
                "co_so_xem_xet": basis,
                "so_nguoi": _count(len(rows)),
                "tong_tai_lieu": str(sum(int(r["so_tai_lieu"]) for r in rows)),
                "ho_so": rows,
            },
        }
        stem = "CV-GHS" if len(groups) == 1 else f"CV-GHS-{index:02d}"
        title = entry.title if len(groups) == 1 else f"{entry.title} — {sender_name}"
        letters.append(Rendered(entry.code, title, entry.template, values, stem))
    return letters


# --------------------------------------------------------------- CV-TTLL-LOP

def grouped_destinations(cls: ClassData) -> dict[tuple[str, str], list[tuple[Candidate, list[dict]]]]:
    """Relatives to verify across the class, grouped by (sending committee,
    destination committee). Candidates in Vietnamese alphabetical order;
    destinations in the order they first appear, compared by
    :func:`dossier.vietnamese.khoa_dia_danh` and printed as first spelled;
    relatives in the sender's own commune are left out (docs/data-model.md)."""
    groups: dict[tuple[str, str], list[tuple[Candidate, list[dict]]]] = {}
    names: dict[tuple[str, str], str] = {}
    for c in _by_name(cls.candidates):
        for destination, relatives in verification_destinations(c).items():
            key = (_sender(c)["ma"], vietnamese.khoa_dia_danh(destination))
            name = names.setdefault(key, destination)
            groups.setdefault((key[0], name), []).append((c, relatives))
    return groups


def near_duplicate_destinations(cls: ClassData) -> list[tuple[str, str]]:
    """Destinations of the class letters that differ by one letter (never
    merged; silenced by ``noi_tham_tra_khac_nhau`` in to-chuc.yaml)."""
    return verification.near_duplicates(cls.org.data, list(dict.fromkeys(d for _, d in grouped_destinations(cls))))


@class_form("CV-TTLL-LOP")
def grouped_verification_letters(cls: ClassData) -> list[Rendered]:
    """Công văn đề nghị thẩm tra lý lịch for the whole class: one letter per
    destination committee, listing per candidate the relatives to verify there."""
    groups = grouped_destinations(cls)
    if not groups:
        raise NotReady("không học viên nào có người thân cần thẩm tra (gia_dinh[].tham_tra)")
    entry = _entry("CV-TTLL-LOP")
    letters = []
    for index, ((ma, destination), people) in enumerate(groups.items(), start=1):
        body = cls.org.bodies[ma]
        superior, own = header_names(cls.org, body)
        cells = [b["ten"] for b in _in_org_order(cls.org, (c.chi_bo for c, _ in people))]
        number, dated = _numbered(cls, "CV-TTLL-LOP", body, destination)
        learners = []
        for i, (c, relatives) in enumerate(people, start=1):
            uv = candidate_values(c)
            learners.append({
                "stt": str(i),
                "ho_ten": uv["ho_ten"],
                "ngay_sinh": uv["ngay_sinh"],
                "que_quan": uv["que_quan"] or DOTS,
                "thuong_tru": uv["thuong_tru"] or DOTS,
                "chi_bo": uv["chi_bo"],
                "nguoi_than": relative_rows(relatives),
            })
        values = {
            "van_ban": {
                "cap_tren": superior,
                "co_quan": own,
                "so_ky_hieu": number,
                "dong_ngay": dated,
                "trich_yeu": "V/v thẩm tra lý lịch người xin vào Đảng",
                "ky": signer(cls.org, body, committee_word(body)),
                "noi_nhan": ["- Như trên,"] + [f"- {cell}," for cell in cells] + ["- Lưu Văn phòng."],
            },
            "lop": class_values(cls),
            "ttl": {
                "kinh_gui": destination,
                "co_quan_de_nghi": _committee(body),
                "so_nguoi": _count(len(learners)),
                "hoc_vien": learners,
            },
        }
        letters.append(Rendered(entry.code, f"{entry.title} — gửi {destination}", entry.template, values,
                                f"CV-TTLL-LOP-{index:02d}"))
    return letters


# --------------------------------------------------------------------- CV-DD

def _progress(c: Candidate, course_day: dt.date | None, deciding_collective: str) -> tuple[str, str]:
    """(last step taken, next step) of a candidate who has no admission
    decision yet, from the milestones in the data."""
    m = c.milestone

    def on(name: str, key: str = "ngay") -> str:
        return _short_date(m(name).get(key))

    if m("nghi_quyet_dang_uy_co_so") or m("bao_cao_dang_uy_bo_phan") or m("nghi_quyet_chi_bo"):
        if m("nghi_quyet_dang_uy_co_so"):
            grassroots = c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo
            reference = resolution_reference(m("nghi_quyet_dang_uy_co_so"), "NQ", grassroots)
            done = f"Đảng ủy cơ sở có {reference} đề nghị kết nạp"
        elif m("bao_cao_dang_uy_bo_phan"):
            section = c.org.ancestor(c.chi_bo, "bo_phan") or c.chi_bo
            number = document_number(m("bao_cao_dang_uy_bo_phan").get("so"), "BC", section.get("ky_hieu", "ĐU"))
            done = f"Đảng ủy bộ phận có Báo cáo thẩm định số {number} ngày {on('bao_cao_dang_uy_bo_phan')}"
        else:
            done = f"Chi bộ có {resolution_reference(m('nghi_quyet_chi_bo'), 'NQ', c.chi_bo)} đề nghị kết nạp"
        if conditions.applies("co_dang_uy_bo_phan", c) and not m("bao_cao_dang_uy_bo_phan"):
            todo = "Đảng ủy bộ phận thẩm định hồ sơ (Mẫu 7-KNĐ)"
        elif conditions.applies("co_dang_uy_co_so", c) and not m("nghi_quyet_dang_uy_co_so"):
            todo = "Đảng ủy cơ sở xét, ra nghị quyết đề nghị kết nạp (Mẫu 8-KNĐ)"
        else:
            todo = f"Hoàn thiện hồ sơ trình {deciding_collective} xem xét, quyết định kết nạp"
        return done, todo
    if m("y_kien"):
        return (f"Tổng hợp ý kiến nhận xét của đoàn thể, chi ủy nơi cư trú ngày {on('y_kien')}",
                "Chi bộ xét, ra nghị quyết đề nghị kết nạp (Mẫu 6-KNĐ)")
    replied, sent = verification.all_replied(c), verification.first_sent(c)
    if replied:
        return (f"Có đủ kết quả thẩm tra lý lịch ngày {vietnamese.ngay_van_ban(replied[0])}",
                "Lấy ý kiến nhận xét của đoàn thể, chi ủy nơi cư trú (Mẫu 5-KNĐ)")
    if sent:
        waiting = [d.name for d in verification.plan(c).letters if d.sent and not d.replied]
        return (f"Gửi công văn đề nghị thẩm tra lý lịch ngày {vietnamese.ngay_van_ban(sent[0])}",
                "Đôn đốc, nhận đủ kết quả thẩm tra lý lịch"
                + (f" (còn chờ: {'; '.join(waiting)})" if waiting else ""))
    if m("ly_lich"):
        return (f"Hoàn thành lý lịch người xin vào Đảng ngày {on('ly_lich')}",
                "Gửi công văn đề nghị thẩm tra lý lịch")
    if m("don_xin_vao_dang"):
        return (f"Có đơn xin vào Đảng ngày {on('don_xin_vao_dang')}",
                "Khai lý lịch của người xin vào Đảng (Mẫu 2-KNĐ)")
    done = "Hoàn thành lớp bồi dưỡng nhận thức về Đảng"
    if course_day:
        done += f", giấy chứng nhận ngày {vietnamese.ngay_van_ban(course_day)}"
    return done, "Viết đơn xin vào Đảng (Mẫu 1-KNĐ), khai lý lịch"


def outstanding(cls: ClassData) -> list[Candidate]:
    """The class's candidates without an admission decision, in Vietnamese
    alphabetical order."""
    return [c for c in _by_name(cls.candidates) if not c.milestone("quyet_dinh_ket_nap")]


@class_form("CV-DD")
def reminder(cls: ClassData) -> list[Rendered]:
    """Công văn đôn đốc thực hiện công tác phát triển đảng viên: from the
    deciding committee to the grassroots committees and chi bộ of the class's
    candidates who have no admission decision yet, with each one's last step,
    the next step and the certificate's expiry, and a reporting deadline."""
    people = outstanding(cls)
    if not people:
        raise NotReady("mọi học viên của lớp đã có quyết định kết nạp (moc.quyet_dinh_ket_nap)")
    body, collective = _deciding(cls.org)
    superior, own = header_names(cls.org, body)
    deciding_name = collective_name(collective, _committee(body))
    course_day = date_of(cls.certificate.get("ngay_cap"))
    validity = cls.ruleset.value("hieu_luc_chung_nhan_nhan_thuc_thang")
    expiry = vietnamese.ngay_van_ban(vietnamese.cong_thang(course_day, int(validity))) if course_day else DOTS
    rows = []
    for i, c in enumerate(people, start=1):
        done, todo = _progress(c, course_day, deciding_name)
        rows.append({
            "stt": str(i),
            "ho_ten": c.data["ho_ten"],
            "chi_bo": c.chi_bo["ten"],
            "da_thuc_hien": done,
            "viec_tiep_theo": todo,
        })
    grassroots = [g for g in (c.org.ancestor(c.chi_bo, "co_so") for c in people)
                  if g is not None and g.get("ma") != body.get("ma")]
    addressees = [_committee(g) for g in _in_org_order(cls.org, grassroots)]
    addressees += [b["ten"] for b in _in_org_order(cls.org, (c.chi_bo for c in people))]
    kinh_gui = [f"- {a}{';' if i < len(addressees) - 1 else '.'}" for i, a in enumerate(addressees)]
    receiver = body.get("ban_xay_dung_dang") or body.get("van_phong") or _committee(body)
    number, dated = _numbered(cls, "CV-DD", body)
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": own,
            "so_ky_hieu": number,
            "dong_ngay": dated,
            "trich_yeu": "V/v đôn đốc thực hiện công tác phát triển đảng viên",
            "ky": signer(cls.org, body, collective),
            "noi_nhan": ["- Như trên,", f"- Thường trực {_committee(body)} (để báo cáo),"]
            + ([f"- {body['ban_xay_dung_dang']},"] if body.get("ban_xay_dung_dang") else [])
            + ["- Lưu Văn phòng Đảng ủy."],
        },
        "lop": class_values(cls),
        "dd": {
            "kinh_gui": kinh_gui,
            "can_cu": _grounds_sentence(cls.ruleset),
            "tap_the": deciding_name,
            "so_nguoi": _count(len(rows)),
            "hoc_vien": rows,
            "ngay_cap_chung_nhan": vietnamese.ngay_van_ban(course_day) if course_day else DOTS,
            "hieu_luc_thang": str(int(validity)),
            "han_chung_nhan": expiry,
            "han_quyet_dinh": str(cls.ruleset.value("han_quyet_dinh_ket_nap_ngay_lam_viec")),
            "noi_nhan_bao_cao": receiver,
            "han_bao_cao": (vietnamese.ngay_thang_nam(cls.deadline) if cls.deadline else
                            vietnamese.dong_ngay("", None, nam=cls.issued_on.year if cls.issued_on else None)),
        },
    }
    entry = _entry("CV-DD")
    return [Rendered(entry.code, entry.title, entry.template, values, "CV-DD")]
