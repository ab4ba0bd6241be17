"""``CV-TTLL-LOP`` Công văn đề nghị thẩm tra lý lịch for a whole class: one
letter per (sending committee, destination committee), listing per candidate
the relatives to verify there. Shared values: :mod:`dossier.forms.lop_common`.
"""

from __future__ import annotations

from dossier import verification, vietnamese
from dossier.classes import ClassData
from dossier.context import Candidate, candidate_values, committee_word, header_names, signer
from dossier.forms import NotReady, Rendered, class_form
from dossier.forms.ket_nap_verification import relative_rows, verification_destinations
from dossier.forms.lop_common import (
    DOTS,
    _by_name,
    _committee,
    _count,
    _entry,
    _in_org_order,
    _numbered,
    _sender,
    class_values,
)


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
