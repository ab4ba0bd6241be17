"""The outcome of a batch run (a class, or the people built outside any class)
and its reports: ``summary.json`` for machines (its format is
:mod:`dossier.outputs`'), ``bao-cao.html`` for people, and the status of each
dossier (:mod:`dossier.batch` makes the outcome).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from dossier import case_end, catalog
from dossier.build import BuildResult
from dossier.findings import ERROR, WARNING, Finding, format_text
from dossier.fsutil import write_text

SUMMARY_FILE = "summary.json"
REPORT_FILE = "bao-cao.html"


@dataclass
class ClassOutcome:
    source: str
    name: str
    folder: Path
    candidates: list[BuildResult] = field(default_factory=list)
    class_documents: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # about the class itself
    is_class: bool = True  # False: the people built outside any class (build_outside_classes)
    skipped: list[Finding] = field(default_factory=list)  # files not built, with the reason

    @property
    def failed(self) -> list[BuildResult]:
        return [r for r in self.candidates if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not any(f.is_error for f in self.findings + self.skipped)


# a dossier's status: a code for machines (summary.json), its label for people
STATUS_OK = "complete"
STATUS_REVIEW = "needs_review"  # built, but the checker found an error (eligibility, dates…)
STATUS_INCOMPLETE = "incomplete"  # built, but a document failed: the bundle is …-chua-du.pdf (dossier.incomplete)
STATUS_FAILED = "failed"
STATUS_ENDED = "ended"  # built; the case ended (withdrew, refused, moved…): nothing left to do
STATUS_LABELS = {STATUS_OK: "hoàn thành", STATUS_REVIEW: "cần xem lại", STATUS_INCOMPLETE: "chưa đủ",
                 STATUS_FAILED: "lỗi",
                 STATUS_ENDED: case_end.STATUS_ENDED}


def status(result: BuildResult) -> str:
    """The status code of a dossier (STATUS_LABELS)."""
    if result.incomplete:
        return STATUS_INCOMPLETE
    if not result.ok:
        return STATUS_FAILED
    if any(f.is_error for f in result.checks):
        return STATUS_REVIEW
    return STATUS_ENDED if result.ended else STATUS_OK


def status_text(result: BuildResult) -> str:
    """The status's label, with the reason of an ended case: ``đã kết thúc: rút đơn, không tiếp tục``."""
    code = status(result)
    text = STATUS_LABELS[code]
    if code == STATUS_ENDED:
        text += ": " + result.ended["ten_ly_do"][:1].lower() + result.ended["ten_ly_do"][1:]
    return text


def summary(outcome: ClassOutcome) -> dict:
    """``summary.json`` (the format is dossier.outputs')."""
    from dossier import outputs

    return outputs.summary(outcome, status, STATUS_LABELS)


def summary_rows(outcome: ClassOutcome) -> list[tuple[str, str, str, str, str, str]]:
    """(candidate, stage, pages, status, what is missing or wrong, status code) — one row per dossier."""
    rows = []
    for r in outcome.candidates:
        problems = [f"{f.code}: {f.message}" for f in r.findings + r.checks if f.severity in (ERROR, WARNING)]
        missing = [code for _, code, _ in r.missing]
        note = "; ".join(problems + ([f"chưa có: {', '.join(missing)}"] if missing else []))
        if not r.bundles:
            rows.append((r.name or r.source, "—", "—", status_text(r), note, status(r)))
        for i, b in enumerate(r.bundles):
            rows.append((r.name if i == 0 else "", catalog.STAGE_TITLES[b.stage], str(b.pages), status_text(r),
                         note if i == 0 else "", status(r)))
    return rows


def write_reports(outcome: ClassOutcome) -> None:
    write_text(outcome.folder / SUMMARY_FILE, json.dumps(summary(outcome), ensure_ascii=False, indent=2))
    write_text(outcome.folder / REPORT_FILE, _html(outcome))


def _html(outcome: ClassOutcome) -> str:
    e = html.escape
    rows = "\n".join(
        f"<tr class=\"{'' if code in (STATUS_OK, STATUS_ENDED) else 'loi'}\"><td>{e(name)}</td><td>{e(stage)}</td>"
        f"<td class=\"so\">{e(pages)}</td><td>{e(label)}</td><td>{e(note)}</td></tr>"
        for name, stage, pages, label, note, code in summary_rows(outcome))
    class_notes = "".join(f"<li>{e(format_text(f))}</li>" for f in outcome.findings)
    documents = "".join(f"<li>{e(p.name)}</li>" for p in outcome.class_documents)
    skipped = "".join(f"<li>{e(format_text(f))}</li>" for f in outcome.skipped)
    documents = f"<h2>Văn bản của lớp</h2><ul>{documents or '<li>(không có)</li>'}</ul>" if outcome.is_class else ""
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo lập hồ sơ — {e(outcome.name)}</title>
<style>body{{font-family:"Times New Roman",serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #888;padding:4px 8px;vertical-align:top}}th{{background:#eee}}
tr.loi td{{background:#fde8e8}}td.so{{text-align:right}}</style></head><body>
<h1>Báo cáo lập hồ sơ: {e(outcome.name)}</h1>
<p>{len(outcome.candidates)} người; {len(outcome.candidates) - len(outcome.failed)} hồ sơ dựng xong
(trong đó {sum(status(r) == STATUS_REVIEW for r in outcome.candidates)} cần xem lại vì có lỗi khi kiểm tra điều kiện,
thời hạn), {len(outcome.failed)} hồ sơ không dựng được.</p>
<table><tr><th>Người xin vào Đảng</th><th>Hồ sơ</th><th>Số trang</th><th>Tình trạng</th>
<th>Còn thiếu hoặc cần sửa</th></tr>
{rows}
</table>
{documents}
{"<h2>Lưu ý về tệp lớp</h2><ul>" + class_notes + "</ul>" if class_notes else ""}
{"<h2>Tệp không dựng</h2><ul>" + skipped + "</ul>" if skipped else ""}
</body></html>
"""
