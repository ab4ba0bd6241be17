"""Values shared by several forms: meetings and votes, Party members, bodies."""

from __future__ import annotations

import datetime as dt

from dossier import vietnamese
from dossier.vote_figures import counted
from dossier.context import Candidate, date_of, document_number, header_names, place_of, signer
from dossier.forms import NotReady

#: A figure or name to write by hand inside a sentence.
BLANK = "…………"


def members_at(c: Candidate, day: dt.date | None) -> list[dict]:
    """Members of the candidate's chi bộ who had joined by ``day``
    (``to-chuc.yaml`` holds today's list; a newer member joined on the day of
    their ceremony)."""
    found = []
    for record in c.chi_bo.get("dang_vien") or []:
        joined = date_of(record.get("ngay_vao_dang"))
        if day is None or joined is None or joined <= day:
            found.append(record)
    return found


def is_candidate(c: Candidate, record: dict) -> bool:
    return vietnamese.nfc(record.get("ho_ten", "")) == vietnamese.nfc(c.data["ho_ten"])


def is_full_at(c: Candidate, record: dict, day: dt.date | None) -> bool:
    """Whether a member was a full member on ``day``; the person under
    consideration is still probationary at their own recognition meeting."""
    if is_candidate(c, record):
        return False
    official = date_of(record.get("ngay_chinh_thuc"))
    return official is not None and (day is None or official <= day)


def meeting(c: Candidate, milestone: dict, what: str) -> dict:
    """The figures of a chi bộ meeting, ready to print.

    ``milestone`` holds ``tong_so_dang_vien``, ``so_chinh_thuc``, ``co_mat``,
    ``tan_thanh`` and optionally ``vang_mat`` (list of {ho_ten, ly_do}); ``what``
    names it in the NotReady message (e.g. "moc.nghi_quyet_chi_bo"). The
    approval rate is approving full members ÷ all full members (06-HD/TW
    §3.6b), never ÷ those present. ``so_chinh_thuc`` leaves out full members on
    temporary transfer or excused (data model): they are found in the member
    list at the meeting date and printed as full members, not as probationary,
    with a note. Votes against are counted among the full members present (an
    absent member did not vote); an absent name not in the member list counts
    as a full member, which never overstates the votes against.
    """
    needed = ("tong_so_dang_vien", "so_chinh_thuc", "co_mat", "tan_thanh")
    missing = [k for k in needed if not isinstance(milestone.get(k), int)]
    if missing:
        raise NotReady(f"thiếu số liệu cuộc họp trong {what}: {', '.join(missing)}")
    left_out = milestone.get("so_khong_tinh") if isinstance(milestone.get("so_khong_tinh"), int) else 0
    total, full = milestone["tong_so_dang_vien"], milestone["so_chinh_thuc"] - left_out  # 294-QĐ/TW §9.3.2
    if full <= 0:
        raise NotReady(f"{what}: số không tính (so_khong_tinh) phải nhỏ hơn số đảng viên chính thức (so_chinh_thuc)")
    present, yes = milestone["co_mat"], milestone["tan_thanh"]
    day = date_of(milestone.get("ngay"))
    members = members_at(c, day)
    transferred = [m for m in members if m.get("nghi_chuyen_sinh_hoat_tam_thoi") and is_full_at(c, m, day)]
    considered = 1 if any(is_candidate(c, m) for m in members) else 0  # probationary at their own review
    excluded = left_out or min(len(transferred), max(total - full - considered, 0))
    by_name = {vietnamese.nfc(m.get("ho_ten", "")): m for m in members}
    absent = [a for a in milestone.get("vang_mat") or [] if isinstance(a, dict)]
    absent_full = 0
    for person in absent:
        record = by_name.get(vietnamese.nfc(person.get("ho_ten", "")))
        if record is None or (not record.get("nghi_chuyen_sinh_hoat_tam_thoi") and is_full_at(c, record, day)):
            absent_full += 1
    unlisted = max(total - present - len(absent), 0)
    against = max(full - absent_full - unlisted - yes, 0)
    return {
        **_attendance(c, milestone, members, day, full + excluded, total - present, unlisted),
        "tong_so": str(total),
        "chinh_thuc": str(full + excluded),
        "chinh_thuc_tinh": str(full),
        "du_bi": str(max(total - full - excluded, 0)),
        "ghi_chu_chinh_thuc": (
            f" (không tính {excluded} đồng chí chuyển sinh hoạt đảng tạm thời hoặc được miễn sinh hoạt đảng"
            " khi biểu quyết)" if excluded and not left_out else
            f" (không tính {excluded} đồng chí chuyển sinh hoạt đảng tạm thời, được miễn sinh hoạt đảng, bị đình chỉ"
            " sinh hoạt đảng hoặc bị khởi tố, truy tố, tạm giam khi biểu quyết)" if excluded else ""),
        "co_mat": str(present),
        "vang_mat": str(total - present),
        "vang_mat_ket": ", gồm:" if absent else ".",
        "vang_mat_ds": [f"Đồng chí {a.get('ho_ten', '')}" + (f": {a['ly_do']}." if a.get("ly_do") else ".")
                        for a in absent],
        "tan_thanh": str(yes),
        "ty_le_tan_thanh": vietnamese.phan_tram(yes, full) if full else "",
        "khong_tan_thanh": str(against),
        "ty_le_khong_tan_thanh": vietnamese.phan_tram(against, full) if full else "",
    }


def _attendance(c: Candidate, milestone: dict, members: list[dict], day, full: int, away: int,
                unlisted: int) -> dict:
    """Present and absent members, each split into full and probationary (the
    13-KNĐ model), the reasons for absence, who chaired and who took the
    minutes. The split is known only when every absent member is named in
    ``vang_mat``; otherwise it is left to write by hand."""
    absent = [a for a in milestone.get("vang_mat") or [] if isinstance(a, dict)]
    by_name = {vietnamese.nfc(m.get("ho_ten", "")): m for m in members}
    if unlisted:
        split = {k: BLANK for k in ("co_mat_chinh_thuc", "co_mat_du_bi", "vang_mat_chinh_thuc", "vang_mat_du_bi")}
        reasons = BLANK
    else:
        away_full = 0
        for person in absent:
            record = by_name.get(vietnamese.nfc(person.get("ho_ten", "")))
            away_full += 1 if record is None or is_full_at(c, record, day) else 0
        total = milestone["tong_so_dang_vien"]
        away_full = min(away_full, full)
        split = {"co_mat_chinh_thuc": str(full - away_full), "co_mat_du_bi": str(max(total - full - (away - away_full), 0)),
                 "vang_mat_chinh_thuc": str(away_full), "vang_mat_du_bi": str(away - away_full)}
        reasons = "; ".join(f"đồng chí {a.get('ho_ten', '')}: {a.get('ly_do', '')}" for a in absent) or "Không"
        reasons = reasons[:1].upper() + reasons[1:] + "."
    chair = milestone.get("chu_tri")
    if not chair:
        for key in ("bi_thu", "pho_bi_thu"):
            ma = c.chi_bo.get(key)
            if ma in c.org.members and vietnamese.nfc(c.org.members[ma][0]["ho_ten"]) not in \
                    {vietnamese.nfc(a.get("ho_ten", "")) for a in absent}:
                chair = c.org.members[ma][0]["ho_ten"]
                break
    return {**split, "ly_do_vang": reasons, "chu_tri": chair or BLANK, "chuc_vu_chu_tri": _post(c, chair),
            "thu_ky": milestone.get("thu_ky") or BLANK}


def _post(c: Candidate, name: str | None) -> str:
    """A chi bộ member's post, as far as the data knows it."""
    if not name:
        return BLANK
    for key, post in (("bi_thu", "Bí thư Chi bộ"), ("pho_bi_thu", "Phó Bí thư Chi bộ")):
        ma = c.chi_bo.get(key)
        if ma in c.org.members and vietnamese.nfc(c.org.members[ma][0]["ho_ten"]) == vietnamese.nfc(name):
            return post
    for record in c.chi_bo.get("dang_vien") or []:
        if vietnamese.nfc(record.get("ho_ten", "")) == vietnamese.nfc(name):
            return record.get("chuc_vu_dang") or record.get("chuc_vu") or BLANK
    return BLANK


def has_chi_uy(c: Candidate, day: dt.date | None, minimum: int) -> bool:
    """A chi bộ with ``minimum`` (9) or more full members elects a chi ủy; a
    smaller one only a bí thư (and phó bí thư), and then the chi bộ itself signs."""
    full = [m for m in members_at(c, day) if is_full_at(c, m, day) and not m.get("nghi_chuyen_sinh_hoat_tam_thoi")]
    return len(full) >= minimum


#: Why members are left out of a committee's count (294-QĐ/TW §9.3.3).
_NOT_COUNTED = "chuyển sinh hoạt đảng tạm thời, bị đình chỉ sinh hoạt đảng hoặc bị khởi tố, truy tố, tạm giam"


def committee_vote(milestone: dict) -> dict:
    """A committee's vote (8-, 9-, 15-, 16-KNĐ) from ``so_thanh_vien``,
    ``so_khong_tinh`` and ``tan_thanh`` of its milestone, ready to print. The
    rate is approving members ÷ members counted (``so_thanh_vien`` less
    ``so_khong_tinh``; 294-QĐ/TW §9.3.3), never ÷ those present. The data holds
    neither those present nor the votes against: those figures, and every figure
    the data lacks, are gaps to fill in by hand."""

    figures, yes = counted(milestone, "so_thanh_vien"), milestone.get("tan_thanh")
    known = figures is not None and figures[1] > 0 and isinstance(yes, int) and not isinstance(yes, bool)
    values = {"tong_so": BLANK, "co_mat": BLANK, "vang_mat": BLANK, "ly_do_vang": "", "khong_tan_thanh": BLANK,
              "tan_thanh": BLANK, "so_tinh": BLANK, "ty_le_tan_thanh": f"{BLANK}%", "ghi_chu": ""}
    if figures is not None and figures[0] > 0:
        values["tong_so"] = str(figures[0])
    if known:
        written, members = figures
        values.update(tan_thanh=str(yes), so_tinh=str(members), ty_le_tan_thanh=vietnamese.phan_tram(yes, members))
        if written != members:
            values["ghi_chu"] = f" (không tính {written - members} đồng chí {_NOT_COUNTED})"
    return values


def compiled_for_chi_bo(c: Candidate, day: dt.date | None) -> tuple[str, dict]:
    """Who compiles a summary for the chi bộ (5-KNĐ, 12-KNĐ) and how it is
    signed: the chi ủy ("T/M CHI ỦY"), or, in a chi bộ too small to elect one,
    its secretary in person ("BÍ THƯ CHI BỘ") — never "T/M CHI BỘ": the chi bộ
    has not met on it (issue #18)."""
    body = c.chi_bo
    if has_chi_uy(c, day, c.ruleset.value("chi_uy_toi_thieu_dang_vien_chinh_thuc")):
        return f"Chi ủy {body['ten']}", signer(c.org, body, "Chi ủy")
    signed = signer(c.org, body, "Chi bộ")
    return f"Bí thư {body['ten']}", {"hinh_thuc": "BÍ THƯ CHI BỘ", "chuc_vu": "", "ho_ten": signed["ho_ten"]}


def member(c: Candidate, ma: str) -> dict:
    """A Party member of the organisation, ready to print."""
    record, body_ma, _ = c.org.members[ma]
    body = c.org.bodies[body_ma]
    party_post = record.get("chuc_vu_dang") or next(
        (post for key, post in (("bi_thu", "Bí thư"), ("pho_bi_thu", "Phó Bí thư"))
         if body.get(key) == ma), "")
    return {
        "ho_ten": record["ho_ten"],
        "ngay_sinh": vietnamese.ngay_van_ban(date_of(record.get("ngay_sinh"))) if record.get("ngay_sinh") else "",
        "que_quan": record.get("que_quan", ""),
        "chuc_vu_dang": f"{party_post} {body['ten']}" if party_post in ("Bí thư", "Phó Bí thư") else party_post,
        "chuc_vu_chinh_quyen": record.get("chuc_vu_chinh_quyen") or record.get("chuc_vu", ""),
        "ngay_vao_dang": vietnamese.ngay_van_ban(date_of(record.get("ngay_vao_dang"))) if record.get("ngay_vao_dang") else "",
        "ngay_chinh_thuc": vietnamese.ngay_van_ban(date_of(record.get("ngay_chinh_thuc"))) if record.get("ngay_chinh_thuc") else "",
        "chuc_vu": record.get("chuc_vu", ""),
        "chi_bo": body["ten"],
    }


#: A date still to be written by hand, where a short date (``12/5/2004``) would
#: be printed: date-shaped and of fixed width, about 37 mm at 14 pt, room for a
#: hand-written "13/12/2016". A long run of dots cannot be broken, so at the end
#: of a justified line it wraps whole and leaves the line above stretched.
NGAY_TRONG = "……/……/………"


def formatted_date(value, blank: str = "") -> str:
    """``12/5/2004`` for a date in the data, else ``blank`` (an empty string, or
    :data:`NGAY_TRONG` for a date to write by hand)."""
    d = date_of(value)
    return vietnamese.ngay_van_ban(d) if d else blank


def letterhead(c: Candidate, body: dict, milestone: dict, type_code: str, default_code: str) -> dict:
    """The header block, number and place-and-date line of a document ``body``
    issues for ``milestone``: names and place as they were on the document's
    date; ``default_code`` is the issuer's code when the body has no ``ky_hieu``."""
    day = date_of(milestone.get("ngay"))
    superior, issuer = header_names(c.org, body, day)
    return {"cap_tren": superior, "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), type_code, body.get("ky_hieu", default_code)),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body, day), day)}

