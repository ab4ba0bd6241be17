"""Votes: the chi bộ's resolutions and the committees' (``vote.insufficient``).

* Chi bộ (6-KNĐ, 13-KNĐ): at least 2/3 of its full members
  (``ty_le_tan_thanh_chi_bo``; 06-HD/TW §3.6b). The members counted are the full
  members less those not counted (``so_khong_tinh``: temporarily active
  elsewhere, excused and absent, suspended, prosecuted — 294-QĐ/TW §9.3.2).
* Đảng ủy cơ sở proposing admission or recognition (8-KNĐ, 15-KNĐ): at least
  2/3 of its committee members (``ty_le_dang_uy_co_so_de_nghi``; 06-HD/TW §3.6c, §4.5a).
* The decision (9-KNĐ, 16-KNĐ): more than half of the standing committee
  (``ty_le_ban_thuong_vu_quyet_dinh``; 06-HD/TW §3.7a, 294-QĐ/TW §9.3.4), or, when
  the deciding body (``tham_quyen_ket_nap.co_quan`` in to-chuc.yaml) is itself a
  đảng ủy cơ sở (``cap: co_so``, i.e. authorised to admit), at least 2/3 of all its
  committee members (``ty_le_dang_uy_duoc_uy_quyen_quyet_dinh``; 06-HD/TW §3.7a
  second paragraph, 294-QĐ/TW §4.3.2a).

A committee's members counted are ``so_thanh_vien`` less ``so_khong_tinh``
(294-QĐ/TW §9.3.3). Thresholds are ``{ty_le: "a/b", so_sanh: it_nhat | tren}``
in the ruleset (a plain number is read as "at least" that fraction), compared
exactly with fractions. A vote short of its threshold must be reported upward
in full (06-HD/TW §5.1): the finding says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from dossier import stage, vietnamese
from dossier.findings import ERROR, WARNING, Finding
from dossier.rules import RuleContext
from dossier.vote_figures import counted

CHI_BO = {"nghi_quyet_chi_bo": "đề nghị kết nạp",
          "nghi_quyet_cong_nhan_chi_bo": "đề nghị công nhận đảng viên chính thức"}
PROPOSALS = ("nghi_quyet_dang_uy_co_so", "nghi_quyet_cong_nhan_dang_uy")
DECISIONS = ("quyet_dinh_ket_nap", "quyet_dinh_cong_nhan")
NOT_COUNTED = ("chuyển sinh hoạt đảng tạm thời nơi khác, được miễn công tác và sinh hoạt đảng mà vắng mặt, "
               "bị đình chỉ sinh hoạt đảng, bị khởi tố, truy tố, tạm giam")
REPORT_UP = ("Biểu quyết không đủ tỷ lệ thì phải báo cáo đầy đủ kết quả biểu quyết lên cấp ủy có thẩm quyền "
             "xem xét, quyết định (06-HD/TW §5.1).")
_WORDS = {Fraction(1, 2): "một nửa", Fraction(2, 3): "hai phần ba", Fraction(3, 4): "ba phần tư"}


@dataclass(frozen=True)
class Share:
    """A voting threshold: ``ratio`` of the members counted, reached at
    (``strict`` False: "ít nhất") or only above it (``strict``: "trên")."""

    ratio: Fraction
    strict: bool

    @classmethod
    def of(cls, value) -> "Share":
        if isinstance(value, dict):
            return cls(Fraction(str(value["ty_le"])), value.get("so_sanh") == "tren")
        return cls(Fraction(str(value)).limit_denominator(100), False)

    def met(self, yes: int, members: int) -> bool:
        share = Fraction(yes, members)
        return share > self.ratio if self.strict else share >= self.ratio

    def needed(self, members: int) -> int:
        """The fewest votes that meet the threshold."""
        exact = self.ratio * members
        return math.floor(exact) + 1 if self.strict else math.ceil(exact)

    @property
    def text(self) -> str:
        """``ít nhất hai phần ba``, ``trên một nửa``."""
        words = _WORDS.get(self.ratio, f"{self.ratio.numerator}/{self.ratio.denominator}")
        return f"{'trên' if self.strict else 'ít nhất'} {words}"


def check(ctx: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    moc = ctx.candidate.data.get("moc") or {}
    for name, purpose in CHI_BO.items():
        if isinstance(moc.get(name), dict):
            findings += _chi_bo(ctx, name, purpose, moc[name])
    for name in PROPOSALS + DECISIONS:
        if isinstance(moc.get(name), dict):
            findings += _committee(ctx, name, moc[name])
    return findings


def _chi_bo(ctx: RuleContext, name: str, purpose: str, m: dict) -> list[Finding]:
    yes, figures = m.get("tan_thanh"), counted(m, "so_chinh_thuc")
    if not isinstance(yes, int) or figures is None or figures[1] <= 0:
        return []  # figures that cannot be true: vote.inconsistent (consistency)
    full, members = figures
    share = Share.of(ctx.value("ty_le_tan_thanh_chi_bo"))
    if share.met(yes, members):
        return []
    base = (f"{members} đảng viên chính thức ({full} trừ {full - members} người không tính: {NOT_COUNTED}; "
            f"294-QĐ/TW §9.3.2)" if members != full else "tổng số đảng viên chính thức của chi bộ")
    return [ctx.finding(
        ERROR, "vote.insufficient",
        f"Nghị quyết chi bộ {purpose}: chỉ {yes}/{members} đảng viên chính thức tán thành "
        f"({vietnamese.phan_tram(yes, members)}), chưa đạt {share.text} (cần ít nhất {share.needed(members)}) "
        f"trên {base}. {REPORT_UP}",
        ("moc", name, "tan_thanh"), ("ty_le_tan_thanh_chi_bo",),
        tan_thanh=yes, so_tinh=members, can_it_nhat=share.needed(members))]


def _committee(ctx: RuleContext, name: str, m: dict) -> list[Finding]:
    yes, figures = m.get("tan_thanh"), counted(m, "so_thanh_vien")
    where = ("moc", name)
    given = [k for k in ("so_thanh_vien", "tan_thanh", "so_khong_tinh") if k in m]
    if given and not {"so_thanh_vien", "tan_thanh"} <= set(given):
        return [ctx.finding(WARNING, "vote.inconsistent",
                            f"Số liệu biểu quyết của {_body(ctx, name)}: cần khai cả so_thanh_vien (số thành viên) và "
                            f"tan_thanh (số tán thành) để kiểm tra tỷ lệ; mới có {', '.join(given)}.",
                            where + (given[0],))]
    if not isinstance(yes, int) or figures is None:
        return []
    written, members = figures
    if members <= 0 or yes > members:
        problem = (f"số không tính ({written - members}) phải nhỏ hơn số thành viên ({written})" if members <= 0
                   else f"số tán thành ({yes}) lớn hơn số thành viên được tính ({members})")
        return [ctx.finding(ERROR, "vote.inconsistent", f"Số liệu biểu quyết của {_body(ctx, name)}: {problem}.",
                            where + ("tan_thanh" if members > 0 else "so_khong_tinh",))]
    threshold = _threshold(ctx, name)
    share = Share.of(ctx.value(threshold))
    if share.met(yes, members):
        return []
    of_whom = {"ty_le_dang_uy_co_so_de_nghi": "số cấp ủy viên",
               "ty_le_dang_uy_duoc_uy_quyen_quyet_dinh": "tổng số cấp ủy viên (đảng ủy cơ sở được ủy quyền "
                                                         "quyết định)",
               "ty_le_ban_thuong_vu_quyet_dinh": "số thành viên " + _collective(ctx)}[threshold]
    left_out = (f"; {written} thành viên trừ {written - members} người không tính "
                "(chuyển sinh hoạt tạm thời không có mặt, bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam; "
                "294-QĐ/TW §9.3.3)" if members != written else "")
    return [ctx.finding(
        ERROR, "vote.insufficient",
        f"{stage.label(name)}: chỉ {yes}/{members} tán thành ({vietnamese.phan_tram(yes, members)}), chưa đạt "
        f"{share.text} {of_whom} (cần ít nhất {share.needed(members)}/{members}{left_out}). {REPORT_UP}",
        where + ("tan_thanh",), (threshold,), tan_thanh=yes, so_tinh=members, can_it_nhat=share.needed(members))]


def authorised_grassroots(ctx: RuleContext) -> bool:
    """Whether the deciding body is a đảng ủy cơ sở (authorised to admit): its
    ``cap`` in to-chuc.yaml is ``co_so``."""
    org = ctx.candidate.org
    body = org.bodies.get((org.data.get("tham_quyen_ket_nap") or {}).get("co_quan")) or {}
    return body.get("cap") == "co_so"


def _threshold(ctx: RuleContext, name: str) -> str:
    if name in PROPOSALS:
        return "ty_le_dang_uy_co_so_de_nghi"
    return "ty_le_dang_uy_duoc_uy_quyen_quyet_dinh" if authorised_grassroots(ctx) else "ty_le_ban_thuong_vu_quyet_dinh"


def _collective(ctx: RuleContext) -> str:
    """The collective that decides, as to-chuc.yaml names it (``Ban Thường vụ``)."""
    return (ctx.candidate.org.data.get("tham_quyen_ket_nap") or {}).get("tap_the") or "Ban Thường vụ"


def _body(ctx: RuleContext, name: str) -> str:
    return stage.label(name)[:1].lower() + stage.label(name)[1:]
