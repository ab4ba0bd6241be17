"""``CV-GHS`` Công văn gửi hồ sơ đề nghị kết nạp: the grassroots committee's
letter sending the class's ready dossiers to the deciding committee, one per
grassroots committee. Shared values: :mod:`dossier.forms.lop_common`.
"""

from __future__ import annotations

from dossier import catalog, conditions
from dossier.classes import ClassData
from dossier.context import Candidate, collective_name, committee_word, header_names, resolution_reference, signer
from dossier.forms import NotNeeded, NotReady, Rendered, class_form
from dossier.forms.lop_common import (
    _by_name,
    _committee,
    _count,
    _deciding,
    _entry,
    _grounds_sentence,
    _in_org_order,
    _numbered,
    _sender,
    _short_date,
    class_values,
)


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
