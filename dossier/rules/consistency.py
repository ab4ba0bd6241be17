"""Whether the data agrees with itself and with the procedure.

* ``date.order``: a step dated before a step that must come first (the pairs of
  the ruleset's ``thu_tu_moc``; e.g. a decision dated before the chi bộ resolution);
* ``milestone.missing``: a later step is recorded but an earlier one that applies
  is not (an error for essential steps, a warning otherwise);
* ``date.future``: a step dated after the day of the check (steps are recorded
  only once done);
* ``vote.inconsistent``: meeting figures that cannot all be true;
* ``vote.members_mismatch``: figures that differ from the member list of
  ``to-chuc.yaml`` counted at the meeting date.
"""

from __future__ import annotations

from dossier import stage, vietnamese
from dossier.context import date_of
from dossier.findings import ERROR, WARNING, Finding
from dossier.rules import RuleContext, day_text, lower_first

# Points with a rule of their own (certificate.missing, introducer.*, readmission.*).
_OWN_RULES = {"chung_nhan_nhan_thuc", "gioi_thieu", "dong_y_ket_nap_lai"}


def check(ctx: RuleContext) -> list[Finding]:
    return _order(ctx) + _future(ctx) + _vote_figures(ctx)


def _pairs(ctx: RuleContext):
    for item in ctx.ruleset.order:
        later = item.get("sau")
        for point in later if isinstance(later, list) else [later]:
            yield item["truoc"], point, item.get("nguon", ""), str(item.get("tin_cay", "C"))


def _cited(ctx: RuleContext, before: str, after: str, day, source: str, certainty: str):
    """The context, source and certainty of the rules in force on ``day`` (the
    later step's) for the pair, when those rules state it too."""
    there = ctx.at(day)
    for pair in _pairs(there):
        if pair[:2] == (before, after):
            return there, pair[2], pair[3]
    return ctx, source, certainty


def _order(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    findings: list[Finding] = []
    violations: dict = {}  # (later point, field) -> (later Dated, earlier Dated, earlier point, source, certainty)
    missing: dict = {}  # earlier point -> (later point, later Dated, source, certainty)
    for before, after, source, certainty in _pairs(ctx):
        earlier, later = stage.dates(c, before), stage.dates(c, after)
        if not later:
            continue
        if not earlier:
            step = stage.STEP_BY_POINT.get(before)
            if step and before not in _OWN_RULES and stage.applies(c, step) and before not in missing:
                missing[before] = (after, later[0], source, certainty)
            continue
        for late in later:
            for early in earlier:
                if late.date < early.date:
                    key = (after, late.field)
                    best = violations.get(key)
                    if best is None or early.date > best[1].date:
                        violations[key] = (late, early, before, source, certainty)
    for (after, _), (late, early, before, source, certainty) in violations.items():
        there, source, certainty = _cited(ctx, before, after, late.date, source, certainty)
        findings.append(there.finding(
            ERROR, "date.order",
            f"{stage.label(after)} ngày {day_text(late.date)} sớm hơn {lower_first(stage.label(before))} ngày "
            f"{day_text(early.date)}; {lower_first(stage.label(after))} phải có sau.",
            late.location, source=f"{source} [tin cậy {certainty}]", certainty=certainty,
            moc=after, moc_truoc=before))
    for before, (after, late, source, certainty) in missing.items():
        step = stage.STEP_BY_POINT[before]
        path = stage.field_path(before)
        there, source, certainty = _cited(ctx, before, after, late.date, source, certainty)
        findings.append(there.finding(
            ERROR if step.essential else WARNING, "milestone.missing",
            f"Đã có {lower_first(stage.label(after))} (ngày {day_text(late.date)}) nhưng chưa có "
            f"{lower_first(step.label)} ({'.'.join(path)}); hãy khai ngày của bước này.",
            path, source=f"{source} [tin cậy {certainty}]", certainty=certainty, moc=before))
    return findings


def _future(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    points = [s.point for s in stage.STEPS] + [p for p in stage.POINTS if p != "chung_nhan_nhan_thuc"]
    findings = []
    seen = set()
    for point in dict.fromkeys(points):
        for dated in stage.dates(c, point):
            if dated.date > ctx.as_of and dated.field not in seen:
                seen.add(dated.field)
                findings.append(ctx.finding(
                    WARNING, "date.future",
                    f"{stage.label(point)}: ngày {day_text(dated.date)} sau ngày kiểm tra ({day_text(ctx.as_of)}); "
                    "chỉ khai những bước đã xong (hoặc chạy lại với --as-of).",
                    dated.location, moc=point))
    return findings


def _vote_figures(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    findings: list[Finding] = []
    source = ctx.source("ty_le_tan_thanh_chi_bo")
    certainty = ctx.certainty("ty_le_tan_thanh_chi_bo")
    for name in ("nghi_quyet_chi_bo", "nghi_quyet_cong_nhan_chi_bo"):
        m = (c.data.get("moc") or {}).get(name)
        if not isinstance(m, dict):
            continue
        total, full, present, yes = (m.get(k) for k in ("tong_so_dang_vien", "so_chinh_thuc", "co_mat", "tan_thanh"))
        if not all(isinstance(v, int) for v in (total, full, present, yes)):
            continue
        absent = [a for a in m.get("vang_mat") or [] if isinstance(a, dict)]
        problems = []
        if full > total:
            problems.append((("so_chinh_thuc",), f"số đảng viên chính thức ({full}) lớn hơn tổng số ({total})"))
        if present > total:
            problems.append((("co_mat",), f"số có mặt ({present}) lớn hơn tổng số ({total})"))
        left_out = m.get("so_khong_tinh") if isinstance(m.get("so_khong_tinh"), int) else 0
        if left_out and left_out >= full:
            problems.append((("so_khong_tinh",), f"số không tính ({left_out}) phải nhỏ hơn số đảng viên chính thức "
                                                 f"({full})"))
        elif yes > full - left_out:
            problems.append((("tan_thanh",), f"số tán thành ({yes}) lớn hơn số đảng viên chính thức"
                                             + (f" được tính ({full} trừ {left_out} không tính)" if left_out
                                                else f" ({full})")))
        if yes > present:
            problems.append((("tan_thanh",), f"số tán thành ({yes}) lớn hơn số có mặt ({present})"))
        if m.get("vang_mat") is not None and present + len(absent) != total:
            problems.append((("vang_mat",), f"có mặt {present} cộng {len(absent)} người vắng mặt khác tổng số "
                                             f"{total}"))
        for field, text in problems:
            findings.append(ctx.finding(ERROR, "vote.inconsistent", f"Số liệu cuộc họp chi bộ: {text}.",
                                        ("moc", name, *field), source=source, certainty=certainty))
        if present < total and m.get("vang_mat") is None:
            findings.append(ctx.finding(
                WARNING, "vote.inconsistent",
                f"Số liệu cuộc họp chi bộ: vắng mặt {total - present} đảng viên nhưng không có danh sách vắng mặt "
                "và lý do (vang_mat).", ("moc", name, "co_mat"), source=source, certainty=certainty))
        findings += _against_members(ctx, name, m, total, full, source, certainty)
    return findings


def _against_members(ctx: RuleContext, name: str, m: dict, total: int, full: int, source, certainty):
    c = ctx.candidate
    day = date_of(m.get("ngay")) if m.get("ngay") else None
    if day is None:
        return []
    members = []
    for record in c.chi_bo.get("dang_vien") or []:
        joined = _date(record.get("ngay_vao_dang"))
        if joined is None or joined <= day:
            members.append(record)
    me = vietnamese.nfc(c.data.get("ho_ten", ""))
    counted_full = 0
    for record in members:
        official = _date(record.get("ngay_chinh_thuc"))
        if record.get("nghi_chuyen_sinh_hoat_tam_thoi") or vietnamese.nfc(record.get("ho_ten", "")) == me:
            continue
        if official is not None and official <= day:
            counted_full += 1
    left_out = m.get("so_khong_tinh") if isinstance(m.get("so_khong_tinh"), int) else 0
    if len(members) == total and full - left_out <= counted_full <= full:  # so_khong_tinh may name the transferred
        return []
    return [ctx.finding(
        WARNING, "vote.members_mismatch",
        f"Theo danh sách đảng viên của {c.chi_bo.get('ten', c.data.get('chi_bo'))} trong to-chuc.yaml, ngày họp "
        f"{day_text(day)} chi bộ có {len(members)} đảng viên, {counted_full} chính thức (không kể người chuyển "
        f"sinh hoạt tạm thời); nghị quyết ghi {total} và {full}. Nếu danh sách đã thay đổi sau ngày họp "
        "(chuyển đi, từ trần…) thì có thể bỏ qua.",
        ("moc", name, "tong_so_dang_vien"), source=source, certainty=certainty,
        theo_danh_sach={"tong_so_dang_vien": len(members), "so_chinh_thuc": counted_full})]


def _date(value):
    try:
        return vietnamese.parse_ngay(value) if value else None
    except ValueError:
        return None
