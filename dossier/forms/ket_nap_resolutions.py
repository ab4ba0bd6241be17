"""The proposals and the decision of the admission stage:

6-KNĐ  Nghị quyết của chi bộ đề nghị kết nạp đảng viên
7-KNĐ  Báo cáo thẩm định của đảng ủy bộ phận
8-KNĐ  Nghị quyết của đảng ủy cơ sở đề nghị kết nạp đảng viên
9-KNĐ  Quyết định kết nạp đảng viên

What they print about the candidate comes from :mod:`dossier.forms.ket_nap_facts`.
"""

from __future__ import annotations

from dossier import vietnamese
from dossier.context import (
    Candidate,
    candidate_values,
    committee_word,
    date_of,
    document_number,
    resolution_reference,
    signer,
)
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.common import committee_vote, letterhead, meeting
from dossier.forms.ket_nap_facts import (
    _cap_first,
    _chi_bo_vote_sentence,
    _committee_name,
    _date_text,
    _decider,
    _documents,
    _entry,
    _grassroots,
    _political_standing,
    _proposal,
    _section,
    _short_date,
    _standards,
    _strengths_weaknesses,
    _summary,
    _summary_text,
)


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
    next_levels = [b for b in (_section(c), _grassroots(c)) if b is not None] or [_decider(c)[0]]
    where = milestone.get("dia_diem")
    values = {
        "van_ban": {
            **letterhead(c, body, milestone, "NQ", "CB"),
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
    addressee = c.org.ancestor(section, "co_so") or c.org.parent(section) or _decider(c)[0]
    author = _committee_name(section)
    values = {
        "van_ban": {
            **letterhead(c, section, milestone, "BC", "ĐU"),
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
            **letterhead(c, grassroots, milestone, "NQ", "ĐU"),
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
            **letterhead(c, body, milestone, "QĐ", "ĐU"),
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
