"""The office board's model (issue #20): one row per candidate, drawn from the
same results the terminal, ``dossier check --format json`` and ``summary.json``
show — the checker's :class:`dossier.check.CandidateCheck` (stage, steps,
deadlines, findings, catalog documents) and, once the dossier is built, its
:class:`dossier.build.BuildResult` (status, PDFs) — with their codes and labels
(:mod:`dossier.batch_outcome`, :mod:`dossier.outputs`).

The static ``OUT/bang-theo-doi.html`` and the pages of ``dossier serve`` are
drawn from it by :mod:`dossier.board_pages`. Links are kept as ``{"area",
"path"}``: ``out`` (a file below the output folder) or ``scan`` (a file below
the workspace), each with a POSIX path relative to that folder; the page
decides how to reach them (a relative link, or the server's route).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from dossier import __version__, batch_outcome, catalog, outputs, stage, vietnamese
from dossier import plan as planning
from dossier import verification
from dossier.findings import ERROR, SEVERITY_LABELS, WARNING
from dossier.rules.deadlines import STATE_LABELS as DEADLINE_LABELS
from dossier.rules.documents import STATE_LABELS as DOCUMENT_LABELS
from dossier.vn_names import khoa_sap_xep

NO_CLASS = "Không theo lớp"
OPEN_STATES = ("qua_han", "sap_den_han", "con_han")  # a deadline still running (or overdue)
PRESENT_STATES = ("co", "het_han", "khong_khop")  # a document the dossier holds (maybe with a problem)
# the colour of a row: an error or an overdue deadline (red), a deadline within the window (amber)
LEVEL_LABELS = {"loi": "có lỗi", "qua_han": "quá hạn", "sap_han": "sắp đến hạn", "": "", "ket_thuc": "đã kết thúc"}
LATER = 10 ** 6  # working days left of a row with no running deadline, for sorting


@dataclass
class Board:
    as_of: dt.date
    rows: list[dict]
    deadlines: list[dict]  # every running deadline of the rows not ended, soonest first
    rulesets: list[str]
    window: int = 10  # working days: deadlines due within it are "sắp đến hạn" (the rulesets' canh_bao_truoc…)
    toolkit: str = __version__
    other_findings: list[dict] = field(default_factory=list)

    @property
    def filters(self) -> dict:
        """The values each filter of the page offers."""
        def values(key):
            return sorted({r[key] for r in self.rows if r[key]}, key=khoa_sap_xep)
        stages = {r["stage"]["code"]: r["stage"]["label"] for r in self.rows if r["stage"]}
        return {"chi_bo": values("chi_bo"), "lop": values("lop"),
                "stage": [{"code": s.code, "label": s.label} for s in stage.STAGES if s.code in stages]
                + ([{"code": stage.ENDED, "label": "Đã kết thúc"}] if stage.ENDED in stages else [])}

    def row(self, key: str) -> dict | None:
        return next((r for r in self.rows if r["key"] == key), None)


def key_of(file: str) -> str:
    """The stable key of a candidate in the pages' addresses: its file, as a slug."""
    return vietnamese.slug(str(Path(file).with_suffix("")).replace(os.sep, "-").replace("/", "-"))


def _day(day: dt.date | None) -> str:
    return vietnamese.ngay_ngan(day) if day else ""


def _finding(f) -> dict:
    where = f.location
    return {"severity": outputs.labelled(f.severity, SEVERITY_LABELS), "code": f.code, "message": f.message,
            "field": (where.field or "") if where else "", "where": str(where) if where else "",
            "source": f.source or ""}


def _deadline(d) -> dict:
    days = d.working_days_left
    level = "qua_han" if d.state == "qua_han" else "sap_han" if d.state == "sap_den_han" else ""
    return {"code": d.code, "title": d.title, "start": _day(d.start), "due": _day(d.due), "due_iso": d.due.isoformat(),
            "done": _day(d.done), "state": outputs.labelled(d.state, DEADLINE_LABELS), "days_left": days,
            "level": level, "running": d.done is None and d.state in OPEN_STATES, "rule": d.rule,
            "source": d.source}


def _relative(path: Path | str, folder: Path | None) -> str | None:
    """``path`` relative to ``folder`` (POSIX), or None when it is not below it."""
    if folder is None:
        return None
    path, folder = os.path.abspath(path), os.path.abspath(folder)  # normalised: a prefix test is exact
    if path == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else None


def _link(label: str, path, out: Path | None, workspace: Path | None) -> dict | None:
    inside = _relative(path, out)
    if inside is not None:
        return {"label": label, "area": "out", "path": inside}
    inside = _relative(path, workspace)
    return {"label": label, "area": "scan", "path": inside} if inside is not None else None


def status(check, result=None) -> dict:
    """The status of a dossier as ``summary.json`` has it: the build's when the
    dossier was built (:func:`dossier.batch_outcome.status`), else the same rule
    on the checker's findings and documents."""
    if result is not None:
        code = batch_outcome.status(result)
        # checked since it was built; a dossier not built or built incomplete stays so (as in summary.json)
        if code not in (batch_outcome.STATUS_FAILED, batch_outcome.STATUS_INCOMPLETE) and check.has_errors:
            code = batch_outcome.STATUS_REVIEW
        text = batch_outcome.status_text(result) if code == batch_outcome.status(result) else None
        return {"code": code, "label": batch_outcome.STATUS_LABELS[code], "text": text or batch_outcome.STATUS_LABELS[code]}
    if check.has_errors or check.stage is None:
        code = batch_outcome.STATUS_REVIEW
    elif check.ended:
        code = batch_outcome.STATUS_ENDED
    elif any(d.state not in PRESENT_STATES for d in check.documents):
        code = batch_outcome.STATUS_MISSING
    else:
        code = batch_outcome.STATUS_OK
    label = batch_outcome.STATUS_LABELS[code]
    return {"code": code, "label": label, "text": label}


def row(check, result=None, plan: planning.DossierPlan | None = None, folder: Path | None = None,
        out: Path | None = None, workspace: Path | None = None) -> dict:
    """The board's row of one candidate (with what the candidate page shows).
    ``plan`` and ``folder`` (the candidate's output folder) give each document's
    kind and files; ``out`` and ``workspace`` make the links."""
    deadlines = [_deadline(d) for d in check.deadlines]
    running = [] if check.ended else sorted((d for d in deadlines if d["running"]), key=lambda d: d["due_iso"])
    findings = [_finding(f) for f in sorted(check.findings, key=outputs._severity_first)]
    errors = sum(f.is_error for f in check.findings)
    warnings = sum(f.severity == WARNING for f in check.findings)
    documents = _documents(check, plan, folder, out, workspace)
    missing_now = [d for d in documents if d["needed"]["code"] == planning.DUE and not d["present"]]
    missing = [d for d in documents if not d["present"]]
    next_deadline = running[0] if running else None
    if check.ended:
        level = "ket_thuc"
    elif errors or any(d["level"] == "qua_han" for d in running):
        level = "loi" if errors else "qua_han"
    elif any(d["level"] == "sap_han" for d in running):
        level = "sap_han"
    else:
        level = ""
    needs_action = not check.ended and bool(errors or level or missing_now or result is not None and not result.ok)
    rank = {"loi": 0, "qua_han": 0, "sap_han": 1, "": 2, "ket_thuc": 3}[level]  # then the nearest deadline
    days = min((d["days_left"] for d in running if d["days_left"] is not None), default=LATER)
    top = next((f for f in findings if f["severity"]["code"] in (ERROR, WARNING)), None)
    c = check.candidate
    return {
        "key": key_of(check.file), "file": check.file, "ho_ten": check.name or check.file,
        "chi_bo": check.chi_bo, "lop": check.class_name or NO_CLASS, "ruleset": check.ruleset,
        "stage": {"code": check.stage.code, "label": check.stage.label} if check.stage else None,
        "last_step": check.last_step, "next_step": check.next_step,
        "ended": outputs.ended(check.ended), "status": status(check, result),
        "level": level, "level_label": LEVEL_LABELS[level], "needs_action": needs_action,
        "urgency": rank * LATER * 10 + days + LATER, "days_left": None if days == LATER else days,
        "next_deadline": next_deadline, "deadlines": deadlines,
        "errors": errors, "warnings": warnings, "infos": len(check.findings) - errors - warnings,
        "top_finding": top, "findings": findings,
        "missing_now": missing_now, "missing": missing, "documents": documents,
        "bundles": [link for b in (result.bundles if result is not None else [])
                    if (link := _link(catalog.STAGE_TITLES[b.stage], b.path, out, workspace))],
        "timeline": _timeline(c, check) if c is not None else [],
        "verification": _verification(c) if c is not None else [],
        "window": check.window, "building": False, "built": 0,  # dossier serve: builds done for it
    }


def _documents(check, plan, folder, out, workspace) -> list[dict]:
    """Every catalog document with its state: from the plan when there is one
    (generated, signed scan, guide copy, draft, class document, missing and
    why), else from the checker."""
    states = {d.code: d for d in check.documents}
    if plan is None:
        return [{"code": d.code, "title": d.title, "stage": catalog.STAGE_TITLES.get(d.stage, d.stage),
                 "needed": outputs.labelled(d.needed, outputs.NEEDED_LABELS),
                 "kind": outputs.labelled(d.how or "missing", {**outputs.HOW_LABELS, "missing": "chưa có"}),
                 "state": outputs.labelled(d.state, DOCUMENT_LABELS), "present": d.state in PRESENT_STATES,
                 "reason": d.reason or "", "links": []} for d in check.documents]
    rows = []
    for d in plan.documents:
        links = []
        if d.how == planning.SCAN:
            links = [_link(Path(a.path).name, a.path, out, workspace) for a in d.scans]
        elif d.rendered and folder is not None:
            from dossier.build import DOCUMENTS_DIR, output_stem

            for form in d.forms:
                pdf = folder / DOCUMENTS_DIR / f"{output_stem(form.stem, d.in_bundle, d.draft)}.pdf"
                if pdf.is_file():
                    links.append(_link(pdf.name, pdf, out, workspace))
        checked = states.get(d.code)
        rows.append({"code": d.code, "title": d.title, "stage": catalog.STAGE_TITLES.get(d.stage, d.stage),
                     "needed": outputs.labelled(d.needed, outputs.NEEDED_LABELS),
                     "kind": outputs.labelled(d.how, planning.HOW_LABELS),
                     "state": outputs.labelled(checked.state, DOCUMENT_LABELS) if checked else None,
                     "present": d.present, "reason": d.reason or "", "links": [x for x in links if x]})
    return rows


def _timeline(c, check) -> list[dict]:
    """The steps that apply to the candidate, each with its date (none yet: to come)."""
    steps = []
    for step in stage.STEPS:
        if not stage.applies(c, step):
            continue
        when = stage.date(c, step.point)
        steps.append({"label": step.label, "date": _day(when), "done": when is not None,
                      "document": step.document or "", "next": not when and step.action == check.next_step})
    return steps


def _verification(c) -> list[dict]:
    """The committees asked to verify relatives, the relatives, and the letter sent to each."""
    try:
        found = verification.plan(c)
    except (KeyError, TypeError, ValueError):
        return []
    rows = []
    for d in found.all:
        record = d.record or {}
        rows.append({"noi": d.name, "own": d is found.own, "abroad": d.abroad,
                     "relatives": [f"{r.get('quan_he', '')}: {r.get('ho_ten', '')}".strip(": ") for _, r in d.relatives],
                     "so": str(record.get("so") or ""), "sent": _day(d.sent), "replied": _day(d.replied),
                     "result": d.result})
    return rows


def board(rows: list[dict], as_of: dt.date, other_findings=()) -> Board:
    """The board of ``rows``, most urgent first."""
    rows = sorted(rows, key=lambda r: (r["urgency"], khoa_sap_xep(r["ho_ten"])))
    deadlines = sorted(({**d, "key": r["key"], "ho_ten": r["ho_ten"], "chi_bo": r["chi_bo"], "lop": r["lop"]}
                        for r in rows if not r["ended"] for d in r["deadlines"] if d["running"]),
                       key=lambda d: (d["due_iso"], khoa_sap_xep(d["ho_ten"])))
    rulesets = sorted({r["ruleset"] for r in rows if r["ruleset"]})
    windows = [r["window"] for r in rows if r["window"]]
    return Board(as_of, rows, deadlines, rulesets, max(set(windows), key=windows.count) if windows else 10,
                 other_findings=[_finding(f) for f in other_findings])
