"""Documents of the admission stage (giai đoạn kết nạp).

5-KNĐ  Tổng hợp ý kiến nhận xét (chi ủy / chi bộ)
6-KNĐ  Nghị quyết của chi bộ đề nghị kết nạp đảng viên
7-KNĐ  Báo cáo thẩm định của đảng ủy bộ phận
8-KNĐ  Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên
9-KNĐ  Quyết định kết nạp đảng viên
CV-TTLL Công văn đề nghị thẩm tra lý lịch

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
from dossier.context import (
    Candidate,
    candidate_values,
    committee_name,
    committee_word,
    date_of,
    document_number,
    header_names,
    place_of,
    resolution_reference,
    signer,
)
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.register import registered_number
from dossier.forms.common import compiled_for_chi_bo, committee_vote, formatted_date, meeting, member

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


# ------------------------------------------------------------ 5-KNĐ

def _opinion_givers(c: Candidate, on: dt.date | None) -> list[str]:
    """The organisations asked for an opinion: the Youth Union and the trade
    union at work or school, then the chi ủy where the candidate lives."""
    d = c.data
    intro = d.get("gioi_thieu") or {}
    unions = d.get("doan_the") or {}
    found = []
    youth = intro.get("doan_thanh_nien")
    if isinstance(youth, dict) and youth.get("co_quan"):
        found.append(youth["co_quan"])
    elif unions.get("doan_thanh_nien"):
        birth = date_of(d.get("ngay_sinh"))
        if birth is None or on is None or vietnamese.so_thang_tron(birth, on) <= c.ruleset.value("tuoi_thanh_nien_toi_da_thang"):
            found.append("Tổ chức Đoàn Thanh niên Cộng sản Hồ Chí Minh nơi làm việc (học tập)")
    trade = intro.get("cong_doan")
    if isinstance(trade, dict) and trade.get("co_quan"):
        found.append(trade["co_quan"])
    elif isinstance(unions.get("cong_doan"), dict):
        place = unions["cong_doan"].get("noi_vao")
        found.append(f"Ban Chấp hành {place}" if place else "Tổ chức Công đoàn nơi làm việc")
    if not found:
        found.append(f"Tổ chức đoàn thể nơi làm việc (học tập): {BLANK}")
    home = d.get("thuong_tru") or d.get("tam_tru")
    found.append(f"Chi ủy (chi bộ) nơi cư trú: {home}" if home else f"Chi ủy (chi bộ) nơi cư trú: {BLANK}")
    return found


@candidate_form("5-KNĐ")
def opinions(c: Candidate) -> list[Rendered]:
    """Mẫu 5-KNĐ: Tổng hợp ý kiến nhận xét của tổ chức đoàn thể nơi làm việc
    và chi ủy nơi cư trú đối với người xin vào Đảng (reconstructed, §6.3)."""
    milestone = c.milestone("y_kien")
    if not milestone:
        raise NotReady("chưa có ngày tổng hợp ý kiến nhận xét của đoàn thể và nơi cư trú (moc.y_kien)")
    day = date_of(milestone.get("ngay"))
    body = c.chi_bo
    superior, issuer = header_names(c.org, body, day)
    author, signed = compiled_for_chi_bo(c, day)
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "BC", body.get("ky_hieu", "CB")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body, day), day),
            "ky": signed,
            "noi_nhan": ["- Đảng viên trong chi bộ,", "- Lưu hồ sơ người xin vào Đảng."],
        },
        "uv": candidate_values(c, day),
        "yk": {
            "chu_the": author,
            "to_chuc": [
                {"ten": name, "y_kien": [f"Ưu điểm: {DOTTED_LINE}", DOTTED_LINE,
                                         f"Khuyết điểm: {DOTTED_LINE}", DOTTED_LINE]}
                for name in _opinion_givers(c, day)
            ],
            "nhan_xet_chung": _to_fill(2),
            "ket_luan": (f"Trên đây là kết quả tổng hợp ý kiến nhận xét đối với quần chúng {c.data['ho_ten']},"
                         " báo cáo chi bộ xem xét."),
        },
    }
    entry = _entry("5-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "5-KND")]


# ------------------------------------------------------------ 6-KNĐ

@candidate_form("6-KNĐ")
def chi_bo_resolution(c: Candidate) -> list[Rendered]:
    """Mẫu 6-KNĐ: Nghị quyết của chi bộ đề nghị kết nạp đảng viên."""
    milestone = c.milestone("nghi_quyet_chi_bo")
    if not milestone:
        raise NotReady("chưa có nghị quyết chi bộ đề nghị kết nạp (moc.nghi_quyet_chi_bo)")
    figures = meeting(c, milestone, "moc.nghi_quyet_chi_bo")
    body = c.chi_bo
    day = date_of(milestone.get("ngay"))
    superior, issuer = header_names(c.org, body, day)
    next_levels = [b for b in (_section(c), _grassroots(c)) if b is not None] or [_decider(c)[0]]
    where = milestone.get("dia_diem")
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "NQ", body.get("ky_hieu", "CB")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body, day), day),
            "ky": signer(c.org, body, "Chi bộ"),
            "noi_nhan": [f"- {_committee_name(b)}," for b in next_levels] + ["- Lưu Chi bộ."],
        },
        "uv": candidate_values(c, day),
        "nq": {
            "ngay_hop": _cap_first(_date_text(milestone.get("ngay"))),
            "dia_diem": f", tại {where}" if where else "",
            **figures,
            "de_nghi": _proposal(c, "Chi bộ", "chi_bo"),
        },
        "hs": {
            "so_luoc": _summary(c, day),
            "uu_khuyet": _strengths_weaknesses(lines=2),
            "chinh_tri": _political_standing(c),
        },
    }
    entry = _entry("6-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "6-KND")]


# ------------------------------------------------------------ 7-KNĐ

@candidate_form("7-KNĐ")
def section_report(c: Candidate) -> list[Rendered]:
    """Mẫu 7-KNĐ: Báo cáo thẩm định của đảng ủy bộ phận (only when the chi
    bộ sits under a đảng bộ bộ phận)."""
    section = _section(c)
    if section is None:
        raise NotReady("chi bộ không trực thuộc đảng bộ bộ phận: không cần báo cáo thẩm định")
    if not c.milestone("nghi_quyet_chi_bo"):
        raise NotReady("chưa có nghị quyết chi bộ đề nghị kết nạp (moc.nghi_quyet_chi_bo)")
    milestone = c.milestone("bao_cao_dang_uy_bo_phan")
    day = date_of(milestone.get("ngay"))
    superior, issuer = header_names(c.org, section, day)
    addressee = c.org.ancestor(section, "co_so") or c.org.parent(section) or _decider(c)[0]
    author = _committee_name(section)
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "BC", section.get("ky_hieu", "ĐU")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, section, day), day),
            "ky": signer(c.org, section, committee_word(section)),
            "noi_nhan": ["- Như trên,", f"- {c.chi_bo['ten']},", "- Lưu Đảng ủy bộ phận."],
        },
        "uv": candidate_values(c, day),
        "bc": {
            "kinh_gui": _committee_name(addressee),
            "co_quan_bao_cao": author,
            "nghi_quyet_chi_bo": resolution_reference(c.milestone("nghi_quyet_chi_bo"), "NQ", c.chi_bo),
            "bieu_quyet_chi_bo": _chi_bo_vote_sentence(c),
            "ket_luan": _proposal(c, f"{author} nhất trí với đề nghị của {c.chi_bo['ten']} và", "bo_phan"),
        },
        "hs": {
            "tom_tat": _summary_text(c, day),
            "tai_lieu": _documents(c),
            "tieu_chuan": _standards(c),
            "chinh_tri": _political_standing(c),
        },
    }
    entry = _entry("7-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "7-KND")]


# ------------------------------------------------------------ 8-KNĐ

@candidate_form("8-KNĐ")
def grassroots_resolution(c: Candidate) -> list[Rendered]:
    """Mẫu 8-KNĐ: Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên."""
    grassroots = _grassroots(c)
    if grassroots is None:
        raise NotReady("chi bộ không thuộc đảng ủy cơ sở nào khác cấp quyết định kết nạp:"
                       " không cần nghị quyết của đảng ủy cơ sở")
    if not c.milestone("nghi_quyet_chi_bo"):
        raise NotReady("chưa có nghị quyết chi bộ đề nghị kết nạp (moc.nghi_quyet_chi_bo)")
    section = _section(c)
    report = c.milestone("bao_cao_dang_uy_bo_phan")
    if section is not None and not report:
        raise NotReady("chưa có báo cáo thẩm định của đảng ủy bộ phận (moc.bao_cao_dang_uy_bo_phan)")
    milestone = c.milestone("nghi_quyet_dang_uy_co_so")
    day = date_of(milestone.get("ngay"))
    superior, issuer = header_names(c.org, grassroots, day)
    committee = _committee_name(grassroots)
    grounds = list(c.ruleset_on(date_of(milestone.get("ngay"))).grounds)
    grounds.append(f"Căn cứ Quy chế làm việc của {committee}"
                   + (f" nhiệm kỳ {c.org.data['nhiem_ky']};" if c.org.data.get("nhiem_ky") else ";"))
    proposal = (f"Xét đề nghị của {c.chi_bo['ten']} "
                f"({resolution_reference(c.milestone('nghi_quyet_chi_bo'), 'NQ', c.chi_bo)})")
    if section is not None:
        number = document_number(report.get("so"), "BC", section.get("ky_hieu", "ĐU"))
        proposal += (f" và Báo cáo thẩm định số {number} ngày {_short_date(report.get('ngay'))}"
                     f" của {_committee_name(section)}")
    grounds.append(proposal + ",")
    decider, decider_name = _decider(c)
    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "NQ", grassroots.get("ky_hieu", "ĐU")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, grassroots, day), day),
            "ky": signer(c.org, grassroots, committee_word(grassroots)),
            "noi_nhan": [f"- {decider_name},"]
            + ([f"- {_committee_name(section)},"] if section is not None else [])
            + [f"- {c.chi_bo['ten']},", "- Lưu Văn phòng Đảng ủy."],
        },
        "uv": candidate_values(c, day),
        "nq": {
            "can_cu": grounds,
            "ngay_hop": _cap_first(_date_text(milestone.get("ngay"))),
            "co_quan_hop": committee,
            "tap_the_quyet_nghi": vietnamese.in_hoa(committee),
            "cap_uy": committee_vote(milestone),
            "bieu_quyet_chi_bo": _chi_bo_vote_sentence(c),
            "de_nghi": (f"Đề nghị {decider_name} xem xét, quyết định kết nạp quần chúng {c.data['ho_ten']}"
                        " vào Đảng Cộng sản Việt Nam."),
            "thi_hanh": (f"{c.chi_bo['ten']}"
                         + (f", {_committee_name(section)}" if section is not None else "")
                         + " và các đồng chí cấp ủy viên theo chức năng, nhiệm vụ thực hiện Nghị quyết này."),
        },
        "hs": {
            "tom_tat": _summary_text(c, day),
            "tieu_chuan": _standards(c),
            "uu_khuyet": _strengths_weaknesses(lines=1),
            "chinh_tri": _political_standing(c),
        },
    }
    entry = _entry("8-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "8-KND")]


# ------------------------------------------------------------ 9-KNĐ

def vote_ground(collective: str, milestone: dict) -> str:
    """The deciding collective's vote as a ground of its decision (9-, 16-KNĐ):
    ``Căn cứ kết quả biểu quyết của Ban Thường vụ …: 7/7 đồng chí tán thành, đạt 100%;``."""
    vote = committee_vote(milestone)
    return (f"Căn cứ kết quả biểu quyết của {collective}: {vote['tan_thanh']}/{vote['so_tinh']} đồng chí tán thành,"
            f" đạt {vote['ty_le_tan_thanh']}{vote['ghi_chu']};")


@candidate_form("9-KNĐ")
def decision(c: Candidate) -> list[Rendered]:
    """Mẫu 9-KNĐ: Quyết định kết nạp đảng viên."""
    if not c.milestone("nghi_quyet_chi_bo"):
        raise NotReady("chưa có nghị quyết chi bộ đề nghị kết nạp (moc.nghi_quyet_chi_bo)")
    body, collective = c.bodies.decider, c.bodies.collective
    milestone = c.milestone("quyet_dinh_ket_nap")
    day = date_of(milestone.get("ngay"))
    superior, issuer = header_names(c.org, body, day)
    committee = body.get("ten_cap_uy") or body["ten"]
    rules = c.ruleset_on(date_of(milestone.get("ngay")))

    grounds = list(rules.grounds)
    grounds.append(f"Căn cứ Quy chế làm việc của {committee}"
                   + (f" nhiệm kỳ {c.org.data['nhiem_ky']};" if c.org.data.get("nhiem_ky") else ";"))
    grassroots = c.org.ancestor(c.chi_bo, "co_so")
    proposal = c.milestone("nghi_quyet_dang_uy_co_so")
    if grassroots is not None and grassroots is not body:
        # The decision answers the grassroots committee's proposal (8-KNĐ), not the chi bộ's.
        if not proposal:
            raise NotReady("chưa có nghị quyết của đảng ủy cơ sở đề nghị kết nạp (moc.nghi_quyet_dang_uy_co_so)")
        proposer = grassroots.get("ten_cap_uy") or grassroots["ten"]
        reference = resolution_reference(proposal, "NQ", grassroots)
    else:
        proposer = c.chi_bo["ten"]
        reference = resolution_reference(c.milestone("nghi_quyet_chi_bo"), "NQ", c.chi_bo)
    board = "Ban Xây dựng Đảng" if body.get("ban_xay_dung_dang") else None
    grounds.append(vote_ground(c.bodies.deciding_name, milestone))
    grounds.append(f"Xét đề nghị của {proposer} ({reference})" + (f" và của {board}," if board else ","))

    executors = ["Văn phòng Đảng ủy" if body.get("van_phong") else None, board]
    if grassroots is not None and grassroots is not body:
        executors.append(grassroots.get("ten_cap_uy") or grassroots["ten"])
    section = _section(c)
    if section is not None:
        executors.append(_committee_name(section))
    executors.append(c.chi_bo["ten"])
    who = ", ".join(e for e in executors if e) + f" và quần chúng {c.data['ho_ten']}"

    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "QĐ", body.get("ky_hieu", "ĐU")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body, day), day),
            "ky": signer(c.org, body, collective),
            "noi_nhan": ["- Như Điều 3,", "- Lưu Văn phòng Đảng ủy."],
        },
        "uv": candidate_values(c, day),
        "qd": {
            "can_cu": grounds,
            "tap_the_quyet_dinh": vietnamese.in_hoa(c.bodies.deciding_name),
            "du_bi_thang": str(rules.value("du_bi_thang")),
            "han_le_ket_nap": str(rules.value("han_le_ket_nap_ngay_lam_viec")),
            "thi_hanh": who,
        },
    }
    entry = _entry("9-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "9-KND")]


# ------------------------------------------------------------ CV-TTLL

def verification_destinations(c: Candidate) -> dict[str, list[dict]]:
    """Relatives to verify by letter, grouped by the committee that must verify
    them (compared by :func:`dossier.vietnamese.khoa_dia_danh`, printed as
    first spelled), in the order they first appear. Relatives in the sending
    committee's own commune are left out: it verifies them directly
    (:mod:`dossier.verification`)."""
    return {d.name: [r for _, r in d.relatives] for d in verification.plan(c).letters}


def relative_rows(relatives: list[dict]) -> list[dict]:
    """The relatives of a verification letter, ready to print. A relative who
    is a Party member is marked: the committee where that member is active
    confirms current politics, not political history (38-HD/BTCTW §I.1.5)."""
    return [
        {
            "quan_he": r.get("quan_he", "") + (" (đảng viên)" if r.get("dang_vien") else ""),
            "ho_ten": r.get("ho_ten", ""),
            "nam_sinh": str(r.get("nam_sinh", "")),
            "noi_o": r.get("noi_o", ""),
            "nghe_nghiep": r.get("nghe_nghiep", ""),
        }
        for r in relatives
    ]


@candidate_form("CV-TTLL")
def verification_letters(c: Candidate) -> list[Rendered]:
    """Công văn đề nghị thẩm tra lý lịch: one letter per destination committee.
    The grassroots committee above the chi bộ sends it (the chi bộ itself when
    it is a grassroots chi bộ). Each letter's number and date come from its
    ``tham_tra`` record (the number else from the register)."""
    found = verification.plan(c)
    if not found.letters:
        if found.own is not None:
            raise NotReady(f"mọi người thân cần thẩm tra đều ở nơi của {verification.committee_name(found.sender)}:"
                           " cấp ủy tự thẩm tra, không gửi công văn")
        raise NotReady("không có người thân nào cần thẩm tra (gia_dinh[].tham_tra)")
    body = found.sender
    superior, issuer = header_names(c.org, body)
    common = {
        "cap_tren": superior,
        "co_quan": issuer,
        "trich_yeu": "V/v thẩm tra lý lịch người xin vào Đảng",
        "ky": signer(c.org, body, committee_word(body)),
    }
    entry = _entry("CV-TTLL")
    letters = []
    for index, destination in enumerate(found.letters, start=1):
        record = destination.record or {}
        number = record.get("so")
        if not isinstance(number, int):  # from the register (dossier numbers allocate --to …)
            number = registered_number(c.doc.path, "CV-TTLL", destination.name)
        values = {
            "van_ban": {**common, **dict(zip(("cap_tren", "co_quan"), header_names(c.org, body, destination.sent))),
                        "so_ky_hieu": document_number(number, "CV", body.get("ky_hieu", "ĐU")),
                        "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body, destination.sent), destination.sent),
                        "noi_nhan": ["- Như trên,", f"- {c.chi_bo['ten']},", "- Lưu Văn phòng."]},
            "uv": candidate_values(c, destination.sent),
            "tt": {
                "kinh_gui": destination.name,
                "co_quan_de_nghi": verification.committee_name(body),
                "nguoi_than": relative_rows([r for _, r in destination.relatives]),
            },
        }
        letters.append(Rendered(entry.code, f"{entry.title} — gửi {destination.name}", entry.template, values,
                                f"CV-TTLL-{index:02d}"))
    return letters
