"""Resolve: from validated data to the values each template prints.

Templates stay free of logic (users edit them in Word): every value a template
shows — capitalised names, date lines, document numbers, signature lines,
"căn cứ" lines from the ruleset — is computed here, as a ready Vietnamese
string. The variables each form may use are listed in the README.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from dossier import place_names, register, rulesets, vietnamese
from dossier.errors import DataError
from dossier.rulesets import Ruleset
from dossier.workspace import DocumentCache, ORG_FILE, Organisation, class_listings, display_path, find_root
from dossier.yaml_document import Document

BLANK_NUMBER = "\u00a0" * 6  # a number still to be written in by hand


@dataclass
class Candidate:
    """A candidate with everything around it: organisation, class, the rules."""

    doc: Document
    org: Organisation
    rules: rulesets.Choice  # by the date of each event, or the organisation's bo_quy_tac
    class_doc: Document | None = None
    class_entry: dict | None = None

    @property
    def data(self) -> dict:
        return self.doc.data

    def ruleset_on(self, day: dt.date | None) -> Ruleset:
        """The ruleset for an event of ``day`` (today's when the event has no date yet)."""
        return self.rules.on(day)

    @property
    def ruleset(self) -> Ruleset:
        """The ruleset of the admission: in force on the day the chi bộ considered
        it (``moc.nghi_quyet_chi_bo.ngay``), today's while it has not."""
        meeting = (self.data.get("moc") or {}).get("nghi_quyet_chi_bo")
        day = meeting.get("ngay") if isinstance(meeting, dict) else None
        try:
            return self.ruleset_on(date_of(day))
        except ValueError:
            return self.ruleset_on(None)

    @property
    def chi_bo(self) -> dict:
        return self.org.bodies[self.data["chi_bo"]]

    @functools.cached_property
    def bodies(self) -> "Bodies":
        """The chain of bodies above the candidate's chi bộ, resolved once."""
        return resolve_bodies(self.org, self.chi_bo)

    def milestone(self, name: str) -> dict:
        """A milestone (``moc.<name>``); its number comes from the register
        (``so-van-ban.yaml``) when the data does not give one."""
        value = self.data.get("moc", {}).get(name)
        value = value if isinstance(value, dict) else {}
        if value and "so" not in value:
            number = register.milestone_number(self.doc.path, name)
            if number is not None:
                value = {**value, "so": number}
        return value


# ---------------------------------------------------------------- the chain of bodies


def committee_name(body: dict) -> str:
    """A body as a committee: its ``ten_cap_uy`` ("Đảng ủy phường Bình Minh"), else its ``ten``."""
    return body.get("ten_cap_uy") or body["ten"]


def collective_name(collective: str, committee: str) -> str:
    """"Ban Thường vụ Đảng ủy phường X"; "Đảng ủy Trường Y" when the committee's
    name already starts with the collective — never "Đảng ủy Đảng uỷ …", whatever
    the tone-mark placement (uỷ/ủy) of either."""
    if vietnamese.khong_dau(committee).lower().startswith(vietnamese.khong_dau(collective).lower()):
        return committee
    return f"{collective} {committee}"


def deciding_body(org: Organisation) -> tuple[dict, str]:
    """The body that decides admissions (``tham_quyen_ket_nap.co_quan``) and the
    collective in it that decides (``tap_the``, else how the body signs)."""
    authority = org.data.get("tham_quyen_ket_nap") or {}
    body = org.bodies.get(authority.get("co_quan"))
    if body is None:
        raise DataError("chưa khai báo cơ quan có thẩm quyền kết nạp (tham_quyen_ket_nap.co_quan)",
                        path=org.doc.display)
    return body, authority.get("tap_the") or committee_word(body)


@dataclass(frozen=True)
class Bodies:
    """The chain of bodies a candidate's admission goes through, resolved once:
    chi bộ → đảng ủy bộ phận (if any) → grassroots committee (if any) → deciding body."""

    chi_bo: dict
    parent: dict | None  # the body right above the chi bộ
    section: dict | None  # the đảng ủy bộ phận above the chi bộ (cap: bo_phan)
    grassroots: dict | None  # the đảng ủy cơ sở above the chi bộ (cap: co_so)
    deciding: dict | None  # tham_quyen_ket_nap.co_quan; None when not declared
    collective: str  # who decides in it: tap_the ("Ban Thường vụ"), else "Đảng ủy"/"Chi bộ"
    source: str = ""  # the organisation file, for messages

    @property
    def proposing_grassroots(self) -> dict | None:
        """The grassroots committee when it proposes to a deciding body above it
        (8-, 15-KNĐ apply); None when it decides itself or does not exist."""
        g = self.grassroots
        if g is None or g is self.chi_bo or (self.deciding is not None and g.get("ma") == self.deciding.get("ma")):
            return None
        return g

    @property
    def deciding_name(self) -> str:
        """How the deciding collective is named in running text: "Ban Thường vụ
        Đảng ủy phường Bình Minh" (or the committee alone when it decides as a whole)."""
        return collective_name(self.collective, committee_name(self.decider))

    @property
    def decider(self) -> dict:
        """The deciding body; a data error when the organisation file does not declare it."""
        if self.deciding is None:
            raise DataError("chưa khai báo cơ quan có thẩm quyền kết nạp (tham_quyen_ket_nap.co_quan)",
                            path=self.source)
        return self.deciding


def resolve_bodies(org: Organisation, chi_bo: dict) -> Bodies:
    try:
        deciding, collective = deciding_body(org)
    except DataError:
        deciding, collective = None, ""
    return Bodies(chi_bo, org.parent(chi_bo), org.ancestor(chi_bo, "bo_phan"), org.ancestor(chi_bo, "co_so"),
                  deciding, collective, org.doc.display)


def open_candidate(path: Path, cache: DocumentCache | None = None) -> Candidate:
    """Resolve a candidate file that has passed validation."""
    cache = cache or DocumentCache()
    doc, _ = cache.get(path)
    root = find_root(path)
    if doc is None or root is None:
        raise DataError(f"không tìm thấy tệp {ORG_FILE} cho hồ sơ này", path=display_path(path))
    org_doc, _ = cache.get(root / ORG_FILE)
    org = Organisation.from_document(org_doc)
    candidate = Candidate(doc, org, rules_of(org_doc))
    candidate.class_doc, candidate.class_entry = _find_class(root, path.resolve(), cache)
    return candidate


def rules_of(org_doc: Document) -> rulesets.Choice:
    """How an organisation's rules are chosen (its ``bo_quy_tac``, if any)."""
    try:
        return rulesets.choice(org_doc.data.get("bo_quy_tac"))
    except DataError as exc:
        raise DataError(exc.message, path=org_doc.display, line=org_doc.location(("bo_quy_tac",)).line) from None


def _find_class(root: Path, candidate_path: Path, cache: DocumentCache):
    """The class listing the candidate and its entry there; (None, None) for a
    candidate no class lists. Validation refuses a candidate that two class
    files list (workspace.in_two_classes), so the first is never silently used."""
    listed = class_listings(root, cache).get(candidate_path)
    if not listed:
        return None, None
    doc, i = listed[0]
    return doc, doc.data["hoc_vien"][i]


# ---------------------------------------------------------------- formatting

def date_of(value) -> dt.date | None:
    return vietnamese.parse_ngay(value) if isinstance(value, str) and value else None


def document_number(number, type_code: str, issuer_code: str) -> str:
    """``125-QĐ/ĐU``; numbers below 10 as ``07``; a blank to fill in when not yet numbered."""
    if number is None or number == "":
        return f"{BLANK_NUMBER}-{type_code}/{issuer_code}"
    text = f"{int(number):02d}" if isinstance(number, int) or str(number).isdigit() else str(number)
    return f"{text}-{type_code}/{issuer_code}"


# The header's left column (tools/docx_blocks.py: HEADER_LEFT_MM minus cell padding).
HEADER_TEXT_MM = 78


@functools.lru_cache(maxsize=4096)
def text_width_mm(text: str, bold: bool, size_pt: float = 14) -> float:
    """Printed width of capitals in Times New Roman (Liberation Serif has the same
    metrics); diacritics do not change a letter's advance width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = "Times-Bold" if bold else "Times-Roman"
    return stringWidth(vietnamese.khong_dau(text), font, size_pt) * 25.4 / 72


BODY_PREFIXES = ("ĐẢNG BỘ BỘ PHẬN", "ĐẢNG ỦY BỘ PHẬN", "CHI BỘ", "ĐẢNG BỘ", "ĐẢNG ỦY")


@functools.lru_cache(maxsize=1024)
def balance_lines(text: str, bold: bool, width_mm: float = HEADER_TEXT_MM) -> str:
    """A name too long for the header column, broken into two balanced lines at a
    space (never around a dash), the way offices set them by hand: "ĐẢNG BỘ
    TRƯỜNG CAO ĐẲNG" / "CÔNG NGHỆ BÌNH MINH" rather than Word's "… BÌNH" / "MINH"."""
    if "\n" in text or text_width_mm(text, bold) <= width_mm:
        return text
    for prefix in BODY_PREFIXES:  # "CHI BỘ" / "KHOA CƠ KHÍ - ĐỘNG LỰC" when the rest fits
        if text.startswith(prefix + " ") and text_width_mm(text[len(prefix) + 1:], bold) <= width_mm:
            return f"{prefix}\n{text[len(prefix) + 1:]}"
    words = text.split(" ")
    # after a dash ("… ĐÀO TẠO -" / "CÔNG TÁC …"): the longest first line that fits, the rest balanced again
    dash_breaks = [i for i in range(1, len(words)) if words[i - 1] in ("-", "–")
                   and text_width_mm(" ".join(words[:i]), bold) <= width_mm]
    if dash_breaks:
        i = max(dash_breaks)
        return " ".join(words[:i]) + "\n" + balance_lines(" ".join(words[i:]), bold, width_mm)
    # else the most balanced split at a space that does not touch a dash
    splits = [(max(text_width_mm(" ".join(words[:i]), bold), text_width_mm(" ".join(words[i:]), bold)), i)
              for i in range(1, len(words)) if words[i - 1] not in ("-", "–") and words[i] not in ("-", "–")]
    if not splits:
        return text
    i = min(splits)[1]
    return " ".join(words[:i]) + "\n" + " ".join(words[i:])


def header_names(org: Organisation, body: dict, on: dt.date | None = None) -> tuple[str, str]:
    """The two header blocks of a document issued by ``body``: its superior
    organisation, then itself (as a committee), in capitals, each broken into
    balanced lines when it does not fit the column. ``on``: the document's
    date, which decides the names printed (:mod:`dossier.place_names`)."""
    parent = org.parent(body)
    parent = place_names.body(parent, on) if parent else parent
    body = place_names.body(body, on)
    superior = balance_lines(vietnamese.in_hoa(parent["ten"]), bold=False) if parent else ""
    return superior, balance_lines(vietnamese.in_hoa(body.get("ten_cap_uy") or body["ten"]), bold=True)


def place_of(org: Organisation, body: dict, on: dt.date | None = None) -> str:
    return place_names.body(body, on).get("dia_danh") or org.data.get("dia_danh") or ""


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


def candidate_values(c: Candidate, on: dt.date | None = None) -> dict:
    """The candidate as documents print them; ``on``, the document's date,
    decides the place names (:mod:`dossier.place_names`)."""
    d = c.data
    bodies = c.bodies
    return {
        "ho_ten": d["ho_ten"],
        "ho_ten_in_hoa": vietnamese.in_hoa(d["ho_ten"]),
        "ngay_sinh": vietnamese.ngay_van_ban(date_of(d["ngay_sinh"])),
        "gioi_tinh": d.get("gioi_tinh", ""),
        "que_quan": place_names.address(d, "que_quan", on),
        "noi_sinh": place_names.address(d, "noi_sinh", on),
        "thuong_tru": place_names.address(d, "thuong_tru", on),
        "nghe_nghiep": d.get("nghe_nghiep", ""),
        "dan_toc": d.get("dan_toc", ""),
        "ton_giao": d.get("ton_giao", ""),
        "chi_bo": place_names.body(c.chi_bo, on)["ten"],
        "dang_bo": place_names.body(bodies.grassroots or bodies.parent or c.chi_bo, on)["ten"],
    }


def resolution_reference(milestone: dict, type_code: str, body: dict) -> str:
    """``Nghị quyết số 07-NQ/CB ngày 10/3/2026`` for a milestone of ``body``."""
    number = document_number(milestone.get("so"), type_code, body.get("ky_hieu", "CB"))
    text = f"Nghị quyết số {number}"
    date = date_of(milestone.get("ngay"))
    if date:
        text += f" ngày {vietnamese.ngay_van_ban(date)}"
    return text
