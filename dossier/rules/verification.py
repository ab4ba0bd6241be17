"""Verification of the personal history (thẩm tra lý lịch), per destination.

From the candidate's ``tham_tra`` records and ``gia_dinh[].tham_tra``
(:mod:`dossier.verification`):

* ``verification.reply_overdue`` / ``verification.reply_late`` /
  ``verification.reply_upcoming``: the committee asked must answer within 30
  working days in Vietnam, 90 abroad (06-HD/TW §3.4, ruleset
  ``han_tra_loi_tham_tra_*``). The text counts from the day the committee
  *receives* the letter, which the data does not hold, so the toolkit counts
  from the day it was sent and only warns;
* ``verification.not_sent``: a destination without a letter sent while others
  have one; ``verification.unknown_destination``: a record naming no relative's
  destination;
* ``verification.own_committee``: relatives in the sending committee's own
  commune, which it verifies directly (no letter);
* ``verification.near_duplicate``: two destinations that differ by one letter
  ("An Khánh" / "An Khang"), never merged; silenced by listing the pair in
  ``noi_tham_tra_khac_nhau`` (to-chuc.yaml). :func:`across` does the same
  between the candidates of one check.
"""

from __future__ import annotations

from dossier import verification
from dossier.context import Candidate
from dossier.findings import INFO, WARNING, Finding
from dossier.rules import RuleContext, day_text
from dossier.rules.deadlines import Deadline

DOMESTIC = "han_tra_loi_tham_tra_trong_nuoc_ngay_lam_viec"
ABROAD = "han_tra_loi_tham_tra_nuoc_ngoai_ngay_lam_viec"
SOURCE = "06-HD/TW §3.4c"


def check(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    plan = verification.plan(c)
    findings: list[Finding] = []
    if plan.own is not None:
        index, relative = plan.own.relatives[0]
        who = ", ".join(f"{r.get('quan_he', '')} {r.get('ho_ten', '')}".strip() for _, r in plan.own.relatives)
        findings.append(ctx.finding(
            INFO, "verification.own_committee",
            f"{who} ở nơi của chính {verification.committee_name(plan.sender)} ('{plan.own.name}'): không gửi"
            " công văn đề nghị thẩm tra cho chính mình; cấp ủy trực tiếp thẩm tra, xác minh và ghi kết quả"
            " (có thể ghi một mục tham_tra cho nơi này để lưu ngày và kết quả).",
            ("gia_dinh", index, "tham_tra"), source=SOURCE))
    firsts = {d.name: d.relatives[0][0] for d in plan.all}
    for a, b in plan.near:
        findings.append(_near(ctx.finding, a, b, ("gia_dinh", firsts[b], "tham_tra"), "cùng hồ sơ này"))
    for index, record in plan.orphans:
        findings.append(ctx.finding(
            WARNING, "verification.unknown_destination",
            f"không người thân nào có gia_dinh[].tham_tra là '{record.get('noi_tham_tra', '')}', hoặc nơi này"
            " đã có một mục tham_tra khác; ghi noi_tham_tra đúng như tên nơi thẩm tra của người thân.",
            ("tham_tra", index, "noi_tham_tra")))
    if any(d.sent for d in plan.letters):
        for d in plan.letters:
            if not d.sent:
                path = ("tham_tra", d.record_index) if d.record else ("gia_dinh", d.relatives[0][0], "tham_tra")
                findings.append(ctx.finding(
                    WARNING, "verification.not_sent",
                    f"chưa ghi công văn đề nghị thẩm tra gửi {d.name} (tham_tra[].ngay_gui): chưa thể có đủ"
                    " kết quả thẩm tra lý lịch.", path))
    for d in plan.letters:
        if d.sent:
            findings += _deadline(ctx, d)
    return findings


def _near(make, a: str, b: str, location, where: str) -> Finding:
    return make(
        WARNING, "verification.near_duplicate",
        f"nơi thẩm tra '{b}' chỉ khác '{a}' ({where}) một chữ: nếu viết nhầm, sửa cho giống nhau để gộp"
        " chung công văn; nếu đúng là hai nơi, thêm cặp này vào noi_tham_tra_khac_nhau trong to-chuc.yaml.",
        location)


def _deadline(ctx: RuleContext, d: verification.Destination) -> list[Finding]:
    name = ABROAD if d.abroad else DOMESTIC
    days = int(ctx.value(name))
    due = ctx.calendar.add_working_days(d.sent, days)
    where = "ở nước ngoài" if d.abroad else "trong nước"
    rule = (f"{days} ngày làm việc ({where}) tính từ ngày gửi công văn {day_text(d.sent)}; quy định tính từ"
            " ngày nơi đó nhận được công văn, dữ liệu không có ngày nhận nên chỉ cảnh báo")
    title = f"Trả lời thẩm tra lý lịch của {d.name}"
    extra = {"noi_tham_tra": d.name, "han": due.isoformat(), "bat_dau": d.sent.isoformat()}
    path = ("tham_tra", d.record_index)

    def record(state: str, left: int | None = None) -> None:
        ctx.deadlines.append(Deadline("tra_loi_tham_tra", title, d.sent, due, d.replied, state, left,
                                      ctx.source(name), rule))

    if d.replied is not None:
        if d.replied <= due:
            record("dung_han")
            return []
        late = ctx.calendar.working_days_between(due, d.replied)
        record("tre_han", -late)
        return [ctx.finding(
            WARNING, "verification.reply_late",
            f"{d.name} trả lời kết quả thẩm tra ngày {day_text(d.replied)}, chậm {late} ngày làm việc so với hạn"
            f" {day_text(due)} ({rule}).", (*path, "ngay_tra_loi"), (name,), tre_ngay_lam_viec=late, **extra)]
    if ctx.as_of > due:
        late = ctx.calendar.working_days_between(due, ctx.as_of)
        record("qua_han", -late)
        return [ctx.finding(
            WARNING, "verification.reply_overdue",
            f"{d.name} chưa trả lời kết quả thẩm tra lý lịch: hạn là {day_text(due)} ({rule}), đến ngày"
            f" {day_text(ctx.as_of)} đã quá {late} ngày làm việc; đôn đốc nơi này hoặc cử đảng viên đi thẩm tra.",
            (*path, "ngay_gui"), (name,), qua_ngay_lam_viec=late, **extra)]
    left = ctx.calendar.working_days_between(ctx.as_of, due)
    if left <= ctx.window:
        record("sap_den_han", left)
        return [ctx.finding(
            INFO, "verification.reply_upcoming",
            f"Sắp đến hạn {d.name} trả lời kết quả thẩm tra: hạn là {day_text(due)} ({rule}), còn {left} ngày"
            " làm việc.", (*path, "ngay_gui"), (name,), con_lai_ngay_lam_viec=left, **extra)]
    record("con_han", left)
    return []


def across(candidates: list[Candidate]) -> list[Finding]:
    """Near-duplicate destinations between different candidates of one
    organisation (the class letters group them): one warning per pair, at the
    later candidate's relative."""
    findings: list[Finding] = []
    seen: dict[str, tuple[str, Candidate]] = {}  # key -> (first spelling, candidate)
    for c in candidates:
        mine = {}
        for d in verification.plan(c).letters:
            mine[d.key] = d
        for key, d in mine.items():
            for other_key, (other_name, other) in seen.items():
                if other is c or other.org.doc.path != c.org.doc.path or other_key == key:
                    continue
                if verification.near_duplicates(c.org.data, [other_name, d.name]):
                    location = c.doc.location(("gia_dinh", d.relatives[0][0], "tham_tra"))
                    findings.append(_near(
                        lambda sev, code, msg, loc: Finding(sev, code, msg, loc), other_name, d.name, location,
                        f"hồ sơ {other.data.get('ho_ten', '')}"))
        for key, d in mine.items():
            seen.setdefault(key, (d.name, c))
    return findings

