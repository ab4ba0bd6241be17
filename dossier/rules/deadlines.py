"""Deadlines in Vietnamese working days (ruleset ``thoi_han``).

Each deadline runs from a step (``tu``), optionally plus some months
(``thang``: the 12 months of probation), plus a number of working days
(``ngay_lam_viec``) counted on the organisation's calendar
(:mod:`dossier.workdays`), and is met by a later step (``den``):

* met on or before the due date: fine;
* met after it: ``deadline.late`` — a warning while within the extension the
  ruleset allows (``gia_han``), otherwise the deadline's severity (``muc_do``);
* not met and the due date has passed: ``deadline.overdue`` (same severity);
* not met and due within the window (``--window`` working days): ``deadline.upcoming``;
* a ``loai: moc`` entry is the earliest day of ``den`` instead (the end of
  probation): ``den`` before it is ``deadline.too_early``.

Each deadline is judged by the ruleset in force on the day it starts (a chi
bộ resolution of 20/6/2025 has the deadline of 232-QĐ/TW, one of 10/7/2025 that
of 294-QĐ/TW). Every open deadline is also listed in the report with its due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from dossier import stage, vietnamese
from dossier.findings import ERROR, WARNING, Finding
from dossier.rules import SEVERITY_WORDS, RuleContext, day_text, lower_first


@dataclass
class Deadline:
    """One deadline of one candidate, for the report."""

    code: str  # e.g. quyet_dinh_ket_nap
    title: str  # Vietnamese
    start: dt.date
    due: dt.date
    done: dt.date | None
    state: str  # dung_han | tre_han | qua_han | sap_den_han | con_han | som_hon_quy_dinh | da_qua_moc | chua_den_moc
    working_days_left: int | None
    source: str
    rule: str  # how the due date is computed, in Vietnamese

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("start", "due", "done"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


STATE_LABELS = {
    "dung_han": "đúng hạn",
    "tre_han": "trễ hạn",
    "qua_han": "quá hạn",
    "sap_den_han": "sắp đến hạn",
    "con_han": "còn hạn",
    "som_hon_quy_dinh": "sớm hơn quy định",
    "da_qua_moc": "đã qua",
    "chua_den_moc": "chưa đến",
}


def check(ctx: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for item in ctx.ruleset.deadlines:
        findings += _one(ctx, item)
    return findings


def _one(ctx: RuleContext, item: dict) -> list[Finding]:
    c = ctx.candidate
    start = stage.date(c, item["tu"])
    if start is None:
        return []
    ctx = ctx.at(start)  # the deadline of the rules in force the day it starts
    item = next((i for i in ctx.ruleset.deadlines if i["ma"] == item["ma"]), None)
    if item is None:
        return []
    end_step = stage.STEP_BY_POINT.get(item["den"])
    if end_step is not None and not stage.applies(c, end_step):
        return []
    months_name, days_name, extension_name = item.get("thang"), item.get("ngay_lam_viec"), item.get("gia_han")
    thresholds = tuple(n for n in (days_name, months_name) if n)
    base = vietnamese.cong_thang(start, int(ctx.value(months_name))) if months_name else start
    due = ctx.calendar.add_working_days(base, int(ctx.value(days_name))) if days_name else base
    rule = _rule_text(ctx, item, start, base, due)
    done_dated = stage.dates(c, item["den"])
    done = max((d.date for d in done_dated), default=None)
    title = item.get("ten", item["ma"])
    severity = SEVERITY_WORDS.get(item.get("muc_do", "loi"), ERROR)
    note = f" ({item['ghi_chu']})" if item.get("ghi_chu") else ""
    # an entry may cite the text that sets it (``nguon``/``tin_cay``) beside its thresholds' sources
    own = f"{item['nguon']} [tin cậy {item.get('tin_cay', 'C')}]" if item.get("nguon") else ""

    def cited(names: tuple) -> dict:
        return {"source": "; ".join(filter(None, [own, ctx.source(*names)])),
                "certainty": max([str(item.get("tin_cay", "A")) if own else "A", ctx.certainty(*names)])}

    source = cited(thresholds)["source"]
    extra = {"thoi_han": item["ma"], "han": due.isoformat(), "bat_dau": start.isoformat()}
    start_field = stage.dates(c, item["tu"])[0].location
    end_field = done_dated[0].location if done_dated else start_field

    def record(state: str, left: int | None = None) -> None:
        ctx.deadlines.append(Deadline(item["ma"], title, start, due, done, state, left, source, rule))

    findings: list[Finding] = []
    if item.get("loai") == "moc":  # the earliest day of `den`
        if done is not None:
            if done < due:
                record("som_hon_quy_dinh")
                findings.append(ctx.finding(
                    severity, "deadline.too_early",
                    f"{stage.label(item['den'])} ngày {day_text(done)} trước ngày {lower_first(title)} "
                    f"({day_text(due)}, {rule}){note}.", end_field, thresholds, **cited(thresholds), **extra))
            else:
                record("da_qua_moc")
            return findings
        if ctx.as_of < due:
            left = ctx.calendar.working_days_between(ctx.as_of, due)
            record("chua_den_moc", left)
            if left <= ctx.window:
                findings.append(ctx.finding(
                    WARNING, "deadline.upcoming",
                    f"{title} ngày {day_text(due)} ({rule}), còn {left} ngày làm việc: chuẩn bị "
                    f"{lower_first(stage.label(item['den']))}.", start_field, thresholds, **cited(thresholds),
                    con_lai_ngay_lam_viec=left, **extra))
        else:
            record("da_qua_moc")
        return findings

    if done is not None:
        if done <= due:
            record("dung_han")
            return findings
        late = ctx.calendar.working_days_between(due, done)
        record("tre_han", -late)
        level, allowance = severity, ""
        if extension_name:
            limit = ctx.calendar.add_working_days(due, int(ctx.value(extension_name)))
            if done <= limit:
                level = WARNING
                allowance = (f"; còn trong thời gian gia hạn tối đa {ctx.value(extension_name)} ngày làm việc "
                             f"(đến {day_text(limit)}), chỉ dùng cho trường hợp đặc biệt")
            thresholds = thresholds + (extension_name,)
        findings.append(ctx.finding(
            level, "deadline.late",
            f"{stage.label(item['den'])} ngày {day_text(done)} chậm {late} ngày làm việc so với hạn "
            f"{day_text(due)} ({rule}){allowance}{note}.", end_field, thresholds, **cited(thresholds),
            tre_ngay_lam_viec=late, **extra))
        return findings

    if ctx.as_of > due:
        late = ctx.calendar.working_days_between(due, ctx.as_of)
        record("qua_han", -late)
        allowance = ""
        if extension_name:
            limit = ctx.calendar.add_working_days(due, int(ctx.value(extension_name)))
            allowance = (f"; thời gian gia hạn tối đa {ctx.value(extension_name)} ngày làm việc "
                         f"{'đến ' + day_text(limit) if ctx.as_of <= limit else 'cũng đã hết ngày ' + day_text(limit)}")
            thresholds = thresholds + (extension_name,)
        findings.append(ctx.finding(
            severity, "deadline.overdue",
            f"Quá hạn {lower_first(title)}: hạn là {day_text(due)} ({rule}), đến ngày {day_text(ctx.as_of)} "
            f"chưa có ({'.'.join(stage.field_path(item['den']))}), đã quá {late} ngày làm việc{allowance}{note}.",
            start_field, thresholds, **cited(thresholds), qua_ngay_lam_viec=late, **extra))
        return findings

    left = ctx.calendar.working_days_between(ctx.as_of, due)
    if left <= ctx.window:
        record("sap_den_han", left)
        findings.append(ctx.finding(
            WARNING, "deadline.upcoming",
            f"Sắp đến hạn {lower_first(title)}: hạn là {day_text(due)} ({rule}), còn {left} ngày làm việc.",
            start_field, thresholds, **cited(thresholds), con_lai_ngay_lam_viec=left, **extra))
    else:
        record("con_han", left)
    return findings


def _rule_text(ctx: RuleContext, item: dict, start: dt.date, base: dt.date, due: dt.date) -> str:
    """``60 ngày làm việc kể từ nghị quyết chi bộ đề nghị kết nạp ngày 10/11/2026``."""
    what = f"{lower_first(stage.label(item['tu']))} ngày {day_text(start)}"
    parts = []
    if item.get("thang"):
        parts.append(f"{ctx.value(item['thang'])} tháng")
    if item.get("ngay_lam_viec"):
        parts.append(f"{ctx.value(item['ngay_lam_viec'])} ngày làm việc")
    text = " và ".join(parts) + f" kể từ {what}"
    if item.get("thang") and item.get("ngay_lam_viec"):
        text = (f"{ctx.value(item['ngay_lam_viec'])} ngày làm việc sau khi đủ {ctx.value(item['thang'])} tháng "
                f"({day_text(base)}) kể từ {what}")
    holidays = ctx.calendar.days_off_between(base, due) if item.get("ngay_lam_viec") else []
    if holidays:
        text += f"; không tính {len(holidays)} ngày nghỉ lễ, Tết trùng ngày thường"
    return text
