"""The outcome of a batch run (a class, or the people built outside any class)
and its report: ``summary.json`` for machines (its format is
:mod:`dossier.outputs`'), and the status of each dossier (:mod:`dossier.batch`
makes the outcome). For people, ``dossier build`` writes one office board of
every batch, ``OUT/bang-theo-doi.html`` (:mod:`dossier.board_pages`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from dossier import case_end, catalog
from dossier.build import BuildResult
from dossier.findings import ERROR, WARNING, Finding
from dossier.fsutil import write_text

SUMMARY_FILE = "summary.json"


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
    check: object = None  # the checker's dossier.check.CheckReport on the candidates (dossier.batch_check)

    @property
    def failed(self) -> list[BuildResult]:
        return [r for r in self.candidates if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not any(f.is_error for f in self.findings + self.skipped)


# a dossier's status: a code for machines (summary.json), its label for people
STATUS_OK = "complete"
STATUS_MISSING = "missing_documents"  # built, but documents of the plan are still missing (result.missing)
STATUS_REVIEW = "needs_review"  # built, but the checker found an error (eligibility, dates…)
STATUS_INCOMPLETE = "incomplete"  # built, but a document failed: the bundle is …-chua-du.pdf (dossier.incomplete)
STATUS_FAILED = "failed"
STATUS_ENDED = "ended"  # built; the case ended (withdrew, refused, moved…): nothing left to do
STATUS_LABELS = {STATUS_OK: "hoàn thành", STATUS_MISSING: "còn thiếu", STATUS_REVIEW: "cần xem lại",
                 STATUS_INCOMPLETE: "chưa đủ", STATUS_FAILED: "lỗi", STATUS_ENDED: case_end.STATUS_ENDED}


def status(result: BuildResult) -> str:
    """The status code of a dossier (STATUS_LABELS)."""
    if result.incomplete:
        return STATUS_INCOMPLETE
    if not result.ok:
        return STATUS_FAILED
    if any(f.is_error for f in result.checks):
        return STATUS_REVIEW
    if result.ended:
        return STATUS_ENDED
    return STATUS_MISSING if result.missing else STATUS_OK


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
