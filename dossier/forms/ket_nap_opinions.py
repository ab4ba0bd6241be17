"""Mẫu 5-KNĐ: Tổng hợp ý kiến nhận xét của tổ chức đoàn thể nơi làm việc và
chi ủy nơi cư trú (chi ủy / chi bộ), reconstructed (domain notes §6.3); the
opinions themselves are dotted lines to fill in (:mod:`dossier.forms.ket_nap_facts`).
"""

from __future__ import annotations

import datetime as dt

from dossier import vietnamese
from dossier.context import Candidate, candidate_values, date_of
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.common import compiled_for_chi_bo, letterhead
from dossier.forms.ket_nap_facts import BLANK, DOTTED_LINE, _entry, _to_fill


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
    author, signed = compiled_for_chi_bo(c, day)
    values = {
        "van_ban": {
            **letterhead(c, body, milestone, "BC", "CB"),
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
