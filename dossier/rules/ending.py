"""An ended case (``ket_thuc``; :mod:`dossier.case_end`): what the checker says about it.

* ``case_end.ended`` (info): the case ended on a day, for a reason, with its source;
* ``case_end.future`` (warning): the end date is after the day of the check;
* ``case_end.step_after_end`` (warning): a step dated after the end of the case;
* ``case_end.transfer_missing`` (warning): the case ended by a move
  (``chuyen_sinh_hoat``) without the transfer record (06-HD/TW §3.9).

What an ended case no longer needs (open deadlines, next documents) is dropped
from the findings by :func:`dossier.case_end.settle`.
"""

from __future__ import annotations

from dossier import case_end, stage
from dossier.findings import INFO, WARNING, Finding
from dossier.rules import RuleContext, day_text


def check(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    end = case_end.of(c)
    if end is None:
        return []
    reason = end.reason
    extra = {"ket_thuc": end.to_dict()}
    note = f" {end.note.rstrip('.')}." if end.note else ""
    paper = f" Văn bản: {end.document}." if end.document else ""
    findings = [ctx.finding(
        INFO, "case_end.ended",
        f"Hồ sơ đã kết thúc ngày {day_text(end.date)}: {reason.label} — {reason.description}{note}{paper} "
        "Không còn thời hạn hay bước nào phải làm.",
        ("ket_thuc", "ly_do"), source=reason.source, certainty=reason.certainty, **extra)]
    if end.date > ctx.as_of:
        findings.append(ctx.finding(
            WARNING, "case_end.future",
            f"Ngày kết thúc hồ sơ ({day_text(end.date)}) sau ngày kiểm tra ({day_text(ctx.as_of)}); kiểm tra lại "
            "ket_thuc.ngay.", ("ket_thuc", "ngay")))
    for step in stage.STEPS:
        for dated in stage.dates(c, step.point):
            if dated.date > end.date:
                findings.append(ctx.finding(
                    WARNING, "case_end.step_after_end",
                    f"{step.label} ngày {day_text(dated.date)} sau ngày kết thúc hồ sơ ({day_text(end.date)}): "
                    "kiểm tra lại ngày, hoặc bỏ ket_thuc nếu hồ sơ vẫn tiếp tục.", dated.location))
    if reason.code == "chuyen_sinh_hoat" and not end.transfers:
        findings.append(ctx.finding(
            WARNING, "case_end.transfer_missing",
            "Hồ sơ kết thúc vì chuyển đến tổ chức đảng khác nhưng chưa khai quá trình chuyển (chuyen_sinh_hoat: "
            "ngày, chuyển từ đâu, đến tổ chức đảng nào, ngày gửi hồ sơ).", ("ket_thuc", "ly_do"),
            source=reason.source, certainty=reason.certainty))
    return findings
