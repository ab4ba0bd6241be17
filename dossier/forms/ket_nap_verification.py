"""CV-TTLL Công văn đề nghị thẩm tra lý lịch: one letter per committee that
must verify the candidate's relatives (:mod:`dossier.verification`).
"""

from __future__ import annotations

from dossier import verification, vietnamese
from dossier.context import Candidate, candidate_values, committee_word, document_number, header_names, place_of, signer
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.ket_nap_facts import _entry
from dossier.register import registered_number


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
