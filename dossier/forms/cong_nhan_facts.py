"""What the documents of the official-recognition stage (giai đoạn công nhận
đảng viên chính thức, Mẫu 12-KNĐ … 16-KNĐ) share: the probation, the
deciding committee, the admission decision, the chi bộ's checked resolution,
Party seniority. The documents: :mod:`dossier.forms.cong_nhan_chi_bo` (12-,
13-KNĐ) and :mod:`dossier.forms.cong_nhan_committees` (14-, 15-, 16-KNĐ).

Each document is drafted as soon as the step before it is in the data, like
9-KNĐ: its own number and date come from its milestone when there is one, and
are left blank to write by hand otherwise.

* 12-KNĐ (chi bộ): after the admission ceremony.
* 13-KNĐ (chi bộ resolution): needs the meeting figures, ``moc.nghi_quyet_cong_nhan_chi_bo``.
* 14-KNĐ (đảng ủy bộ phận): after 13-KNĐ, only when the chi bộ sits in a đảng bộ bộ phận.
* 15-KNĐ (đảng ủy cơ sở): after 13-KNĐ (and 14-KNĐ where it applies), only when the
  grassroots committee is not itself the deciding committee.
* 16-KNĐ (decision): after the proposal of the level just below the deciding committee.

Rules used (domain notes §7): probation is ``du_bi_thang`` months from the
ceremony; the member becomes official on the day those months are complete
(``vietnamese.cong_thang``: a 29/02 ceremony completes on 28/02), even when the
chi bộ or the committee decides later; the chi bộ meets only after that day; at
least 2/3 of the chi bộ's full members must approve (``ty_le_tan_thanh_chi_bo``),
the member under consideration still counting as probationary; Party seniority
(tuổi đảng) counts from the date of the admission decision (Điều lệ Đ5.4;
24-QĐ/TW §4.5.1), and for a re-admitted member from the first admission,
less the time outside the Party (§4.5.2).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from dossier import catalog, vietnamese
from dossier.context import (
    Candidate,
    candidate_values,
    date_of,
    document_number,
    resolution_reference,
)
from dossier.forms import NotReady, Rendered
from dossier.forms.common import formatted_date, meeting


#: A line of dots for a number or name to write by hand in running text.
DOTS = "…………"
#: A value ending in a tab: docxtpl prints a tab, and the template paragraph's right tab
#: stop with a dot leader turns it into dots to the end of the line.
TO_FILL = "\t"


# ------------------------------------------------------------------ helpers

def _rendered(code: str, values: dict, stem: str) -> list[Rendered]:
    entry = catalog.entry(code)
    return [Rendered(entry.code, entry.title, entry.template, values, stem)]


def _name(body: dict) -> str:
    """A body as it acts: its committee (``Đảng ủy …``), or the chi bộ itself."""
    return body.get("ten_cap_uy") or body["ten"]


def _words(date: dt.date) -> str:
    """``ngày 08 tháng 5 năm 2026``: a date in the body, as the forms print it."""
    return vietnamese.ngay_thang_nam(date)


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(date: dt.date | None) -> str:
    return vietnamese.ngay_van_ban(date) if date else DOTS


def probation(c: Candidate) -> tuple[dt.date, dt.date]:
    """(ceremony date, the day the probation is complete = official from)."""
    ceremony = date_of(c.milestone("le_ket_nap").get("ngay"))
    if ceremony is None:
        raise NotReady("chưa có lễ kết nạp (moc.le_ket_nap): chưa tính được thời gian dự bị")
    return ceremony, vietnamese.cong_thang(ceremony, int(c.ruleset.value("du_bi_thang")))


def official_from(c: Candidate) -> dt.date:
    """The date from which the member is official: ceremony + probation months."""
    return probation(c)[1]


def authority(c: Candidate) -> tuple[dict, str, str]:
    """The deciding committee: (body, collective that decides, how it is named in running
    text, e.g. ``Ban Thường vụ Đảng ủy phường Bình Minh``)."""
    return c.bodies.decider, c.bodies.collective, c.bodies.deciding_name


def _section(c: Candidate) -> dict | None:
    """The đảng ủy bộ phận above the chi bộ, if any."""
    return c.bodies.section


def _grassroots_proposes(c: Candidate) -> dict | None:
    """The grassroots committee when it proposes to a deciding committee above it
    (15-KNĐ applies); None when it decides itself or does not exist."""
    return c.bodies.proposing_grassroots


def _readmitted(c: Candidate) -> bool:
    return bool(c.data.get("ket_nap_lai"))


def _admitted_word(c: Candidate) -> str:
    return "kết nạp lại" if _readmitted(c) else "kết nạp"


def admission_decision(c: Candidate, dated: bool = True) -> str:
    """``Quyết định số 31-QĐ/ĐU ngày 9/9/2025 của Ban Thường vụ Đảng ủy phường Bình Minh``."""
    milestone = c.milestone("quyet_dinh_ket_nap")
    body, _, phrase = authority(c)
    text = f"Quyết định số {document_number(milestone.get('so'), 'QĐ', body.get('ky_hieu', 'ĐU'))}"
    if dated and date_of(milestone.get("ngay")):
        text += f" ngày {formatted_date(milestone['ngay'])}"
    return f"{text} của {phrase}"


def chi_bo_resolution(c: Candidate) -> tuple[dict, dict]:
    """The chi bộ's recognition resolution and its meeting figures, checked.

    NotReady when it is not in the data, when the chi bộ met before the end of
    the probation, when the member under consideration is not counted as
    probationary, or when fewer than 2/3 of the full members approved (then the
    chi bộ proposes striking the name off instead, not recognition)."""
    milestone = c.milestone("nghi_quyet_cong_nhan_chi_bo")
    if not milestone:
        raise NotReady("chưa có nghị quyết chi bộ đề nghị công nhận đảng viên chính thức "
                       "(moc.nghi_quyet_cong_nhan_chi_bo)")
    figures = meeting(c, milestone, "moc.nghi_quyet_cong_nhan_chi_bo")
    _, complete = probation(c)
    held = date_of(milestone.get("ngay"))
    if held is not None and held < complete:
        raise NotReady(f"chi bộ họp xét công nhận ngày {vietnamese.ngay_van_ban(held)}, trước khi đảng viên "
                       f"đủ {c.ruleset.value('du_bi_thang')} tháng dự bị (ngày {vietnamese.ngay_van_ban(complete)})")
    full, yes = int(figures["chinh_thuc_tinh"]), milestone["tan_thanh"]
    if int(figures["du_bi"]) < 1:
        raise NotReady("moc.nghi_quyet_cong_nhan_chi_bo: tổng số đảng viên phải lớn hơn số đảng viên chính thức, "
                       "vì đảng viên đang được xét vẫn là đảng viên dự bị tại cuộc họp")
    needed = Fraction(c.ruleset.value("ty_le_tan_thanh_chi_bo")).limit_denominator(100)
    if Fraction(yes, full) < needed:
        raise NotReady(f"nghị quyết chi bộ chỉ có {yes}/{full} đảng viên chính thức tán thành "
                       f"({vietnamese.phan_tram(yes, full)}), chưa đạt {needed.numerator}/{needed.denominator}: "
                       "không đủ điều kiện đề nghị công nhận chính thức")
    return milestone, figures


def _chi_bo_reference(c: Candidate, milestone: dict) -> str:
    return f"{resolution_reference(milestone, 'NQ', c.chi_bo)} của {c.chi_bo['ten']}"


def _member_common(c: Candidate, on: dt.date | None = None) -> dict:
    """The probationary member and the dates of the probation, ready to print
    (place names of ``on``, the document's date)."""
    ceremony, complete = probation(c)
    values = candidate_values(c, on)
    values.update({
        "ngay_ket_nap": vietnamese.ngay_van_ban(ceremony),
        "ngay_chinh_thuc": vietnamese.ngay_van_ban(complete),
        "ket_nap": _admitted_word(c),
    })
    return values


def _recognition_sentence(c: Candidate, words: bool = False) -> str:
    """``words``: the date as ``ngày 23 tháng 9 năm 2026`` (the chi bộ resolution, whose
    other dates are written so); else ``ngày 23/9/2026`` as the committees' documents."""
    _, complete = probation(c)
    return (f"công nhận đồng chí {c.data['ho_ten']} là đảng viên chính thức kể từ "
            + (_words(complete) if words else f"ngày {vietnamese.ngay_van_ban(complete)}"))


def seniority(c: Candidate) -> str:
    """The sentence on Party seniority (tuổi đảng) for the decision."""
    name = c.data["ho_ten"]
    decision = c.milestone("quyet_dinh_ket_nap")
    decided = date_of(decision.get("ngay"))
    if decided is None:
        raise NotReady("chưa có ngày của quyết định kết nạp (moc.quyet_dinh_ket_nap): "
                       "chưa xác định được tuổi đảng")
    readmission = c.data.get("ket_nap_lai")
    if readmission:
        first = formatted_date(readmission.get("ngay_ket_nap_lan_dau"))
        left = formatted_date(readmission.get("ngay_ra_khoi_dang"))
        return (f"Tuổi đảng của đồng chí {name} được tính từ ngày ghi trong quyết định kết nạp lần đầu "
                f"(vào Đảng lần đầu ngày {first}), trừ thời gian không tham gia sinh hoạt đảng "
                f"từ ngày {left} đến ngày {vietnamese.ngay_van_ban(decided)}.")
    return (f"Tuổi đảng của đồng chí {name} được tính từ ngày {vietnamese.ngay_van_ban(decided)} (ngày ghi "
            f"trong {admission_decision(c, dated=False)} về việc kết nạp đảng viên).")
