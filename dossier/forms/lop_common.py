"""What every document of an awareness course (lớp bồi dưỡng nhận thức về
Đảng) shares: who issues it and its header lines, its number and date, the
signature lines, the class line, the order of people and bodies.

The documents (``lop_course``: CN-NTVĐ, DS-HV; ``lop_transmittal``: CV-GHS;
``lop_verification``: CV-TTLL-LOP; ``lop_reminder``: CV-DD) build on a class
resolved by :func:`dossier.classes.open_class` into a
:class:`~dossier.classes.ClassData`. The layouts of these documents are not
fixed by any annex (domain notes §3, §5: local forms); their content is a
plausible reconstruction and their catalog entries say ``chac_chan: false``.
Every value printed is computed here and in those modules; the templates
(``tools/forms_lop.py``) hold no logic.
"""

from __future__ import annotations

import datetime as dt
import re

from dossier import catalog, register, vietnamese
from dossier.classes import ClassData, find_body
from dossier.context import BLANK_NUMBER, Candidate, date_of, deciding_body, document_number, header_names, place_of
from dossier.errors import DataError
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


def _numbered(cls: ClassData, code: str, body: dict, destination: str | None = None) -> tuple[str, str]:
    """(``so_ky_hieu``, ``dong_ngay``) of a class letter: the number and date
    the register holds for it (``dossier numbers allocate LOP --form CODE``),
    the date given to the build when there is one; blanks to fill in otherwise."""
    number, when = register.registered(cls.doc.path, code, body["ma"], destination)
    return (document_number(number, "CV", body.get("ky_hieu", "ĐU")),
            vietnamese.dong_ngay(place_of(cls.org, body), cls.issued_on or when))
