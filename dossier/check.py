"""``dossier check``: for every candidate, what stands between the dossier and
the next step.

For each candidate file (named, found below a named folder, or listed in a
named class file): the data is validated first (schema and references); if it
is sound, the candidate is resolved and every rule kind of :mod:`dossier.rules`
runs against it on the day ``as_of``. The result is one :class:`CandidateCheck`
per candidate — its stage, the next step, its findings and its deadlines —
plus the findings of the other files (organisation, classes).

Public entry points: :func:`check_paths` (what the CLI calls),
:func:`check_candidate` (one candidate, for a class build to include the same
findings in its report), and the reporters :func:`report_text` and
:func:`report_json`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dossier import case_end, rules, rulesets, stage, vietnamese
from dossier.rules import consistency, deadlines, documents, eligibility, ending, votes
from dossier.rules import verification as verification_rule
from dossier.context import open_candidate
from dossier.errors import DossierError
from dossier.findings import (
    ERROR,
    INFO,
    SEVERITY_LABELS,
    WARNING,
    Finding,
    Location,
    format_text,
    sort_key,
)
from dossier.catalog import STAGE_TITLES
from dossier.rules.deadlines import STATE_LABELS, Deadline
from dossier.rules.documents import DocumentStatus
from dossier.workdays import WorkCalendar
from dossier.numbers import validate_workspace
from dossier.workspace import (DocumentCache, ORG_FILE, collect_files, display_path, find_root, referenced_path,
                               shared_parsing)

_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
CERTAINTY_NOTE = ("Độ tin cậy của căn cứ: A — văn bản quy định; B — nguồn thứ cấp trích điều khoản; "
                  "C — thực tiễn địa phương, chưa kiểm chứng (chỉ cảnh báo, không báo lỗi).")


@dataclass
class CandidateCheck:
    """The check of one candidate."""

    file: str  # as displayed
    name: str = ""
    ruleset: str = ""
    stage: stage.Stage | None = None  # None when the data could not be checked
    last_step: str = ""  # the furthest step taken, with its date
    next_step: str = ""  # what comes next, empty when the process is over
    window: int = 0  # working days
    findings: list[Finding] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    documents: list[DocumentStatus] = field(default_factory=list)
    ended: dict | None = None  # CaseEnd.to_dict() of an ended case (dossier.case_end)
    chi_bo: str = ""  # the name of the candidate's chi bộ (the office board groups by it)
    class_name: str = ""  # the name of the class listing the candidate, if any
    candidate: object = field(default=None, repr=False, compare=False)  # the resolved Candidate, when checked

    @property
    def source(self) -> str:
        """The candidate file as displayed (same as ``BuildResult.source``)."""
        return self.file

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def to_dict(self) -> dict:
        from dossier import outputs

        return outputs.candidate_check(self)


@dataclass
class CheckReport:
    as_of: dt.date
    window_days: int | None  # None: each organisation's ruleset default
    candidates: list[CandidateCheck] = field(default_factory=list)
    other: list[Finding] = field(default_factory=list)  # findings of non-candidate files
    files_checked: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.candidates for f in c.findings] + self.other

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


# ------------------------------------------------------------------ checking


def check_paths(paths: list[Path], as_of: dt.date | None = None, window_days: int | None = None,
                plans: dict | None = None, kept: dict | None = None) -> CheckReport:
    """Check every candidate at or below ``paths`` (class files bring their
    students) on the day ``as_of`` (default: today); deadlines due within
    ``window_days`` working days (default: the ruleset's
    ``canh_bao_truoc_ngay_lam_viec``) are reported as upcoming. ``plans``
    (resolved candidate path -> its dossier.plan.DossierPlan, e.g. a build's)
    are used instead of resolving and planning those candidates again; ``kept``
    (resolved path -> CandidateCheck made for the same day from the same
    inputs, dossier.batch_kept) are taken as they are."""
    with shared_parsing():  # paths resolved and roots found once
        return _check_paths(paths, as_of or dt.date.today(), window_days, plans, kept)


def _check_paths(paths: list[Path], as_of: dt.date, window_days: int | None, plans: dict | None,
                 kept: dict | None = None) -> CheckReport:
    report = CheckReport(as_of, window_days)
    files, problems = collect_files([Path(p) for p in paths])
    cache = DocumentCache()
    files = _with_students(files, cache)
    validation = validate_workspace(files, cache)
    report.files_checked = validation.files_checked
    by_file: dict[str, list[Finding]] = {}
    for finding in problems + validation.findings:
        by_file.setdefault(finding.location.path if finding.location else "", []).append(finding)

    used: set[str] = set()
    roots: dict[Path, None] = {}
    for path in files:
        doc, _ = cache.get(path)
        if doc is None or doc.kind != "ung_vien":
            continue
        root = find_root(path)
        if root is not None:
            roots.setdefault(root)
        shown = display_path(path)
        related = [shown] + ([display_path(root / ORG_FILE)] if root else [])
        own = by_file.get(shown, [])
        used.add(shown)
        blocked = any(f.is_error for f in own) or any(
            f.is_error for name in related[1:] for f in by_file.get(name, []))
        plan = (plans or {}).get(path)
        earlier = (kept or {}).get(path) if window_days is None else None
        report.candidates.append(earlier or check_candidate(path, as_of, window_days, cache, own, blocked, plan))
    for name, found in by_file.items():
        if name not in used:
            report.other += found
    for root in roots:
        report.other += _organisation_findings(root, cache, as_of)
    report.other += _across_candidates(report, cache)
    return report


def _across_candidates(report: CheckReport, cache: DocumentCache) -> list[Finding]:
    """Findings between candidates: verification destinations that differ by one letter."""
    from dossier.rules import verification

    opened = []
    for cand in report.candidates:
        if cand.stage is None:
            continue
        if cand.candidate is not None:
            opened.append(cand.candidate)
            continue
        try:
            opened.append(open_candidate(Path(cand.file), cache))
        except (DossierError, OSError):
            continue
    return verification.across(opened)


def run_rules(ctx: rules.RuleContext) -> list[Finding]:
    """Every rule kind (dossier.rules) over one candidate."""
    findings: list[Finding] = []
    for module in (eligibility, votes, consistency, documents, deadlines, verification_rule, ending):
        findings += module.check(ctx)
    findings, ctx.deadlines = case_end.settle(ctx.candidate, findings, ctx.deadlines)  # an ended case: nothing to do
    return findings


def check_candidate(path: Path, as_of: dt.date | None = None, window_days: int | None = None,
                    cache: DocumentCache | None = None, validation: list[Finding] | None = None,
                    blocked: bool | None = None, plan=None) -> CandidateCheck:
    """Check one candidate file. ``validation`` are the findings of validating it
    (computed when not given); with errors among them the rules do not run.
    ``plan`` is the candidate's dossier plan when the caller has it (made for
    the same day): the candidate it resolved is checked, not resolved again."""
    as_of = as_of or dt.date.today()
    cache = cache or DocumentCache()
    if validation is None:
        everything = validate_workspace([path], cache).findings
        validation = [f for f in everything if f.location and f.location.path == display_path(path)]
        blocked = any(f.is_error for f in everything)
    result = CandidateCheck(display_path(path), findings=list(validation))
    if blocked if blocked is not None else any(f.is_error for f in validation):
        result.findings.append(Finding(
            INFO, "check.skipped",
            "Chưa kiểm tra điều kiện, tài liệu và thời hạn: hãy sửa các lỗi dữ liệu trước "
            f"(dossier validate {result.file}).", Location(result.file)))
        doc, _ = cache.get(path)
        if doc is not None and isinstance(doc.data, dict):
            result.name = str(doc.data.get("ho_ten", ""))
        return result
    if plan is not None and plan.as_of != as_of:
        plan = None
    try:
        c = plan.candidate if plan is not None else open_candidate(Path(path), cache)
    except DossierError as exc:
        result.findings.append(Finding(ERROR, "check.failed", exc.message, Location(exc.path or result.file, exc.line)))
        return result
    result.candidate = c
    ctx = rules.RuleContext(c, as_of, 0, WorkCalendar.for_organisation(c.org.data), plan=plan)
    ctx.window = window_days if window_days is not None else int(ctx.value("canh_bao_truoc_ngay_lam_viec"))
    result.name, result.ruleset, result.window = c.data.get("ho_ten", ""), ctx.ruleset.code, ctx.window
    result.chi_bo = str(c.chi_bo.get("ten", ""))
    if c.class_doc is not None and isinstance(c.class_doc.data, dict):
        result.class_name = str(c.class_doc.data.get("ten") or c.class_doc.data.get("ma") or "")
    position = stage.position(c)
    result.stage = position.stage
    if position.last is not None:
        when = stage.date(c, position.last.point)
        result.last_step = position.last.label + (f" ({vietnamese.ngay_ngan(when)})" if when else "")
    result.next_step = position.next.action if position.next else ""
    end = case_end.of(c)
    result.ended = end.to_dict() if end else None
    result.findings += run_rules(ctx)
    result.deadlines = ctx.deadlines
    result.documents = ctx.documents
    return result


def _with_students(files: list[Path], cache: DocumentCache) -> list[Path]:
    """``files`` plus the candidate files listed in the class files among them."""
    out = list(files)
    for path in files:
        doc, _ = cache.get(path)
        if doc is None or doc.kind != "lop":
            continue
        for entry in doc.data.get("hoc_vien") or []:
            if isinstance(entry, dict) and isinstance(entry.get("ho_so"), str):
                target = referenced_path(path.parent, entry["ho_so"])
                if target.is_file() and target not in out:
                    out.append(target)
    return out


def _organisation_findings(root: Path, cache: DocumentCache, as_of: dt.date) -> list[Finding]:
    """The ruleset an organisation names should be in force on the day of the check."""
    doc, _ = cache.get(root / ORG_FILE)
    if doc is None or not isinstance(doc.data, dict) or not doc.data.get("bo_quy_tac"):
        return []
    code = doc.data["bo_quy_tac"]
    try:
        ruleset = rulesets.load(code)
    except DossierError:
        return []
    start, end = ruleset.start, ruleset.end
    if not ruleset.in_force(as_of):
        span = f"từ {vietnamese.ngay_ngan(start) if start else '…'} đến {vietnamese.ngay_ngan(end) if end else 'nay'}"
        return [Finding(WARNING, "ruleset.not_in_force",
                        f"Bộ quy tắc '{code}' có hiệu lực {span}, không áp dụng cho ngày {vietnamese.ngay_ngan(as_of)}; "
                        "kiểm tra lại bo_quy_tac (các bộ có sẵn trong thư mục rulesets/).",
                        doc.location(("bo_quy_tac",)))]
    return []


# ------------------------------------------------------------------ reporting


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), sort_key(f)))


def _counts(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    notes = sum(f.severity == INFO for f in findings)
    return f"{errors} {SEVERITY_LABELS[ERROR]}, {warnings} {SEVERITY_LABELS[WARNING]}, {notes} {SEVERITY_LABELS[INFO]}"


def _deadline_line(d: Deadline) -> str:
    state = STATE_LABELS.get(d.state, d.state)
    if d.done is not None:
        tail = f"{state}: xong ngày {vietnamese.ngay_ngan(d.done)}, hạn {vietnamese.ngay_ngan(d.due)}"
    elif d.state in ("chua_den_moc", "da_qua_moc"):
        tail = f"ngày {vietnamese.ngay_ngan(d.due)} ({state})"
    else:
        tail = f"hạn {vietnamese.ngay_ngan(d.due)}, {state}"
        if d.working_days_left is not None:
            tail += (f", còn {d.working_days_left} ngày làm việc" if d.working_days_left >= 0
                     else f", quá {-d.working_days_left} ngày làm việc")
    return f"{d.title}: {tail} — {d.rule}"


def _document_lines(cand: CandidateCheck) -> list[str]:
    """``Hồ sơ đề nghị kết nạp đảng viên: có 11/13 tài liệu cần đến nay; thiếu 1-KNĐ, 2-KNĐ``."""
    lines = []
    for name in dict.fromkeys(d.stage for d in cand.documents):
        due = [d for d in cand.documents if d.stage == name and d.needed == "da_den"]
        if not due:
            continue
        present = [d for d in due if d.state in ("co", "het_han", "khong_khop")]
        text = f"  {STAGE_TITLES.get(name, name)}: có {len(present)}/{len(due)} tài liệu cần đến nay"
        missing = [d.code for d in due if d not in present]
        if missing:
            text += "; thiếu " + ", ".join(missing)
        lines.append(text + ".")
    return lines


def report_text(report: CheckReport) -> str:
    """Vietnamese report grouped by candidate."""
    windows = {c.window for c in report.candidates if c.stage is not None}
    if report.window_days is not None or len(windows) == 1:
        days = report.window_days if report.window_days is not None else windows.pop()
        window = f"báo trước các thời hạn trong {days} ngày làm việc tới"
    else:
        window = "báo trước các thời hạn theo bộ quy tắc của từng tổ chức"
    lines = [f"Kiểm tra hồ sơ tính đến ngày {vietnamese.ngay_ngan(report.as_of)} ({window}).", ""]
    for cand in report.candidates:
        title = cand.name or cand.file
        lines.append(f"■ {title} — {cand.file}  [{_counts(cand.findings)}]")
        if cand.stage is not None:
            where = cand.stage.label + (f"; bước gần nhất: {cand.last_step}" if cand.last_step else "")
            lines.append(f"  Giai đoạn: {where}.")
            lines.append(f"  Bước tiếp theo: {cand.next_step}." if cand.next_step else
                         "  Hồ sơ đã kết thúc: không còn bước nào phải làm." if cand.ended else "  Đã xong các bước.")
        lines += _document_lines(cand)
        for finding in _sorted(cand.findings):
            lines.append(f"  {format_text(finding)}")
        open_deadlines = [d for d in cand.deadlines if d.done is None and d.state != "da_qua_moc"]
        if open_deadlines:
            lines.append("  Thời hạn đang chạy:")
            lines += [f"    - {_deadline_line(d)}" for d in open_deadlines]
        lines.append("")
    if report.other:
        lines.append("■ Các tệp khác")
        lines += [f"  {format_text(f)}" for f in _sorted(report.other)]
        lines.append("")
    lines.append(f"Đã kiểm tra {len(report.candidates)} hồ sơ ({report.files_checked} tệp): {_counts(report.findings)}.")
    ended = _ended_by_reason(report)
    if ended:
        labels = case_end.reasons()
        lines.append(f"Hồ sơ đã kết thúc: {sum(ended.values())} ("
                     + ", ".join(f"{labels[code].label.lower()}: {n}" for code, n in ended.items()) + ").")
    if any(f.source for f in report.findings):
        lines.append(CERTAINTY_NOTE)
    return "\n".join(lines)


def _ended_by_reason(report: CheckReport) -> dict[str, int]:
    """How many ended cases per reason code (ly-do-ket-thuc.yaml order)."""
    codes = [c.ended["ly_do"] for c in report.candidates if c.ended]
    return {code: codes.count(code) for code in case_end.reasons() if code in codes}


def report_json(report: CheckReport) -> str:
    """``dossier check --format json`` (the format is dossier.outputs')."""
    from dossier import outputs

    windows = {c.window for c in report.candidates if c.stage is not None}
    window = report.window_days if report.window_days is not None else (windows.pop() if len(windows) == 1 else None)
    return outputs.dumps(outputs.check(report, window, _ended_by_reason(report)))
