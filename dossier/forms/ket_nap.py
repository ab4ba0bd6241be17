"""Documents of the admission stage (giai đoạn kết nạp)."""

from __future__ import annotations

from dossier import catalog, vietnamese
from dossier.context import (
    Candidate,
    candidate_values,
    committee_word,
    date_of,
    document_number,
    header_names,
    place_of,
    resolution_reference,
    signer,
)
from dossier.errors import DataError
from dossier.forms import NotReady, Rendered, candidate_form


def _entry(code: str):
    return catalog.entry(code)


@candidate_form("9-KNĐ")
def decision(c: Candidate) -> list[Rendered]:
    """Mẫu 9-KNĐ: Quyết định kết nạp đảng viên."""
    if not c.milestone("nghi_quyet_chi_bo"):
        raise NotReady("chưa có nghị quyết chi bộ đề nghị kết nạp (moc.nghi_quyet_chi_bo)")
    authority = c.org.data.get("tham_quyen_ket_nap") or {}
    body = c.org.bodies.get(authority.get("co_quan"))
    if body is None:
        raise DataError("chưa khai báo cơ quan có thẩm quyền kết nạp (tham_quyen_ket_nap.co_quan)",
                        path=c.org.doc.display)
    collective = authority.get("tap_the") or committee_word(body)
    superior, issuer = header_names(c.org, body)
    milestone = c.milestone("quyet_dinh_ket_nap")
    committee = body.get("ten_cap_uy") or body["ten"]

    grounds = list(c.ruleset.grounds)
    grounds.append(f"Căn cứ Quy chế làm việc của {committee}"
                   + (f" nhiệm kỳ {c.org.data['nhiem_ky']};" if c.org.data.get("nhiem_ky") else ";"))
    grassroots = c.org.ancestor(c.chi_bo, "co_so")
    proposal = c.milestone("nghi_quyet_dang_uy_co_so")
    if grassroots is not None and grassroots is not body and proposal:
        proposer = grassroots.get("ten_cap_uy") or grassroots["ten"]
        reference = resolution_reference(proposal, "NQ", grassroots)
    else:
        proposer = c.chi_bo["ten"]
        reference = resolution_reference(c.milestone("nghi_quyet_chi_bo"), "NQ", c.chi_bo)
    board = "Ban Xây dựng Đảng" if body.get("ban_xay_dung_dang") else None
    grounds.append(f"Xét đề nghị của {proposer} ({reference})" + (f" và của {board}," if board else ","))

    executors = ["Văn phòng Đảng ủy" if body.get("van_phong") else None, board]
    if grassroots is not None and grassroots is not body:
        executors.append(grassroots.get("ten_cap_uy") or grassroots["ten"])
    executors.append(c.chi_bo["ten"])
    who = ", ".join(e for e in executors if e) + f" và quần chúng {c.data['ho_ten']}"

    values = {
        "van_ban": {
            "cap_tren": superior,
            "co_quan": issuer,
            "so_ky_hieu": document_number(milestone.get("so"), "QĐ", body.get("ky_hieu", "ĐU")),
            "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body), date_of(milestone.get("ngay"))),
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
    entry = _entry("9-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "9-KND")]


def verification_destinations(c: Candidate) -> dict[str, list[dict]]:
    """Relatives to verify, grouped by the committee that must verify them,
    in the order they first appear."""
    groups: dict[str, list[dict]] = {}
    for member in c.data.get("gia_dinh") or []:
        where = member.get("tham_tra")
        if isinstance(where, str) and where.strip():
            groups.setdefault(where.strip(), []).append(member)
    return groups


@candidate_form("CV-TTLL")
def verification_letters(c: Candidate) -> list[Rendered]:
    """Công văn đề nghị thẩm tra lý lịch: one letter per destination committee.
    The grassroots committee above the chi bộ sends it (the chi bộ itself when
    it is a grassroots chi bộ)."""
    destinations = verification_destinations(c)
    if not destinations:
        raise NotReady("không có người thân nào cần thẩm tra (gia_dinh[].tham_tra)")
    body = c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo
    superior, issuer = header_names(c.org, body)
    sender = body.get("ten_cap_uy") or body["ten"]
    milestone = c.milestone("tham_tra_ly_lich")
    sent = milestone.get("ngay_de_nghi") or milestone.get("ngay")
    common = {
        "cap_tren": superior,
        "co_quan": issuer,
        "so_ky_hieu": document_number(milestone.get("so"), "CV", body.get("ky_hieu", "ĐU")),
        "dong_ngay": vietnamese.dong_ngay(place_of(c.org, body), date_of(sent)),
        "trich_yeu": "V/v thẩm tra lý lịch người xin vào Đảng",
        "ky": signer(c.org, body, committee_word(body)),
    }
    entry = _entry("CV-TTLL")
    letters = []
    for index, (destination, relatives) in enumerate(destinations.items(), start=1):
        values = {
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
        }
        letters.append(Rendered(entry.code, f"{entry.title} — gửi {destination}", entry.template, values,
                                f"CV-TTLL-{index:02d}"))
    return letters
