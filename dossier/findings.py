"""Findings: problems found in the user's data, with where they are.

A finding is never an exception: validation and checking collect every finding
and present them together. Two reporters present a list of findings: plain
Vietnamese text (one line per finding, ``file:line:column``) and JSON (the
convention of every machine output: :mod:`dossier.outputs`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"
INFO = "info"

SEVERITY_LABELS = {ERROR: "lỗi", WARNING: "cảnh báo", INFO: "lưu ý"}
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Location:
    """Where a finding points: a file, optionally a 1-based line and column, and
    the field path inside the document (e.g. ``gia_dinh[2].nam_sinh``)."""

    path: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Finding:
    """One problem. ``code`` is stable (e.g. ``yaml.duplicate_key``) and meant for
    machines; ``message`` is Vietnamese and meant for people."""

    severity: str
    code: str
    message: str
    location: Location | None = None
    source: str | None = None  # the regulation a rule comes from, where there is one
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict:
        data = asdict(self)
        if not self.extra:
            data.pop("extra")
        return data


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def sort_key(finding: Finding):
    loc = finding.location
    return (
        loc.path if loc else "",
        (loc.line or 0) if loc else 0,
        (loc.column or 0) if loc else 0,
        _SEVERITY_ORDER.get(finding.severity, 9),
        finding.code,
    )


def format_text(finding: Finding) -> str:
    """``samples/x.yaml:12:3: lỗi [schema.type] ngay_sinh: ...``"""
    parts = []
    if finding.location:
        parts.append(f"{finding.location}:")
    parts.append(f"{SEVERITY_LABELS.get(finding.severity, finding.severity)} [{finding.code}]")
    if finding.location and finding.location.field:
        parts.append(f"{finding.location.field}:")
    parts.append(finding.message)
    text = " ".join(parts)
    if finding.source:
        text += f" (căn cứ: {finding.source})"
    return text


def report_text(findings: list[Finding], files_checked: int | None = None) -> str:
    lines = [format_text(f) for f in sorted(findings, key=sort_key)]
    errors = sum(f.is_error for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    summary = f"{errors} lỗi, {warnings} cảnh báo"
    if files_checked is not None:
        summary = f"Đã kiểm tra {files_checked} tệp: " + summary
    lines.append(summary)
    return "\n".join(lines)
