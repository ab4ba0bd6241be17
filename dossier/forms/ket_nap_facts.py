"""What the admission-stage documents (5- to 9-KNĐ) print about the candidate
and the bodies: the chain of committees, the proposal sentence, the sơ lược
lý lịch, the standards a review checks, the documents sent up, the political
standing, the chi bộ's vote.

The content of 5-, 6-, 7- and 8-KNĐ is reconstructed (domain notes §6.3,
certainty C). Where the data holds no text for a passage (the organisations'
opinions, strengths and weaknesses, a committee's own vote), the builders
give lines to fill in by hand: ``DOTTED_LINE`` holds a tab, which docxtpl
writes as a Word tab, and the template paragraphs that may receive one carry a
right tab stop with a dot leader at the end of the line, so the tab prints as
a dotted line. Short gaps inside a sentence (a committee's vote figures, a
missing date) are ``BLANK``.
"""

from __future__ import annotations

import datetime as dt

from dossier import catalog, place_names, verification, vietnamese
from dossier.context import Candidate, committee_name, date_of, resolution_reference
from dossier.forms.common import formatted_date, meeting, member

# One dotted line to fill in (see the module docstring). The zero-width space
# after the tab matters: LibreOffice draws no leader for a tab that ends a
# paragraph inside a table cell.
DOTTED_LINE = "\t\u200b"
BLANK = "…………"  # a short gap to fill in inside a sentence


def _entry(code: str):
    return catalog.entry(code)


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_text(value) -> str:
    """``ngày 09 tháng 9 năm 2025`` or a gap to fill in."""
    d = date_of(value)
    return vietnamese.ngay_thang_nam(d) if d else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"


def _short_date(value) -> str:
    return formatted_date(value) or BLANK


_committee_name = committee_name


# ------------------------------------------------------------ organisation

def _decider(c: Candidate) -> tuple[dict, str]:
    """The deciding body and its collective name ("Ban Thường vụ Đảng ủy phường …")."""
    return c.bodies.decider, c.bodies.deciding_name


def _section(c: Candidate) -> dict | None:
    """The đảng ủy bộ phận above the chi bộ, if any."""
    return c.bodies.section


def _grassroots(c: Candidate) -> dict | None:
    """The đảng ủy cơ sở above the chi bộ when it is not the deciding body."""
    return c.bodies.proposing_grassroots


def _proposal(c: Candidate, who: str, start: str) -> str:
    """The proposal sentence along the chain of committees above ``start``
    ("chi_bo", "bo_phan" or "co_so")."""
    _, decider = _decider(c)
    steps = []
    section, grassroots = _section(c), _grassroots(c)
    if start == "chi_bo" and section is not None:
        steps.append(f"{_committee_name(section)} thẩm định")
    if start in ("chi_bo", "bo_phan") and grassroots is not None:
        steps.append(f"{_committee_name(grassroots)} xem xét")
    name = c.data["ho_ten"]
    final = f"quyết định kết nạp quần chúng {name} vào Đảng Cộng sản Việt Nam."
    if steps:
        return f"{who} đề nghị {', '.join(steps)}, đề nghị {decider} {final}"
    return f"{who} đề nghị {decider} xem xét, {final}"


# ------------------------------------------------------------ candidate facts

def _certificate_data(c: Candidate) -> tuple[str, object, str] | None:
    """(number, issue date as written, issuer) of the awareness-course certificate."""
    if c.class_entry and c.class_doc is not None:
        cls = c.class_doc.data
        return (str(c.class_entry.get("so_chung_nhan") or ""), (cls.get("chung_nhan") or {}).get("ngay_cap"),
                cls.get("don_vi_to_chuc") or "")
    own = c.milestone("chung_nhan_nhan_thuc")
    if own:
        return str(own.get("so_ky_hieu") or own.get("so") or ""), own.get("ngay"), own.get("noi_cap") or ""
    return None


def _certificate(c: Candidate) -> str:
    """"số 0419, cấp ngày 28/3/2025 (Trung tâm Chính trị …)" or ""."""
    found = _certificate_data(c)
    if found is None:
        return ""
    number, issued, issuer = found
    text = f"số {number or BLANK}, cấp ngày {_short_date(issued)}"
    return text + (f" ({issuer})" if issuer else "")


def _age_text(c: Candidate, on: dt.date | None) -> str:
    birth = date_of(c.data.get("ngay_sinh"))
    if birth is None or on is None:
        return ""
    months = vietnamese.so_thang_tron(birth, on)
    years, rest = divmod(months, 12)
    return f"{years} tuổi" + (f" {rest} tháng" if rest else "")


def _introducers(c: Candidate) -> list[str]:
    """One phrase per introducing member or organisation."""
    intro = c.data.get("gioi_thieu") or {}
    found = []
    for item in intro.get("dang_vien") or []:
        if not isinstance(item, dict) or item.get("ma") not in c.org.members:
            continue
        m = member(c, item["ma"])
        text = f"đồng chí {m['ho_ten']}, đảng viên chính thức, {m['chi_bo']}"
        since = item.get("cung_cong_tac_tu")
        if isinstance(since, str) and since:
            year, month = vietnamese.parse_thang(since)
            text += f", cùng công tác, học tập với người vào Đảng từ {vietnamese.thang_nam_day_du(year, month)}"
            if item.get("noi_cung_cong_tac"):
                text += f" tại {item['noi_cung_cong_tac']}"
        found.append(text)
    for key in ("doan_thanh_nien", "cong_doan"):
        resolution = intro.get(key)
        if isinstance(resolution, dict) and resolution.get("co_quan"):
            found.append(f"{resolution['co_quan']} (Nghị quyết số {resolution.get('so_ky_hieu', BLANK)}"
                         f" ngày {_short_date(resolution.get('ngay'))})")
    return found


def _levels(c: Candidate) -> str:
    """"giáo dục phổ thông 12/12; chuyên môn: …; lý luận chính trị: …"."""
    level = c.data.get("trinh_do") or {}
    parts = [f"giáo dục phổ thông {level.get('giao_duc_pho_thong', BLANK)}"]
    for key, label in (("chuyen_mon", "chuyên môn"), ("hoc_vi", "học vị"), ("hoc_ham", "học hàm"),
                       ("ly_luan_chinh_tri", "lý luận chính trị")):
        if level.get(key):
            parts.append(f"{label}: {level[key]}")
    return "; ".join(parts)


def _youth_union_date(c: Candidate) -> str:
    youth = (c.data.get("doan_the") or {}).get("doan_thanh_nien")
    return formatted_date(youth.get("ngay_vao")) if isinstance(youth, dict) else ""


def _summary(c: Candidate, on: dt.date | None = None) -> list[str]:
    """Sơ lược lý lịch: one line per item, ready to print (6-KNĐ); place names of ``on``."""
    d = {**c.data, **{k: place_names.address(c.data, k, on) for k in place_names.ADDRESS_FIELDS if c.data.get(k)}}
    lines = [
        f"Họ và tên: {d['ho_ten']}; giới tính: {d.get('gioi_tinh', BLANK)};"
        f" sinh ngày {_short_date(d.get('ngay_sinh'))}.",
        f"Dân tộc: {d.get('dan_toc', BLANK)}; tôn giáo: {d.get('ton_giao', BLANK)}.",
        f"Quê quán: {d.get('que_quan', BLANK)}.",
        f"Nơi thường trú: {d.get('thuong_tru', BLANK)}.",
    ]
    if d.get("tam_tru"):
        lines.append(f"Nơi tạm trú: {d['tam_tru']}.")
    lines.append(f"Nghề nghiệp: {d.get('nghe_nghiep', BLANK)}.")
    lines.append(f"Trình độ: {_levels(c)}.")
    if _youth_union_date(c):
        lines.append(f"Ngày vào Đoàn TNCS Hồ Chí Minh: {_youth_union_date(c)}.")
    certificate = _certificate(c)
    if certificate:
        lines.append(f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng {certificate}.")
    if d.get("ket_nap_lai"):
        lines.append("Xin kết nạp lại vào Đảng.")
    return lines


def _summary_text(c: Candidate, on: dt.date | None = None) -> str:
    """Sơ lược lý lịch in one paragraph (7-KNĐ, 8-KNĐ); place names of ``on``."""
    d = {**c.data, **{k: place_names.address(c.data, k, on) for k in place_names.ADDRESS_FIELDS if c.data.get(k)}}
    text = (f"Quần chúng {d['ho_ten']}, giới tính: {d.get('gioi_tinh', BLANK)}, sinh ngày"
            f" {_short_date(d.get('ngay_sinh'))}; dân tộc: {d.get('dan_toc', BLANK)}; tôn giáo:"
            f" {d.get('ton_giao', BLANK)}; quê quán: {d.get('que_quan', BLANK)}; nơi thường trú:"
            f" {d.get('thuong_tru', BLANK)}; nghề nghiệp: {d.get('nghe_nghiep', BLANK)}; trình độ: {_levels(c)}")
    if _youth_union_date(c):
        text += f"; vào Đoàn TNCS Hồ Chí Minh ngày {_youth_union_date(c)}"
    if d.get("ket_nap_lai"):
        text += "; xin kết nạp lại vào Đảng"
    return text + "."


def _to_fill(lines: int = 2) -> list[str]:
    return [DOTTED_LINE] * lines


def _strengths_weaknesses(lines: int) -> list[str]:
    """"a) Ưu điểm: …" / "b) Khuyết điểm: …": the data model holds no assessment
    by the chi bộ or the committee, so each gets ``lines`` dotted lines."""
    return ([f"a) Ưu điểm: {DOTTED_LINE}"] + _to_fill(lines - 1)
            + [f"b) Khuyết điểm: {DOTTED_LINE}"] + _to_fill(lines - 1))


def _political_standing(c: Candidate) -> list[str]:
    """Lịch sử chính trị và chính trị hiện nay: only what the data says. The
    conclusion entered (``ket_luan_tham_tra``), else the result each committee
    sent (``tham_tra[].ket_qua``) once every one has replied; otherwise dotted
    lines for the meeting to fill in. Never an assessment nobody entered."""
    found = verification.plan(c)
    conclusion = str(c.data.get("ket_luan_tham_tra") or "").strip()
    done = verification.all_replied(c)
    lines = []
    if done is not None:
        places = "; ".join(d.name for d in found.all if d.record)
        lines.append(f"Đã nhận đủ kết quả thẩm tra lý lịch của {places} (ngày {vietnamese.ngay_van_ban(done[0])}).")
    if conclusion:
        return lines + [conclusion]
    answered = [d for d in found.all if d.record]
    if done is not None and all(d.result for d in answered):
        return lines + [f"{d.name}: {d.result}" for d in answered]
    label = "Kết luận về lịch sử chính trị và chính trị hiện nay" if done else "Kết quả thẩm tra lý lịch"
    return lines + [f"{label}: {DOTTED_LINE}"] + _to_fill(1)


def _chi_bo_vote_sentence(c: Candidate) -> str:
    """The chi bộ's vote, for the reports of the levels above."""
    milestone = c.milestone("nghi_quyet_chi_bo")
    figures = meeting(c, milestone, "moc.nghi_quyet_chi_bo")
    return (f"{c.chi_bo['ten']} ({resolution_reference(milestone, 'NQ', c.chi_bo)}) có"
            f" {figures['tan_thanh']}/{figures['chinh_thuc_tinh']} đảng viên chính thức tán thành đề nghị"
            f" kết nạp, đạt {figures['ty_le_tan_thanh']} tổng số đảng viên chính thức của chi bộ"
            f"{figures['ghi_chu_chinh_thuc']}.")


def _documents(c: Candidate) -> list[str]:
    """The dossier as the chi bộ sends it up (7-KNĐ), one line per document."""
    d = c.data
    lines = []
    certificate = _certificate(c)
    lines.append(f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng {certificate or BLANK};")
    lines.append(f"Đơn xin vào Đảng, ngày {_short_date(c.milestone('don_xin_vao_dang').get('ngay'))};")
    done = verification.all_replied(c)
    lines.append(f"Lý lịch của người xin vào Đảng, ngày {_short_date(c.milestone('ly_lich').get('ngay'))},"
                 f" và kết quả thẩm tra lý lịch (hoàn thành ngày {_short_date(done[0] if done else None)});")
    intro = d.get("gioi_thieu") or {}
    for item in intro.get("dang_vien") or []:
        if isinstance(item, dict) and item.get("ma") in c.org.members:
            who = member(c, item["ma"])["ho_ten"]
            lines.append(f"Giấy giới thiệu người vào Đảng của đồng chí {who}, ngày {_short_date(item.get('ngay'))};")
    for key, what in (("doan_thanh_nien", "giới thiệu đoàn viên ưu tú vào Đảng"),
                      ("cong_doan", "giới thiệu đoàn viên công đoàn ưu tú vào Đảng")):
        resolution = intro.get(key)
        if isinstance(resolution, dict):
            lines.append(f"Nghị quyết số {resolution.get('so_ky_hieu', BLANK)} ngày"
                         f" {_short_date(resolution.get('ngay'))} của {resolution.get('co_quan', BLANK)} {what};")
    lines.append("Tổng hợp ý kiến nhận xét của tổ chức đoàn thể nơi làm việc và chi ủy nơi cư trú, ngày"
                 f" {_short_date(c.milestone('y_kien').get('ngay'))};")
    lines.append(f"{resolution_reference(c.milestone('nghi_quyet_chi_bo'), 'NQ', c.chi_bo)} của"
                 f" {c.chi_bo['ten']} đề nghị kết nạp đảng viên.")
    return lines


def _standards(c: Candidate) -> list[str]:
    """Tiêu chuẩn, điều kiện checked by a review (7-KNĐ, 8-KNĐ): age at the chi
    bộ meeting, the certificate's validity, the introducers."""
    meeting = date_of(c.milestone("nghi_quyet_chi_bo").get("ngay"))
    lines = []
    age = _age_text(c, meeting)
    if age:
        lines.append(f"Tuổi đời tại thời điểm chi bộ xét kết nạp: {age}.")
    found = _certificate_data(c)
    issued = date_of(found[1]) if found else None
    if issued is not None:
        valid_to = vietnamese.cong_thang(issued, int(c.ruleset.value("hieu_luc_chung_nhan_nhan_thuc_thang")))
        state = "còn giá trị" if meeting is None or meeting <= valid_to else "đã hết giá trị"
        lines.append(f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày {vietnamese.ngay_van_ban(issued)},"
                     f" {state} đến ngày {vietnamese.ngay_van_ban(valid_to)}.")
    introducers = _introducers(c)
    if introducers:
        lines.append("Người giới thiệu: " + "; ".join(introducers) + ".")
    return lines
