"""Machine outputs: one convention for every JSON document the toolkit prints
or writes (``validate --format json``, ``check --format json``, ``summary.json``).

The results are objects of the library (findings, a check report, a class
outcome); this module only formats them, as the terminal table and the class
report do. The convention, documented in the README ("Machine outputs"):

* ``version``: the output's version (:data:`VERSION`), raised when a key
  changes meaning or goes away; each output has a published JSON Schema in
  ``schemas/output/`` (:data:`SCHEMAS`);
* structural keys are English (``candidates``, ``findings``, ``status``);
  figures and fields the user writes or knows keep the Vietnamese names of the
  YAML (``ho_ten``, ``ngay``, ``ly_do``);
* every enumerated value is an object ``{"code": …, "label": …}``: the stable
  code for programs, its Vietnamese label for people.
"""

from __future__ import annotations

import json

from dossier import case_end, catalog
from dossier.findings import SEVERITY_LABELS, WARNING, INFO, Finding, sort_key

VERSION = 1
SCHEMAS = {"validate": "validate.schema.json", "check": "check.schema.json", "summary": "summary.schema.json",
           "report": "report.schema.json",
           "verify": "verify.schema.json"}  # report: dossier report --format json (dossier/report_combine.py)

NEEDED_LABELS = {"da_den": "cần đến nay", "buoc_tiep_theo": "cần cho bước tiếp theo", "chua_den": "chưa cần"}
HOW_LABELS = {"tao_tu_du_lieu": "dựng từ dữ liệu", "ban_scan": "bản scan", "lop": "văn bản của lớp"}


def labelled(code: str | None, labels: dict) -> dict | None:
    """``{"code": code, "label": its label}``; None for no value."""
    if code is None:
        return None
    label = labels.get(code, code)
    return {"code": code, "label": label if isinstance(label, str) else getattr(label, "label", code)}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


# ---------------------------------------------------------------- findings


def finding(f: Finding) -> dict:
    data = f.to_dict()
    data["severity"] = labelled(f.severity, SEVERITY_LABELS)
    return data


def findings(items) -> list[dict]:
    return [finding(f) for f in sorted(items, key=_severity_first)]


def _severity_first(f: Finding):
    return ({"error": 0, WARNING: 1, INFO: 2}.get(f.severity, 9), sort_key(f))


def counts(items) -> dict:
    items = list(items)
    return {"errors": sum(f.is_error for f in items), "warnings": sum(f.severity == WARNING for f in items),
            "infos": sum(f.severity == INFO for f in items)}


def validate(items: list[Finding], files_checked: int | None) -> dict:
    """``dossier validate --format json``."""
    return {"version": VERSION, "files_checked": files_checked, **counts(items),
            "findings": [finding(f) for f in sorted(items, key=sort_key)]}


# ---------------------------------------------------------------- check


def ended(end: dict | None) -> dict | None:
    """An ended case (``CaseEnd.to_dict()``) with its reason as code and label."""
    if not end:
        return None
    data = {key: value for key, value in end.items() if key != "ten_ly_do"}
    data["ly_do"] = {"code": end["ly_do"], "label": end["ten_ly_do"]}
    return data


def _deadline(d) -> dict:
    from dossier.rules.deadlines import STATE_LABELS

    data = d.to_dict()
    data["state"] = labelled(d.state, STATE_LABELS)
    return data


def _document(d) -> dict:
    from dossier.rules.documents import STATE_LABELS

    data = d.to_dict()
    data.update(stage=labelled(d.stage, catalog.STAGE_TITLES), needed=labelled(d.needed, NEEDED_LABELS),
                state=labelled(d.state, STATE_LABELS), how=labelled(d.how, HOW_LABELS))
    return data


def candidate_check(c) -> dict:
    """One :class:`dossier.check.CandidateCheck`."""
    return {
        "file": c.file,
        "ho_ten": c.name,
        "ruleset": c.ruleset,
        "stage": {"code": c.stage.code, "label": c.stage.label} if c.stage else None,
        "last_step": c.last_step,
        "next_step": c.next_step,
        "ended": ended(c.ended),
        "window_working_days": c.window,
        **counts(c.findings),
        "findings": findings(c.findings),
        "deadlines": [_deadline(d) for d in c.deadlines],
        "documents": [_document(d) for d in c.documents],
    }


def check(report, window: int | None, by_reason: dict[str, int]) -> dict:
    """``dossier check --format json`` of a :class:`dossier.check.CheckReport`."""
    reasons = case_end.reasons()
    return {
        "version": VERSION,
        "as_of": report.as_of.isoformat(),
        "window_working_days": window,
        "files_checked": report.files_checked,
        "candidates_checked": len(report.candidates),
        **counts(report.findings),
        "ended_by_reason": [{**labelled(code, reasons), "count": n} for code, n in by_reason.items()],
        "candidates": [candidate_check(c) for c in report.candidates],
        "other_findings": findings(report.other),
    }


# ---------------------------------------------------------------- summary.json


def summary(outcome, status_of, labels: dict) -> dict:
    """``summary.json`` of a class build (or of the people built outside classes):
    ``status_of(result)`` is each dossier's status code, ``labels`` their labels."""
    statuses = [status_of(r) for r in outcome.candidates]
    return {
        "version": VERSION,
        "class": {"ten": outcome.name, "file": outcome.source} if outcome.is_class else None,
        "folder": str(outcome.folder),
        "counts": {"candidates": len(outcome.candidates),
                   **{code: statuses.count(code) for code in labels},
                   "class_documents": len(outcome.class_documents), "skipped": len(outcome.skipped)},
        "class_documents": [str(p) for p in outcome.class_documents],
        "class_findings": [finding(f) for f in outcome.findings],
        "candidates": [
            {
                "ho_ten": r.name,
                "file": r.source,
                "status": labelled(code, labels),
                "ended": ended(r.ended),
                "rendered": r.rendered,
                "converted": r.converted,
                "bundles": [{"stage": labelled(b.stage, catalog.STAGE_TITLES), "file": str(b.path),
                             "pages": b.pages, "documents": len(b.documents),
                             "incomplete": any(f.stage == b.stage for f in r.failed)} for b in r.bundles],
                "guides": [str(p) for p in r.guides],
                "drafts": [str(p) for p in r.drafts],
                "missing": [{"stage": labelled(s, catalog.STAGE_TITLES), "ma": c, "reason": why}
                            for s, c, why in r.missing],
                "failed_documents": [{"stage": labelled(f.stage, catalog.STAGE_TITLES), "ma": f.code,
                                      "reason": f.why} for f in r.failed],
                "findings": [finding(f) for f in r.findings],
                "checks": [finding(f) for f in r.checks],
            }
            for r, code in zip(outcome.candidates, statuses)
        ],
        "skipped": [finding(f) for f in outcome.skipped],
    }


# ---------------------------------------------------------------- verify


def verification(report, labels: dict) -> dict:
    """``dossier verify --format json`` of a :class:`dossier.verify.Verification`;
    ``labels``: the problem kinds' labels."""
    return {
        "version": VERSION,
        "folder": str(report.out),
        "ok": report.ok,
        "files_checked": report.files_checked,
        "counts": {kind: sum(p.kind == kind for p in report.problems) for kind in labels},
        "problems": [{"kind": labelled(p.kind, labels), "file": str(p.path), "reason": p.why}
                     for p in report.problems],
        "kept": [str(p) for p in report.kept],
        "findings": findings(report.findings),
    }
